// The check action as the runner runs it: dist/check/index.js built from the current sources, in a
// child process, on a workspace of its own. Each rule on a file that breaks it at a known line is an
// annotation on that line; files that follow the reference pass; verify_actions against the fake
// GitHub contents API; odd input never crashes or hangs it.
import { afterEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ALL_HOSTILE } from '../../fakes/hostile.js';
import { FakeGitHubApi, type FakeGitHubApiOptions, type FakeRepository } from '../../fakes/github/api.js';
import { actionNamed } from '../../harness/actions.js';
import type { ActionRun } from '../../harness/runner.js';
import { CHECK_OUTPUTS } from '../../src/check/step.js';
import { BLUEPRINT_MAX_BYTES } from '../../src/devin/blueprint-file.js';
import {
  fixtureText,
  INVALID_BLUEPRINTS,
  VALID_BLUEPRINTS,
  type BlueprintFixture
} from '../fixtures/blueprints/index.js';
import { maskedAndRendered, runAction, startFake, type StepRunOptions } from '../support/index.js';

const check = { action: actionNamed('check') };
const GITHUB_TOKEN = 'ghs_e2e_test_token';
const NODE_ACTION = 'runs:\n  using: node20\n  main: dist/index.js\n';

const workspaces: string[] = [];
afterEach(() => {
  for (const dir of workspaces.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A workspace holding `files` (path → contents), as a checkout leaves it. */
function workspace(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-workspace-'));
  workspaces.push(dir);
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dir + '/' + dirname(path), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }
  return dir;
}

/** Runs the check action on a workspace of `files`; offline unless the inputs say otherwise. */
function runCheck(
  files: Record<string, string | Buffer>,
  inputs: Record<string, string> = {},
  { env, ...options }: StepRunOptions = {}
): Promise<ActionRun> {
  return runAction(
    check,
    { verify_actions: 'false', ...inputs },
    {
      ...options,
      env: { GITHUB_WORKSPACE: workspace(files), ...env }
    }
  );
}

interface RunnerAnnotation {
  severity: string;
  properties: Record<string, string>;
  message: string;
}

/** The annotations a run wrote (`::error title=…,file=…,line=…::message`), as the runner reads them. */
function annotations(run: ActionRun): RunnerAnnotation[] {
  return run.stdout.split('\n').flatMap(line => {
    const match = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(line);
    if (!match) return [];
    const properties = Object.fromEntries(
      match[2].split(',').map(pair => pair.split('=', 2).map(part => decodeURIComponent(part)))
    );
    return [{ severity: match[1], properties, message: match[3] }];
  });
}

const findingsOf = (run: ActionRun) =>
  JSON.parse(run.outputs.findings) as { total: number; truncated: boolean; findings: { rule: string; line: number }[] };

describe('each rule, on a file that breaks it at a known line', () => {
  it.each(INVALID_BLUEPRINTS.map(fixture => [fixture.findings[0].rule, fixture] as const))(
    '%s: an annotation on that line, and the step fails on an error only',
    async (rule, fixture: BlueprintFixture) => {
      const [expected] = fixture.findings;
      const run = await runCheck(
        { [fixture.checkedAs]: fixtureText(fixture) },
        { path: fixture.checkedAs, tier: fixture.tier }
      );
      expect(annotations(run)).toEqual([
        {
          severity: expected.severity,
          properties: expect.objectContaining({
            title: rule,
            file: fixture.checkedAs,
            line: String(expected.line),
            col: String(expected.column)
          }),
          message: expect.any(String)
        }
      ]);
      expect(run.stdout).toContain(
        `${fixture.checkedAs}:${expected.line}:${expected.column}: ${expected.severity} ${rule}: `
      );
      expect(run.exitCode).toBe(expected.severity === 'error' ? 1 : 0);
      expect(run.outputs.errors).toBe(expected.severity === 'error' ? '1' : '0');
      expect(run.outputs.warnings).toBe(expected.severity === 'warning' ? '1' : '0');
      expect(findingsOf(run).findings).toEqual([expect.objectContaining({ rule, line: expected.line })]);
      expect(run.summary).toMatch(
        expected.severity === 'error' ? /^## ❌ Blueprint check failed/ : /^## ✅ Blueprint check passed/
      );
    }
  );
});

/**
 * Every action a file uses, as a Node.js action on the fake GitHub: those of the valid files (setup-node,
 * setup-python, setup-ruby, setup-gradle, …) are Node.js actions on GitHub too.
 */
function nodeActionsOf(fixture: BlueprintFixture): FakeRepository[] {
  const byRepository = new Map<string, FakeRepository>();
  for (const [, owner, repo, path, ref] of fixtureText(fixture).matchAll(
    /uses: github\.com\/([^/\s]+)\/([^/@\s]+)(\/[^@\s]+)?@(\S+)/g
  )) {
    const repository = byRepository.get(`${owner}/${repo}`) ?? { fullName: `${owner}/${repo}`, refs: {} };
    repository.refs[ref] = {
      ...repository.refs[ref],
      [path ? `${path.slice(1)}/action.yml` : 'action.yml']: NODE_ACTION
    };
    byRepository.set(repository.fullName, repository);
  }
  return [...byRepository.values()];
}

describe('files that follow the reference', () => {
  it.each(VALID_BLUEPRINTS.map(fixture => [fixture.file, fixture] as const))(
    '%s: no error and no warning, exit 0, its actions looked up',
    async (_file, fixture: BlueprintFixture) => {
      const repositories = nodeActionsOf(fixture);
      const github = await startFake(new FakeGitHubApi({ token: GITHUB_TOKEN, repositories }));
      const run = await runCheck(
        { '.devin/blueprint.yaml': fixtureText(fixture) },
        { tier: fixture.tier, verify_actions: 'true', github_token: GITHUB_TOKEN },
        { env: { GITHUB_API_URL: github.url } }
      );
      expect(annotations(run).filter(a => a.severity !== 'notice')).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toMatchObject({ errors: '0', warnings: '0' });
      // One request for each action: its action.yml.
      const actions = repositories.flatMap(repository => Object.values(repository.refs).flatMap(Object.keys));
      expect(github.requests).toHaveLength(actions.length);
      expect(run.summary).toMatch(/^## ✅ Blueprint check passed/);
    }
  );

  it('reads .devin/blueprint.yaml by default', async () => {
    const run = await runCheck({ '.devin/blueprint.yaml': 'initialize: |\n  npm ci\n' });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('.devin/blueprint.yaml passes the check: no findings.');
    expect(Object.keys(run.outputs).sort()).toEqual([...CHECK_OUTPUTS].sort());
  });
});

describe('verify_actions, against the fake GitHub contents API', () => {
  const BLUEPRINT = [
    'initialize:', // 1
    '  - uses: github.com/actions/setup-node@v4', // 2: Node.js at the root
    '  - uses: github.com/acme/tools/lint@v1', // 3: Node.js under a subpath (action.yaml)
    '  - uses: github.com/acme/tools/composite@v1', // 4
    '  - uses: github.com/acme/tools/docker@v1', // 5
    '  - uses: github.com/acme/tools@v9', // 6: no such ref
    '  - uses: github.com/acme/limited@v1', // 7: rate limit used up (403)
    '  - uses: github.com/acme/old-name@v2', // 8: renamed: 301
    'maintenance:', // 9
    '  - uses: github.com/actions/setup-node@v4', // 10: the same action again
    ''
  ].join('\n');
  const OPTIONS: FakeGitHubApiOptions = {
    token: GITHUB_TOKEN,
    repositories: [
      { fullName: 'actions/setup-node', refs: { v4: { 'action.yml': NODE_ACTION } } },
      {
        fullName: 'acme/tools',
        refs: {
          v1: {
            'lint/action.yaml': 'runs:\n  using: node24\n  main: index.js\n',
            'composite/action.yml': 'runs:\n  using: composite\n  steps: []\n',
            'docker/action.yml': 'runs:\n  using: docker\n  image: Dockerfile\n'
          }
        }
      },
      { fullName: 'acme/limited', refs: { v1: { 'action.yml': NODE_ACTION } } },
      { fullName: 'acme/new-name', formerNames: ['acme/old-name'], refs: { v2: { 'action.yml': NODE_ACTION } } }
    ],
    faults: { 'acme/limited': 'rate-limit-403' }
  };

  it('annotates each action Devin cannot run on its uses line; a lookup GitHub refuses is a warning', async () => {
    const github = await startFake(new FakeGitHubApi(OPTIONS));
    const run = await runCheck(
      { '.devin/blueprint.yaml': BLUEPRINT },
      { verify_actions: 'true', github_token: GITHUB_TOKEN },
      { env: { GITHUB_API_URL: github.url } }
    );
    expect(annotations(run).map(a => [a.properties.line, a.severity, a.properties.title])).toEqual([
      ['4', 'error', 'action-not-node'],
      ['5', 'error', 'action-not-node'],
      ['6', 'error', 'action-not-found'],
      ['7', 'warning', 'action-unverified']
    ]);
    expect(annotations(run)[0].message).toContain('Devin runs only Node.js actions');
    expect(annotations(run)[3].message).toContain("the GitHub API's rate limit is used up");
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ errors: '3', warnings: '1' });
    // Each action once (setup-node is used twice), the renamed one followed to its new place.
    expect(github.requestsFor('actions/setup-node')).toHaveLength(1);
    expect(github.requestsFor('acme/new-name').map(request => request.status)).toEqual([301, 200]);
    // The token goes to the GitHub API only, and shows nowhere.
    expect(github.requests.every(request => request.headers.authorization === `Bearer ${GITHUB_TOKEN}`)).toBe(true);
    expect(run.stdout).toContain(`::add-mask::${GITHUB_TOKEN}`);
    expect(run.everything.replace(`::add-mask::${GITHUB_TOKEN}`, '')).not.toContain(GITHUB_TOKEN);
    expect(run.summary).toContain('7 actions it uses looked up on GitHub');
  });

  it('warns, and passes, when GitHub never answers', async () => {
    const github = await startFake(new FakeGitHubApi({ ...OPTIONS, faults: { 'actions/setup-node': 'hang' } }));
    const started = Date.now();
    const run = await runCheck(
      { '.devin/blueprint.yaml': 'initialize:\n  - uses: github.com/actions/setup-node@v4\n' },
      { verify_actions: 'true' },
      { env: { GITHUB_API_URL: github.url }, killAfterMs: 90_000 }
    );
    expect(annotations(run)).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining('no complete answer within 5s') })
    ]);
    expect(run.exitCode).toBe(0);
    // Two attempts of 5 s: bounded, whatever the load.
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(github.requests[0].headers.authorization).toBeUndefined();
  }, 120_000);

  it("looks actions up when the runner's GitHub is github.com, as GITHUB_SERVER_URL says on its runners", async () => {
    const github = await startFake(new FakeGitHubApi(OPTIONS));
    const run = await runCheck(
      { '.devin/blueprint.yaml': 'initialize:\n  - uses: github.com/acme/tools/composite@v1\n' },
      { verify_actions: 'true' },
      { env: { GITHUB_API_URL: github.url, GITHUB_SERVER_URL: 'https://github.com' } }
    );
    expect(annotations(run).map(a => [a.properties.line, a.properties.title])).toEqual([['2', 'action-not-node']]);
    expect(run.exitCode).toBe(1);
  });

  it("looks nothing up on GitHub Enterprise Server: its API answers for its own repositories, not github.com's", async () => {
    // acme/tools exists on this server, but `uses: github.com/acme/tools` names github.com's.
    const github = await startFake(new FakeGitHubApi(OPTIONS));
    const run = await runCheck(
      { '.devin/blueprint.yaml': BLUEPRINT },
      { verify_actions: 'true' },
      { env: { GITHUB_API_URL: `${github.url}/api/v3`, GITHUB_SERVER_URL: 'https://ghes.example.com' } }
    );
    expect(github.requests).toEqual([]);
    expect(annotations(run)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(
      "The actions the blueprint uses were not looked up: the runner's GitHub is ghes.example.com, and Devin takes the actions from github.com"
    );
    expect(maskedAndRendered(run.summary, [])).toContain(
      "the actions it uses were not looked up (the runner's GitHub is ghes.example.com"
    );
  });

  it('sends nothing to GitHub with verify_actions: false', async () => {
    const github = await startFake(new FakeGitHubApi(OPTIONS));
    const run = await runCheck({ '.devin/blueprint.yaml': BLUEPRINT }, {}, { env: { GITHUB_API_URL: github.url } });
    expect(run.exitCode).toBe(0);
    expect(github.requests).toEqual([]);
    expect(run.summary).toContain('not looked up');
  });
});

