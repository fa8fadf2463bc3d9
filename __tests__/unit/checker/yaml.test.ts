// yaml-syntax, duplicate-key, tab-indent, tab-spacing, yaml-warning, document-type, file-name: the file as YAML.
import { describe, expect, it } from '@jest/globals';
import { found, lines, messages } from './check.js';

describe('yaml-syntax', () => {
  it('is at the parser position of an unquoted ": " in a command, with what to do', () => {
    const text = lines('maintenance:', '  - run: echo step: one');
    expect(found(text)).toEqual([{ rule: 'yaml-syntax', severity: 'error', line: 2, column: 10 }]);
    expect(messages(text)[0].message).toMatch(/quote the whole value, or write it as a block string/);
    expect(messages(text)[0].message).toContain('the YAML parser says: Nested mappings are not allowed');
  });

  it.each([
    ['an unclosed quote', lines('initialize: "npm ci', 'maintenance: x'), 3, 1, /missing/i],
    ['a value that starts with a reserved character', lines('initialize: `make`'), 1, 13, /quote the value/],
    ['a bad escape in double quotes', lines('initialize: "echo \\q"'), 1, 19, /backslash escape/],
    ['a list item under a key with no "- "', lines('initialize:', '  - run: x', '   name: y'), 3, 1, /missing/i]
  ])('is one finding for %s, where the parser stops', (_, text, line, column, words) => {
    expect(found(text)).toEqual([{ rule: 'yaml-syntax', severity: 'error', line, column }]);
    expect(messages(text)[0].message).toMatch(words);
  });

  it('reports only the first syntax error of a document, and each document apart', () => {
    const text = lines('a: b: c', 'd: e: f', '---', 'initialize: [x', '---', 'maintenance: ok');
    expect(found(text)).toEqual([
      { rule: 'yaml-syntax', severity: 'error', line: 1, column: 4 },
      { rule: 'yaml-syntax', severity: 'error', line: 5, column: 1 }
    ]);
  });

  it('stops the blueprint rules for that document: no finding about what the parser could not read', () => {
    expect(found(lines('initialise: x', 'maintenance: echo a: b')).map(finding => finding.rule)).toEqual([
      'yaml-syntax'
    ]);
  });
});

describe('duplicate-key', () => {
  it('is at the repeated key, naming the line of the first, at any depth', () => {
    const text = lines('initialize:', '  - run: a', '    name: one', '    name: two', 'knowledge: []', 'knowledge: []');
    expect(found(text).filter(finding => finding.rule === 'duplicate-key')).toEqual([
      { rule: 'duplicate-key', severity: 'warning', line: 4, column: 5 },
      { rule: 'duplicate-key', severity: 'warning', line: 6, column: 1 }
    ]);
    expect(messages(text).find(finding => finding.line === 4)?.message).toMatch(
      /^The key `name` is already in this map \(line 3\)/
    );
  });

  it('tells 1 from "1" and leaves merge keys alone', () => {
    const text = lines('base: &b {run: x}', 'initialize:', '  - env: {1: a, "1": b}', '    <<: *b', '    <<: *b');
    expect(found(text).filter(finding => finding.rule === 'duplicate-key')).toEqual([]);
  });
});

describe('tab-indent', () => {
  it('is at each line a tab indents, once a line', () => {
    const text = 'initialize:\n\t- run: a\nmaintenance:\n  -\trun: b\n';
    expect(found(text)).toEqual([
      { rule: 'tab-indent', severity: 'error', line: 2, column: 1 },
      { rule: 'tab-indent', severity: 'error', line: 4, column: 4 }
    ]);
  });

  it('leaves the other tabs to tab-spacing', () => {
    expect(
      found('initialize: |\n  make\n  \techo indented by make\nmaintenance: npm ci\t# tab before a comment\n')
    ).toEqual([{ rule: 'tab-spacing', severity: 'warning', line: 4, column: 20 }]);
  });
});

