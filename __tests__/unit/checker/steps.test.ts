// step-action, step-key, step-with-on-run, step-field-type, uses-format, and the actions collected.
import { describe, expect, it } from '@jest/globals';
import { checkBlueprint } from '../../../src/checker/checker.js';
import { found, lines, messages } from './check.js';

const step = (...rows: string[]): string => lines('initialize:', ...rows.map(row => `  ${row}`));

describe('step-action', () => {
  it('is an error at a step with both run and uses', () => {
    expect(found(step('- run: make', '  uses: github.com/a/b@v1'))).toEqual([
      { rule: 'step-action', severity: 'error', line: 2, column: 5 }
    ]);
  });

  it('is an error at a step with neither', () => {
    expect(found(step('- name: nothing to do'))).toEqual([
      { rule: 'step-action', severity: 'error', line: 2, column: 5 }
    ]);
  });

  it('leaves a step alone that takes its keys from an anchor with <<, which it does not follow', () => {
    expect(
      found(lines('x-step: &install', '  run: npm ci', 'maintenance:', '  - <<: *install', '    name: Install'))
    ).toEqual([{ rule: 'unknown-key', severity: 'warning', line: 1, column: 1 }]);
  });
});

describe('step-key', () => {
  it.each([
    ['command', /Did you mean `run`\?/],
    ['inputs', /Did you mean `with`\?/],
    ['environment', /Did you mean `env`\?/],
    ['nmae', /Did you mean `name`\?/],
    ['if', /GitHub Actions step key/],
    ['timeout-minutes', /GitHub Actions step key/],
    ['retries', /A step has name, run, uses, with, env, shell\./]
  ])('is a warning at %s, with a hint', (key, hint) => {
    const text = step('- run: make', `  ${key}: x`);
    expect(found(text)).toEqual([{ rule: 'step-key', severity: 'warning', line: 3, column: 5 }]);
    expect(messages(text)[0].message).toMatch(hint);
  });

  it('accepts shell on a step, as public blueprints do', () => {
    expect(found(step('- run: Get-ChildItem', '  shell: powershell', '- run: ls', '  shell: bash'))).toEqual([]);
  });
});

describe('step-with-on-run', () => {
  it('is a warning at `with` on a command step, not on an action step', () => {
    expect(
      found(step('- run: make', '  with: {target: all}', '- uses: github.com/a/b@v1', '  with: {x: "1"}'))
    ).toEqual([{ rule: 'step-with-on-run', severity: 'warning', line: 3, column: 5 }]);
  });
});

describe('step-field-type', () => {
  it.each([
    ['name is a map', ['- run: make', '  name: {a: b}'], 3, 11],
    ['run is a list', ['- run: [make, test]'], 2, 10],
    ['run is a number', ['- run: 42'], 2, 10],
    ['uses is a map', ['- uses: {repo: a/b}'], 2, 11],
    ['env is a list', ['- run: make', '  env: [A=1]'], 3, 10],
    ['with is text', ['- uses: github.com/a/b@v1', '  with: node-version=20'], 3, 11]
  ])('is an error when %s', (_, rows, line, column) => {
    expect(found(step(...rows))).toEqual([{ rule: 'step-field-type', severity: 'error', line, column }]);
  });

  it('accepts empty name, with and env', () => {
    expect(found(step('- uses: github.com/a/b@v1', '  name:', '  with:', '  env:'))).toEqual([]);
  });
});

describe('text-unquoted (steps)', () => {
  it.each([
    ['1.10', 'YAML reads `1.10` as the number 1.1'],
    ['true', 'YAML reads `true` as true'],
    ['on', 'YAML 1.1 reads `on` as true']
  ])("is a warning when a step's name is %s, with the quoted form", (name, how) => {
    const text = step('- run: make', `  name: ${name}`);
    expect(found(text)).toEqual([{ rule: 'text-unquoted', severity: 'warning', line: 3, column: 11 }]);
    expect(messages(text)[0].message).toBe(`This step's \`name\`: ${how}, not text: write it quoted, \`"${name}"\`.`);
  });

  it('leaves quoted names, and names that are text to both YAMLs, alone', () => {
    expect(
      found(step('- run: make', '  name: "1.10"', '- run: make', '  name: y', '- run: make', '  name: v1.10'))
    ).toEqual([]);
  });
});

