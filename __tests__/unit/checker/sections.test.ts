// unknown-key, runs-on, does-nothing, section-type, text-unquoted (commands): the top level and the
// command sections.
import { describe, expect, it } from '@jest/globals';
import { found, lines, messages } from './check.js';

describe('unknown-key', () => {
  it.each([
    ['initialise', 'initialize'],
    ['setup', 'initialize'],
    ['Initialize', 'initialize'],
    ['maintainance', 'maintenance'],
    ['post_build', 'post-build'],
    ['knowlege', 'knowledge'],
    ['runs_on', 'runs-on']
  ])('names the nearest known key for %s: %s', (key, nearest) => {
    const text = lines(`${key}: npm ci`);
    expect(found(text)).toEqual([{ rule: 'unknown-key', severity: 'warning', line: 1, column: 1 }]);
    expect(messages(text)[0].message).toBe(
      `\`${key}\` is not a blueprint key: Devin ignores it. Did you mean \`${nearest}\`?`
    );
  });

  it('lists the sections when no key is near', () => {
    expect(messages(lines('steps: []'))[0].message).toBe(
      '`steps` is not a blueprint key: Devin ignores it. A blueprint has initialize, maintenance, knowledge, post-build, clone.'
    );
  });

  it('accepts runs-on, shell and description, which public blueprints use', () => {
    const text = lines('runs-on: windows', 'shell: powershell', 'description: Windows sessions', 'initialize: npm ci');
    expect(found(text)).toEqual([]);
  });

  it('quotes a hostile key as one bounded plain line', () => {
    const [finding] = messages(`"\\e[31m::error::${'x'.repeat(500)}": 1\n`);
    expect(finding.rule).toBe('unknown-key');
    // eslint-disable-next-line no-control-regex -- control characters are what is looked for
    expect(finding.message).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    expect(finding.message.length).toBeLessThan(200);
  });
});

describe('runs-on', () => {
  it.each(['default', 'macos', 'windows'])('accepts %s', platform => {
    expect(found(lines(`runs-on: ${platform}`, 'initialize: make'))).toEqual([]);
  });

  it.each([
    ['linux', 10],
    ['ubuntu-latest', 10],
    ['[macos]', 10]
  ])('is a warning for %s', (platform, column) => {
    expect(found(lines(`runs-on: ${platform}`, 'initialize: make'))).toEqual([
      { rule: 'runs-on', severity: 'warning', line: 1, column }
    ]);
  });
});

describe('does-nothing', () => {
  it.each([
    ['an empty section', lines('initialize:', 'maintenance: npm ci'), 1, 1],
    ['a section that is true', lines('initialize: true', 'maintenance: npm ci'), 1, 13],
    [
      'a section of comments only',
      lines('maintenance: |', '  # later', '', '  # much later', 'initialize: make'),
      1,
      14
    ],
    ['a block string of no-op commands', lines('maintenance: |', '  true', '  :', 'initialize: make'), 1, 14],
    ['an empty list', lines('maintenance: []', 'initialize: make'), 1, 14],
    ['an empty list item', lines('maintenance:', '  -', '  - npm ci'), 2, 4],
    ['a run that is empty', lines('maintenance:', '  - run:', '    name: nothing yet'), 2, 5],
    ['an empty knowledge', lines('knowledge:', 'initialize: make'), 1, 1],
    ['an empty document', lines('initialize: make', '---', '---', 'maintenance: make'), 2, 1],
    ['an empty map', lines('{}'), 1, 1]
  ])('is a notice for %s', (_, text, line, column) => {
    expect(found(text)).toEqual([{ rule: 'does-nothing', severity: 'notice', line, column }]);
  });

  it.each(['', '# only a comment\n', '\n\n'])('is a notice for a file with no blueprint: %j', text => {
    expect(found(text)).toEqual([{ rule: 'does-nothing', severity: 'notice', line: 1, column: 1 }]);
  });

  it('is nothing for a command among comments', () => {
    expect(found(lines('maintenance: |', '  # dependencies', '  npm ci  # the lock file', '  true'))).toEqual([]);
  });
});

// Read with PyYAML 6.0.3: `yes` and `on` are True, `1_000` is 1000, `1e3` is the text 1e3.
describe('text-unquoted (commands)', () => {
  it.each([
    ['yes', lines('initialize: yes'), 1, 13, 'YAML 1.1 reads `yes` as true'],
    ['on in a list', lines('maintenance:', '  - on'), 2, 5, 'YAML 1.1 reads `on` as true'],
    ['1_000 as a run', lines('maintenance:', '  - run: 1_000'), 2, 10, 'YAML 1.1 reads `1_000` as the number 1000'],
    ['1e3 as a run', lines('maintenance:', '  - run: 1e3'), 2, 10, 'YAML 1.2 reads `1e3` as the number 1000']
  ])('is a warning for a command written %s', (_, text, line, column, how) => {
    expect(found(text)).toEqual([{ rule: 'text-unquoted', severity: 'warning', line, column }]);
    expect(messages(text)[0].message).toContain(`${how}, not text: write it quoted`);
  });

  it('is nothing for a command both read as text, or quoted', () => {
    expect(found(lines('initialize: "yes"', 'maintenance:', '  - run: y', '  - npm ci'))).toEqual([]);
  });
});

describe('section-type', () => {
  it.each([
    ['a number', lines('initialize: 3'), 1, 13],
    ['a map', lines('maintenance:', '  run: npm ci'), 2, 3],
    ['false in a list of steps', lines('maintenance:', '  - 1.5'), 2, 5],
    ['a list in a list', lines('maintenance:', '  - [npm, ci]'), 2, 5]
  ])('is an error for %s', (_, text, line, column) => {
    expect(found(text)).toEqual([{ rule: 'section-type', severity: 'error', line, column }]);
  });

  it('says to put "- " before a step written as a map', () => {
    expect(messages(lines('maintenance:', '  run: npm ci'))[0].message).toMatch(
      /a list of steps each starting with "- "/
    );
  });

  it('accepts the forms of the reference in post-build of an org blueprint: a block string, and steps mixed with strings', () => {
    expect(found(lines('post-build: |', '  node --version'), 'org')).toEqual([]);
    expect(
      found(lines('post-build:', '  - node --version', '  - name: Check', '    run: test -d ~/repos'), 'enterprise')
    ).toEqual([]);
  });
});