describe('fail_on and the outputs', () => {
  const WARNING_ONLY = 'initialize: |\n  npm ci\nsetup: |\n  echo misspelt\n';

  it('fails on a warning with fail_on: warning, and passes it by default', async () => {
    const strict = await runCheck({ '.devin/blueprint.yaml': WARNING_ONLY }, { fail_on: 'warning' });
    expect(strict.exitCode).toBe(1);
    expect(strict.stdout).toContain('::error::.devin/blueprint.yaml has 1 warning, and fail_on is warning');
    const lenient = await runCheck({ '.devin/blueprint.yaml': WARNING_ONLY });
    expect(lenient.exitCode).toBe(0);
    expect(lenient.outputs).toMatchObject({ errors: '0', warnings: '1' });
  });

  it('gives every finding in the log and the counts, the first 100 in findings, marked truncated', async () => {
    const text = Array.from({ length: 150 }, (_, i) => `extra${i}: ${i}\n`).join('');
    const run = await runCheck({ '.devin/blueprint.yaml': text });
    expect(run.outputs.warnings).toBe('150');
    const output = findingsOf(run);
    expect([output.total, output.truncated, output.findings.length]).toEqual([150, true, 100]);
    expect(output.findings.map(finding => finding.line)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(
      run.stdout.split('\n').filter(line => /^\.devin\/blueprint\.yaml:\d+:1: warning unknown-key: /.test(line))
    ).toHaveLength(150);
    expect(run.stdout).toContain('GitHub shows at most 10 error and 10 warning annotations a step');
  });
});

describe('input and odd files', () => {
  it('names the path input in its refusals, and sets no counts', async () => {
    const run = await runCheck({}, { path: 'missing.yaml' });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('::error::Input "path" names no file in the workspace');
    expect(run.outputs).toEqual({ errors: '', warnings: '', findings: '' });
    expect(run.summary).toMatch(/^## ❌ Blueprint check stopped on an error/);
  });

  const alias = (depth: number): string =>
    [
      'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from({ length: depth }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`)
    ].join('\n');
  const oddFiles: [string, string | Buffer][] = [
    ['an empty file', ''],
    [
      'a file of 256 KiB',
      `initialize: |\n${'  echo 0123456789abcdefghijklmnopqrstuvwxyz\n'.repeat(BLUEPRINT_MAX_BYTES / 44)}`.slice(
        0,
        BLUEPRINT_MAX_BYTES
      )
    ],
    ['binary bytes', randomBytes(4096)],
    ['text with NUL and control bytes', `initialize: "\u0000\u0007"\n\u0001: \u001b[31m\n`],
    ['deep nesting', `initialize: ${'['.repeat(5000)}${']'.repeat(5000)}\n`],
    ['deep block nesting', Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')],
    ['aliases that expand (a billion laughs)', `${alias(9)}\ninitialize: *a9\n`],
    [
      'hostile text in keys and values',
      `"${ALL_HOSTILE.replace(/["\\]/g, '')}": 1\ninitialize:\n  - run: "${ALL_HOSTILE.replace(/["\\]/g, '')}"\n`
    ]
  ];
  it.each(oddFiles)(
    'never crashes or hangs on %s',
    async (_what, contents) => {
      const run = await runCheck({ '.devin/blueprint.yaml': contents }, {}, { killAfterMs: 60_000 });
      expect(run.signal).toBeNull();
      expect([0, 1]).toContain(run.exitCode);
      expect(run.stdout).not.toContain('Unexpected error');
      expect(run.stderr).toBe('');
      expect(run.summary).toMatch(/^## (✅|❌) Blueprint check/);
      // Nothing from the file becomes a runner command: every command line is ours.
      const commands = run.stdout.split('\n').filter(line => /^\s*::|##\[/.test(line));
      for (const line of commands)
        expect(line).toMatch(/^::(error|warning|notice)( title=[a-z-]+,file=\.devin\/blueprint\.yaml,[^:]*)?::/);
    },
    90_000
  );
});
