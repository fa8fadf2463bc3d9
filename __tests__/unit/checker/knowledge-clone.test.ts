// knowledge-item, knowledge-key, text-unquoted (knowledge), clone-field, clone-ref-sha, clone-key, and the tiers:
// post-build-in-repo, clone-outside-repo.
import { describe, expect, it } from '@jest/globals';
import { found, lines, messages } from './check.js';

describe('knowledge-item', () => {
  it.each([
    ['knowledge is text', lines('knowledge: npm test'), 1, 12],
    ['knowledge is a map', lines('knowledge:', '  test: npm test'), 2, 3],
    ['an item is text', lines('knowledge:', '  - npm test'), 2, 5],
    ['an item has no name', lines('knowledge:', '  - contents: npm test'), 2, 5],
    ['an item has no contents', lines('knowledge:', '  - name: test'), 2, 5],
    ['contents is a list', lines('knowledge:', '  - name: test', '    contents: [npm test]'), 3, 15],
    ['contents is empty', lines('knowledge:', '  - name: test', '    contents:'), 3, 5]
  ])('is an error when %s', (_, text, line, column) => {
    expect(found(text)).toEqual([{ rule: 'knowledge-item', severity: 'error', line, column }]);
  });

  it.each([
    [
      'name is a number',
      lines('knowledge:', '  - name: 2024', '    contents: x'),
      [2, 11],
      'Knowledge item 1\'s `name`: YAML reads `2024` as the number 2024, not text: write it quoted, `"2024"`.'
    ],
    [
      'contents is yes, true to YAML 1.1',
      lines('knowledge:', '  - name: flag', '    contents: yes'),
      [3, 15],
      'The knowledge item `flag`\'s `contents`: YAML 1.1 reads `yes` as true, not text: write it quoted, `"yes"`.'
    ]
  ])('is a text-unquoted warning instead when %s', (_, text, [line, column], message) => {
    expect(found(text)).toEqual([{ rule: 'text-unquoted', severity: 'warning', line, column }]);
    expect(messages(text)[0].message).toBe(message);
  });

  it('names the item by its name when it has one', () => {
    expect(messages(lines('knowledge:', '  - name: test'))[0].message).toBe(
      'The knowledge item `test` has no `contents`: each item needs a name and contents.'
    );
  });
});

describe('knowledge-key', () => {
  it.each([
    ['content', /Did you mean `contents`\?/],
    ['title', /Did you mean `name`\?/],
    ['priority', /An item has a name and contents only\./]
  ])('is a warning at %s', (key, hint) => {
    const text = lines('knowledge:', '  - name: test', '    contents: npm test', `    ${key}: x`);
    expect(found(text)).toEqual([{ rule: 'knowledge-key', severity: 'warning', line: 4, column: 5 }]);
    expect(messages(text)[0].message).toMatch(hint);
  });
});

describe('clone', () => {
  const clone = (...rows: string[]): string => lines('clone:', ...rows.map(row => `  ${row}`));

  it('accepts every field of the reference with its type', () => {
    expect(
      found(clone('path: api', 'ref: release/2.x', 'depth: 50', 'tags: true', 'submodules: false', 'lfs: false'))
    ).toEqual([]);
    expect(found(clone('submodules: recursive', 'depth: 0', 'ref: "1.0"'))).toEqual([]);
  });

  it.each([
    ['3f786850e387550fdab836ed7e6dc881de23001b'],
    ['"3F786850E387550FDAB836ED7E6DC881DE23001B"'],
    ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    ['1234567890123456789012345678901234567890']
  ])('clone-ref-sha: is an error for the full commit SHA %s', ref => {
    expect(found(clone(`ref: ${ref}`))).toEqual([{ rule: 'clone-ref-sha', severity: 'error', line: 2, column: 8 }]);
  });

  it('clone-ref-sha: leaves a short hex branch name alone', () => {
    expect(found(clone('ref: deadbeef'))).toEqual([]);
  });

  it.each([
    ['path is a number', 'path: 2024', 9],
    ['ref is a number', 'ref: 1.0', 8],
    ['depth is text', 'depth: full', 10],
    ['depth is negative', 'depth: -1', 10],
    ['depth is a fraction', 'depth: 1.5', 10],
    ['tags is text', 'tags: maybe', 9],
    ['lfs is a number', 'lfs: 1', 8],
    ['submodules is other text', 'submodules: all', 15]
  ])('clone-field: is an error when %s', (_, row, column) => {
    expect(found(clone(row))).toEqual([{ rule: 'clone-field', severity: 'error', line: 2, column }]);
  });

  it('clone-field: is an error for clone that is not a map', () => {
    expect(found(lines('clone: develop'))).toEqual([{ rule: 'clone-field', severity: 'error', line: 1, column: 8 }]);
  });

  it('value-changed: is a warning for a flag written yes/no/on/off', () => {
    const text = clone('tags: no', 'lfs: on');
    expect(found(text)).toEqual([
      { rule: 'value-changed', severity: 'warning', line: 2, column: 9 },
      { rule: 'value-changed', severity: 'warning', line: 3, column: 8 }
    ]);
    expect(messages(text)[0].message).toMatch(
      /YAML 1\.1 reads `no` as false and YAML 1\.2 as text: write true or false/
    );
  });

  it.each([
    ['branch', /Did you mean `ref`\?/],
    ['fetch-depth', /Did you mean `depth`\?/],
    ['sparse', /It has path, ref, depth, tags, submodules, lfs\./]
  ])('clone-key: is a warning at %s', (key, hint) => {
    const text = clone(`${key}: x`);
    expect(found(text)).toEqual([{ rule: 'clone-key', severity: 'warning', line: 2, column: 3 }]);
    expect(messages(text)[0].message).toMatch(hint);
  });
});

describe('tiers', () => {
  const postBuild = lines('post-build:', '  - run: npm test');
  const clone = lines('clone:', '  depth: 1');

  it('post-build-in-repo: is a warning in a repo blueprint only', () => {
    expect(found(postBuild, 'repo')).toEqual([{ rule: 'post-build-in-repo', severity: 'warning', line: 1, column: 1 }]);
    expect(found(postBuild, 'org')).toEqual([]);
    expect(found(postBuild, 'enterprise')).toEqual([]);
  });

  it('clone-outside-repo: is a warning in org and enterprise blueprints only', () => {
    expect(found(clone, 'repo')).toEqual([]);
    expect(found(clone, 'org')).toEqual([{ rule: 'clone-outside-repo', severity: 'warning', line: 1, column: 1 }]);
    expect(messages(clone, 'enterprise')[0].message).toBe(
      '`clone` applies to repo blueprints only: in an enterprise blueprint it has no effect.'
    );
  });

  it('still checks what is under a section of the wrong tier', () => {
    expect(found(lines('post-build:', '  - uses: actions/checkout@v4'), 'repo').map(finding => finding.rule)).toEqual([
      'post-build-in-repo',
      'uses-format'
    ]);
  });
});