describe('uses-format', () => {
  it.each([
    ['actions/setup-node@v4', 'write `github.com/actions/setup-node@v4`'],
    ['https://github.com/actions/setup-node@v4', 'write `github.com/actions/setup-node@v4`'],
    ['GitHub.com/actions/setup-node@v4', 'write `github.com/actions/setup-node@v4`'],
    ['gradle/actions/setup-gradle@v4', 'write `github.com/gradle/actions/setup-gradle@v4`'],
    ['github.com/actions/setup-node', 'names no ref: write `github.com/actions/setup-node@<ref>`'],
    ['actions/setup-node', 'names no ref: write `github.com/actions/setup-node@<ref>`'],
    ['./.github/actions/setup', 'is a local path'],
    ['docker://alpine:3.20', 'is a Docker image'],
    ['github.com/actions@v4', 'e.g. github.com/actions/setup-node@v4'],
    ['github.com/actions/setup-node@v4 extra', 'e.g. github.com/actions/setup-node@v4'],
    ['github.com/a/b/../c@v1', 'e.g. github.com/actions/setup-node@v4'],
    ['github.com/a/b@v1..v2', 'e.g. github.com/actions/setup-node@v4']
  ])('is an error at %s, saying: %s', (uses, says) => {
    const text = step(`- uses: ${uses}`);
    expect(found(text)).toEqual([{ rule: 'uses-format', severity: 'error', line: 2, column: 11 }]);
    expect(messages(text)[0].message).toContain(says);
  });

  it('is an error at an empty uses', () => {
    expect(found(step('- uses:'))).toEqual([{ rule: 'uses-format', severity: 'error', line: 2, column: 5 }]);
  });
});

describe('the actions a blueprint uses', () => {
  it('lists each well-formed uses with its parts and place, at the root or in a folder, in every section', () => {
    const text = lines(
      'initialize:',
      '  - uses: github.com/actions/setup-node@v4',
      '  - uses: "github.com/gradle/actions/setup-gradle@release/v4"',
      '  - uses: actions/setup-go@v5',
      '---',
      'post-build:',
      '  - uses: github.com/my-org/tools/actions/check@0123456789abcdef0123456789abcdef01234567'
    );
    expect(checkBlueprint({ text, path: 'org.yaml', tier: 'org' }).actions).toEqual([
      {
        text: 'github.com/actions/setup-node@v4',
        owner: 'actions',
        repo: 'setup-node',
        path: '',
        ref: 'v4',
        line: 2,
        column: 11,
        endLine: 2,
        endColumn: 43
      },
      {
        text: 'github.com/gradle/actions/setup-gradle@release/v4',
        owner: 'gradle',
        repo: 'actions',
        path: 'setup-gradle',
        ref: 'release/v4',
        line: 3,
        column: 11,
        endLine: 3,
        endColumn: 62
      },
      {
        text: 'github.com/my-org/tools/actions/check@0123456789abcdef0123456789abcdef01234567',
        owner: 'my-org',
        repo: 'tools',
        path: 'actions/check',
        ref: '0123456789abcdef0123456789abcdef01234567',
        line: 7,
        column: 11,
        endLine: 7,
        endColumn: 89
      }
    ]);
  });

  it('lists a step reached through aliases once, and reports its problems once, at the step', () => {
    const text = lines(
      'x-steps:',
      '  - &node',
      '    uses: github.com/actions/setup-node@v4',
      '    with: {node-version: 20.10}',
      'initialize: [*node, *node]',
      'maintenance: [*node]'
    );
    const result = checkBlueprint({ text, path: '.devin/blueprint.yaml', tier: 'repo' });
    expect(result.actions.map(action => [action.text, action.line])).toEqual([['github.com/actions/setup-node@v4', 3]]);
    expect(found(text)).toEqual([
      { rule: 'unknown-key', severity: 'warning', line: 1, column: 1 },
      { rule: 'value-changed', severity: 'warning', line: 4, column: 26 }
    ]);
  });
});
