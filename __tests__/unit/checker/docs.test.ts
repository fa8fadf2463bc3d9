// docs/blueprint-checks.md lists every rule with its severity, and its examples are what it says:
// the YAML ones pass the checker clean, the text one breaks the rule it is shown for.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { RULES } from '../../../src/checker/rules.js';
import { found } from './check.js';

const DOC = readFileSync(new URL('../../../docs/blueprint-checks.md', import.meta.url), 'utf8');

/** The code blocks of the doc fenced as `language`. */
const blocks = (language: string): string[] =>
  [...DOC.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map(match => match[1]);

describe('docs/blueprint-checks.md', () => {
  it('lists every rule once, with its severity, in the rules table', () => {
    const rows = DOC.slice(DOC.indexOf('## Rules'))
      .split('\n')
      .filter(line => /^\| `[a-z-]+` /.test(line))
      .map(line => line.split('|').map(cell => cell.trim()));
    expect(rows.map(([, rule, severity]) => [rule.replace(/`/g, ''), severity])).toEqual(
      Object.entries(RULES).map(([rule, { severity }]) => [rule, severity])
    );
  });

  it('shows YAML examples that have no finding', () => {
    expect(blocks('yaml').length).toBeGreaterThan(0);
    for (const block of blocks('yaml')) expect(found(block)).toEqual([]);
  });

  it('shows the syntax error example where it says', () => {
    expect(blocks('text').map(block => found(block))).toEqual([
      [{ rule: 'yaml-syntax', severity: 'error', line: 2, column: 10 }]
    ]);
  });
});
