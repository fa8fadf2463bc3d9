// Odd input never crashes or hangs the checker: it returns findings (sorted, one plain bounded line
// each, at real positions) for anything, however large, deep, binary or self-referencing.
import { describe, expect, it } from '@jest/globals';
import { checkBlueprint } from '../../../src/checker/checker.js';
import type { Finding } from '../../../src/checker/finding.js';

const KIB = 1024;

/** The same pseudo-random bytes at every run: a test that fails can be run again. */
function bytes(count: number, seed = 23): Buffer {
  const out = Buffer.alloc(count);
  for (let i = 0, state = seed; i < count; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

/** What is wrong with `findings` for `text`: out of order, off the file, or not one plain bounded line. */
function problems(findings: Finding[], text: string): string[] {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  return findings.flatMap((finding, index) => {
    const previous = findings[index - 1];
    const wrong = [
      // eslint-disable-next-line no-control-regex -- control characters are what is looked for
      /[\x00-\x1f\x7f-\x9f\u2028\u2029]/.test(finding.message) && 'a control character',
      finding.message.length >= 500 && 'a long message',
      (finding.line < 1 || finding.line > lineCount || finding.column < 1) && 'off the file',
      previous &&
        (previous.line > finding.line || (previous.line === finding.line && previous.column > finding.column)) &&
        'out of order'
    ].filter(Boolean);
    return wrong.length ? [`${finding.line}:${finding.column} ${finding.rule}: ${wrong.join(', ')}`] : [];
  });
}

const laughs = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghij'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(',')}]`),
  'initialize: *j',
  'knowledge: *j',
  'maintenance:',
  '  - uses: github.com/a/b@v1',
  '    with: *j'
].join('\n');

const wideMap = Array.from({ length: 4000 }, (_, i) => `    k${i}: ${i}.10`).join('\n');
const fanOut = `x: &inputs\n${wideMap}\ny: &step {uses: github.com/a/b@v1, with: *inputs}\ninitialize: [${Array(8000).fill('*step').join(', ')}]\n`;

describe('odd input', () => {
  it.each([
    ['an empty file', ''],
    ['a file that is one scalar', '42'],
    ['a file of only line breaks', '\r\n\n\r'],
    ['256 KiB of steps', ('initialize:\n' + '  - name: step\n    run: echo hello\n'.repeat(20000)).slice(0, 256 * KIB)],
    ['256 KiB of random bytes', bytes(256 * KIB).toString('latin1')],
    ['random bytes read as UTF-8 (replacement characters)', new TextDecoder().decode(bytes(64 * KIB, 7))],
    ['NUL bytes', 'initialize: |\n  echo a\u0000b\n\u0000\u0000: x\n'],
    ['10,000 [', '['.repeat(10000)],
    ['10,000 [ closed', `initialize: ${'['.repeat(10000)}${']'.repeat(10000)}`],
    ['10,000 { a:', '{a: '.repeat(10000)],
    [
      'a block map nested 500 deep',
      'a:\n' + Array.from({ length: 500 }, (_, i) => `${' '.repeat(i + 1)}b:`).join('\n')
    ],
    ['a billion laughs', laughs],
    ['8,000 aliases to one step with 4,000 inputs', fanOut],
    ['an alias to its own anchor', 'initialize: &x [*x, {run: a, with: &y {b: *y}}]\n'],
    ['an alias to nothing', 'initialize: *nothing\n'],
    ['18,000 repeated unknown keys (252 KiB)', 'initialise: 1\n'.repeat(18000)],
    ['one line of 256 KiB', `initialize: ${'x'.repeat(256 * KIB)}`],
    ['a key of 256 KiB', `${'k'.repeat(256 * KIB)}: 1`],
    [
      'terminal escapes in keys and values',
      'initialize:\n  - uses: "\u001b]8;;http://x\u0007link\u001b[31m"\n"\u001b[2J": 1\n'
    ],
    ['CR line ends', 'initialize: |\r  npm ci\rmaintenance: 3\r'],
    ['a byte order mark', '\ufeffinitialize: npm ci\n']
  ])('%s', (_, text) => {
    const result = checkBlueprint({ text, path: '.devin/blueprint.yaml', tier: 'repo' });
    expect(Array.isArray(result.findings)).toBe(true);
    expect(problems(result.findings, text)).toEqual([]);
  });

  it('reads an alias to a step once however often it is used', () => {
    const result = checkBlueprint({ text: fanOut, path: '.devin/blueprint.yaml', tier: 'repo' });
    expect(result.actions).toHaveLength(1);
    expect(result.findings.filter(finding => finding.rule === 'value-changed')).toHaveLength(4000);
  });

  it('never expands a billion laughs: the aliased lists are checked where they stand', () => {
    const rules = checkBlueprint({ text: laughs, path: '.devin/blueprint.yaml', tier: 'repo' }).findings.map(
      finding => finding.rule
    );
    expect(rules.length).toBeLessThan(100);
    expect(rules).toContain('knowledge-item');
  });
});