// Each case below was read with PyYAML 6.0.3's SafeLoader (what yaml.safe_load uses): it refuses
// every file of the first list and reads every file of the second.
describe('tab-spacing', () => {
  // Short files whose keys are no blueprint's: only the tab rules' findings are read.
  const tabs = (text: string) => found(text).filter(finding => finding.rule.startsWith('tab-'));

  it.each([
    ['a line holding only a tab', 'a: 1\n\t\nb: 2\n', 2, 1],
    ['a tab before a comment line', 'a: 1\n  \t# c\nb: 2\n', 2, 3],
    ['a tab after "-"', 'a:\n  -\tx\n', 2, 4],
    ['a tab after ":"', 'a:\tb\n', 1, 3],
    ['a tab inside an unquoted value', 'a: b\tc\n', 1, 5],
    ['a tab inside an unquoted key', 'a\tb: 1\n', 1, 2],
    ['a tab after a value, before a comment', 'a: b\t# c\n', 1, 5],
    ['a trailing tab', 'a: b\t\n', 1, 5],
    ['a tab in a flow list', 'a: [1,\t2]\n', 1, 7],
    ['a tab after a block scalar header', 'a: |\t# c\n  x\n', 1, 5],
    ['a tab after an empty block scalar', 'a: |\nb:\tx\n', 2, 3]
  ])('is a warning at %s', (_, text, line, column) => {
    expect(tabs(text)).toEqual([{ rule: 'tab-spacing', severity: 'warning', line, column }]);
  });

  it.each([
    ['in a block string', 'a: |\n  x\n  \ty\n  z\t\n'],
    ['in a folded string', 'a: >\n  x\ty\n'],
    ['in quotes', 'a: \'b\tc\'\nd: "e\tf"\n'],
    ['in a comment', 'a: b # c\td\n']
  ])('leaves a tab %s alone', (_, text) => {
    expect(tabs(text)).toEqual([]);
  });

  it('is once a line, and not where tab-indent is', () => {
    expect(tabs('a:\t1\t2\n\tb: 1\n')).toEqual([
      { rule: 'tab-spacing', severity: 'warning', line: 1, column: 3 },
      { rule: 'tab-indent', severity: 'error', line: 2, column: 1 }
    ]);
    expect(messages('initialize:\tmake\n')[0].message).toContain("PyYAML's safe_load");
  });
});

describe('yaml-warning', () => {
  it('is at an unknown tag', () => {
    expect(found(lines('initialize: |', '  npm ci', 'maintenance: !env MAINTENANCE'))).toEqual([
      { rule: 'yaml-warning', severity: 'warning', line: 3, column: 14 }
    ]);
  });
});

describe('document-type', () => {
  it.each([
    ['a list', lines('- npm ci')],
    ['text', lines('npm ci')],
    ['a number', lines('42')]
  ])('is an error for a document that is %s', (_, text) => {
    expect(found(text)).toEqual([{ rule: 'document-type', severity: 'error', line: 1, column: 1 }]);
  });

  it('says to write one document per platform for a list of per-platform blocks', () => {
    const text = lines('- runs-on: default', '  initialize: npm ci', '- runs-on: windows', '  initialize: npm ci');
    expect(found(text)).toEqual([{ rule: 'document-type', severity: 'error', line: 1, column: 1 }]);
    expect(messages(text)[0].message).toContain('separated by a line with ---');
  });

  it('checks each document of a multi-document file', () => {
    const text = lines(
      'runs-on: default',
      'initialize: npm ci',
      '---',
      'runs-on: windows',
      'initialize: npm ci',
      '---',
      '- x'
    );
    expect(found(text)).toEqual([{ rule: 'document-type', severity: 'error', line: 7, column: 1 }]);
  });
});

describe('a byte order mark', () => {
  it('is no column: a finding on line 1 is where the text shows it', () => {
    expect(found('\uFEFFinitialise: npm ci\n')).toEqual([
      { rule: 'unknown-key', severity: 'warning', line: 1, column: 1 }
    ]);
  });
});

describe('file-name', () => {
  it.each(['.devin/environment.yaml', 'repo/.devin/blueprint.yml', '.devin\\environment.yml'])(
    'is a notice for %s',
    path => {
      expect(found('initialize: npm ci\n', 'repo', path)).toEqual([
        { rule: 'file-name', severity: 'notice', line: 1, column: 1 }
      ]);
    }
  );

  it.each(['.devin/blueprint.yaml', 'blueprints/org.yaml', 'candidate.yaml'])('is nothing for %s', path => {
    expect(found('initialize: npm ci\n', 'repo', path)).toEqual([]);
  });
});
