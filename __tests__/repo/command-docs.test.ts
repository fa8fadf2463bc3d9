// The README's section on the command ("From a terminal or another CI") says what the code does:
// its table maps every input of every action to the flag and variable the declarations give, each
// command line in its examples is one the command accepts, and its exit codes are the command's.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS } from '../../harness/actions.js';
import { REPO_ROOT } from '../../harness/runner.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { parseCommandLine } from '../../src/cli/flags.js';
import { flagOf } from '../../src/cli/spelling.js';
import { REGISTRY } from '../../src/registry.js';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
/** The section's text, up to the next second-level heading. */
const SECTION = README.slice(
  README.indexOf('## From a terminal or another CI'),
  README.indexOf('\n## ', README.indexOf('## From a terminal or another CI') + 3)
);

/** The rows of the section's table whose header starts with `column`, as trimmed cells, the header first. */
function table(column: string): string[][] {
  const lines = SECTION.split('\n');
  const first = lines.findIndex(line => line.startsWith(`| ${column} `));
  const rows: string[][] = [];
  for (let i = first; lines[i]?.startsWith('|'); i++) {
    rows.push(
      lines[i]
        .slice(1, -1)
        .split('|')
        .map(cell => cell.trim())
    );
  }
  return rows;
}

/** Every `snapshot-build …` command line in the section's code blocks, as its words after the command's name. */
function commandLines(): string[][] {
  const blocks = [...SECTION.matchAll(/^```\w*\n([\s\S]*?)^```/gm)].map(match => match[1]);
  return blocks.flatMap(block =>
    block.split('\n').flatMap(line => {
      const at = /(?:^|\s)(?:snapshot-build|github:<owner>\/snapshot-build-action#v1)\s+(.*)$/.exec(line);
      if (!at) return [];
      // Up to a redirection, a pipe, a comment or the end of the line.
      return [
        at[1]
          .split(/\s+(?:>|\||#|&&).*$/)[0]
          .trim()
          .split(/\s+/)
      ];
    })
  );
}

describe('the README\'s section "From a terminal or another CI"', () => {
  it('maps every input of every action to its flag and variable', () => {
    const rows = table('Command');
    expect(rows[0]).toEqual(['Command', 'Action input', 'Flag', 'Variable']);
    expect(rows.slice(2)).toEqual(
      ACTIONS.flatMap(({ name }) =>
        Object.entries(REGISTRY[name].declaration.inputs).map(([input, declared]) => [
          `\`${name}\``,
          `\`${input}\``,
          declared.secret ? '(none: a secret is never a flag)' : `\`${flagOf(input)}\``,
          declared.variable ? `\`${declared.variable}\`` : ''
        ])
      )
    );
  });

  it('has only command lines the command accepts, for each of its subcommands', () => {
    const lines = commandLines();
    expect(new Set(lines.map(([name]) => name))).toEqual(new Set([...Object.keys(REGISTRY), '--version']));
    for (const [name, ...args] of lines) {
      if (name === '--version') continue;
      expect([name, Object.hasOwn(REGISTRY, name)]).toEqual([name, true]);
      if (args.includes('--help')) continue;
      expect(() => parseCommandLine(args, REGISTRY[name])).not.toThrow();
    }
  });

  it("lists the command's exit codes", () => {
    const documented = table('Exit code')
      .slice(2)
      .map(([code]) => Number(code));
    expect(documented).toEqual([EXIT.success, EXIT.notSucceeded, EXIT.usage, EXIT.error, EXIT.interrupted]);
  });
});
