// Where YAML 1.2 (the parser here) and PyYAML read a file differently. Every expectation below was
// read with PyYAML 6.0.3 (SafeLoader and CSafeLoader, what yaml.safe_load uses): CI has no PyYAML.
import { describe, expect, it } from '@jest/globals';
import { found, lines, messages } from './check.js';

describe('a file PyYAML reads and YAML 1.2 refuses: a yaml-warning, never an error', () => {
  it.each([
    ['a comment right after a closing quote', lines('initialize: "npm ci"# install'), 1, 21],
    ['a comment right after a closing bracket', lines('initialize: [npm ci]# install'), 1, 21],
    [
      'a quoted command continued at its key’s indentation',
      lines('initialize:', '  - run: "npm ci &&', '    npm test"'),
      2,
      10
    ],
    ['a quoted command continued at column 1', lines("initialize: 'npm ci &&", "npm test'"), 1, 13],
    ['an escaped line break in a quoted command', lines('initialize:', '  - run: "npm \\', '  ci"'), 2, 10],
    [
      'a list continued at its key’s indentation',
      lines('initialize:', '  - run: x', '    env: {A: "1",', '    B: "2"}'),
      3,
      10
    ],
    ['a list with a comment, continued', lines('initialize: [npm ci, # one', 'npm test]'), 1, 13]
  ])('%s', (_, text, line, column) => {
    expect(found(text)).toEqual([{ rule: 'yaml-warning', severity: 'warning', line, column }]);
    expect(messages(text)[0].message).toMatch(/YAML 1\.2 readers refuse the file, PyYAML reads/);
  });

  it('checks the blueprint as PyYAML reads it: findings after the rewritten lines keep their place', () => {
    const text = lines(
      'initialize:',
      '  - run: "npm ci &&',
      '    npm test"',
      '    uses: github.com/actions/setup-node@v4'
    );
    expect(found(text)).toEqual([
      { rule: 'step-action', severity: 'error', line: 2, column: 5 },
      { rule: 'yaml-warning', severity: 'warning', line: 2, column: 10 }
    ]);
  });

  it.each([
    ['a # right after a block string header (SafeLoader refuses it)', lines('initialize: |#c', '  npm ci')],
    ['a document marker inside a continued quote', lines('initialize: "npm ci', '---', 'npm test"')],
    ['a quoted key continued on the next line', lines('"initialize', '  x": npm ci')],
    ['a value below its key at column 1', lines('initialize:', 'npm ci')]
  ])('keeps yaml-syntax where PyYAML refuses the file too: %s', (_, text) => {
    expect(found(text).map(finding => finding.rule)).toContain('yaml-syntax');
  });

  it.each([
    ['[ ] or { } values', (i: number) => ['  - run: make', `    env: {A: "${i}",`, '    B: "2"}'], 1],
    ['quoted values', (i: number) => [`  - run: "npm ci &&`, `    npm test ${i}"`, '    name: test'], 0],
    ['comments after quotes', (i: number) => [`  - run: "echo ${i}"#c`, '    name: a', '    env: {}'], 0]
  ])(
    'reads 25 such %s, more than its rounds of rewrites, with one warning each (PyYAML reads all 25)',
    (_, step, lineInStep) => {
      const text = lines('initialize:', ...Array.from({ length: 25 }, (__, i) => step(i)).flat());
      expect(found(text)).toEqual(
        Array.from({ length: 25 }, (__, i) => ({
          rule: 'yaml-warning',
          severity: 'warning',
          line: 2 + 3 * i + lineInStep,
          column: expect.any(Number)
        }))
      );
    }
  );

  it('reads a lone CR as a line break, as YAML 1.2 and PyYAML both do', () => {
    expect(found('initialize: |\r  npm ci\rmaintenance: npm test\r')).toEqual([]);
  });
});

describe('characters PyYAML reads otherwise: yaml-warning', () => {
  it.each([
    ['a control character (PyYAML refuses the file)', 'initialize: echo  \x1b[1m\n', /U\+001B.*refuses the whole file/],
    ['DEL', 'initialize: echo a\x7f\n', /U\+007F/],
    ['a line separator (a line break to PyYAML)', 'initialize: echo a\u2028b\n', /U\+2028.*as a line break/],
    ['NEL', 'initialize: echo a\u0085b\n', /U\+0085/]
  ])('is a warning at %s', (_, text, words) => {
    expect(found(text)).toEqual([{ rule: 'yaml-warning', severity: 'warning', line: 1, column: 19 }]);
    expect(messages(text)[0].message).toMatch(words);
  });

  it('reads a file that a separator breaks for YAML 1.2 with the separator as a line break', () => {
    expect(found('initialize: npm ci\u2028maintenance: npm test\n')).toEqual([
      { rule: 'yaml-warning', severity: 'warning', line: 1, column: 19 }
    ]);
  });

  it('leaves tabs, emoji and non-breaking spaces alone', () => {
    expect(found(lines('initialize: |', '  echo "\t😀\u00a0ok"'))).toEqual([]);
  });
});

describe('anchors and aliases', () => {
  it('is a yaml-syntax error for an alias that names no anchor: both readers refuse the file', () => {
    const text = lines('maintenance: *install');
    expect(found(text)).toEqual([{ rule: 'yaml-syntax', severity: 'error', line: 1, column: 14 }]);
    expect(messages(text)[0].message).toContain('`*install` names no anchor');
  });

  it('is a yaml-warning for an anchor set twice in a document (PyYAML refuses), not across documents', () => {
    const text = lines('initialize: &cmd npm ci', 'maintenance: &cmd npm test', '---', 'initialize: &cmd npm ci');
    expect(found(text)).toEqual([{ rule: 'yaml-warning', severity: 'warning', line: 2, column: 14 }]);
  });

  it('is a yaml-warning for an anchor name PyYAML refuses', () => {
    const text = lines('initialize: &npm.ci npm ci', 'maintenance: *npm.ci');
    expect(found(text)).toEqual([{ rule: 'yaml-warning', severity: 'warning', line: 1, column: 13 }]);
    expect(found(lines('initialize: &npm-ci_2 npm ci', 'maintenance: *npm-ci_2'))).toEqual([]);
  });
});

describe('a command or clone text that is a number to YAML 1.2 only: text-unquoted, not an error', () => {
  it.each([
    ['a section', lines('initialize: 1e3'), 1, 13],
    ['a list item', lines('initialize:', '  - 0o17'), 2, 5],
    ['a run', lines('initialize:', '  - run: 1e3'), 2, 10],
    ['clone.path', lines('clone:', '  path: 1e3'), 2, 9],
    ['clone.ref', lines('clone:', '  ref: 0o7'), 2, 8]
  ])('%s', (_, text, line, column) => {
    expect(found(text)).toEqual([{ rule: 'text-unquoted', severity: 'warning', line, column }]);
  });

  it('keeps the error for a number to both readers', () => {
    expect(found(lines('initialize:', '  - run: 42', '  - run: 1.5')).map(finding => finding.rule)).toEqual([
      'step-field-type',
      'step-field-type'
    ]);
    expect(found(lines('clone:', '  path: 1.5'))).toEqual([
      { rule: 'clone-field', severity: 'error', line: 2, column: 9 }
    ]);
  });
});
