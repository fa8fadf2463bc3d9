// The `snapshot-build` command as a user runs it: the bundle the package's bin names (dist/cli/index.js,
// built from the current sources) in a child process with a clean environment, against the fakes
// over HTTP. Every exit code, --json against the action's outputs for the same build, the help,
// secrets refused as flags, the inputs named by their flags in what a run says, signals, the
// terminal free of workflow commands and server escapes, what the command reads outside GitHub
// Actions (the current directory, the origin remote, another CI's variables), and `check` on the
// checker's fixtures in each format.
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeDevinApi, type RecordedRequest } from '../../fakes/devin/api.js';
import { FakeDreadnodeApi } from '../../fakes/dreadnode/api.js';
import { FakeGitHubApi } from '../../fakes/github/api.js';
import devinKit, { DEVIN_ORG, DEVIN_TOKEN } from '../../harness/kits/devin.js';
import { API_KITS, type ApiKit } from '../../harness/kits/index.js';
import { runCommand, type CommandOptions, type CommandRun } from '../../harness/runner.js';
import packageJson from '../../package.json' with { type: 'json' };
import { flagOf } from '../../src/cli/spelling.js';
import { REGISTRY } from '../../src/registry.js';
import { INVALID_BLUEPRINTS, VALID_BLUEPRINTS } from '../fixtures/blueprints/index.js';
import { runAction, startFake } from '../support/index.js';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** The command line and environment that give `snapshot-build <name>` these action inputs: flags, and secrets as variables. */
function commandFor(name: string, inputs: Record<string, string>): { args: string[]; env: Record<string, string> } {
  const { declaration } = REGISTRY[name];
  const args = [name];
  const env: Record<string, string> = {};
  for (const [input, value] of Object.entries(inputs)) {
    const declared = declaration.inputs[input];
    if (declared.secret && declared.variable) env[declared.variable] = value;
    else args.push(`${flagOf(input)}=${value}`);
  }
  return { args, env };
}

function run(name: string, inputs: Record<string, string>, extra: string[] = [], options: CommandOptions = {}) {
  const { args, env } = commandFor(name, inputs);
  return runCommand([...args, ...extra], { ...options, env: { ...env, ...options.env } });
}

/** Everything the command wrote to the terminal. */
const terminal = (result: CommandRun): string => `${result.stdout}${result.stderr}`;

/** Outputs with what differs between two runs of one scenario (ids, times) replaced by its form. */
function comparable(outputs: Record<string, string>): Record<string, string> {
  const form = (value: string) => value.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>').replace(/^\d+$/, '<number>');
  return Object.fromEntries(
    Object.entries(outputs).map(([name, value]) => [name, name === 'build_id' ? (value ? '<id>' : '') : form(value)])
  );
}

const devinInputs = (fake: FakeDevinApi, overrides: Record<string, string> = {}) =>
  devinKit.inputs(fake, { poll_interval: '100ms', ...overrides });

describe('snapshot-build', () => {
  it("prints its version, and each command's help lists every input of its action", async () => {
    const version = await runCommand(['--version']);
    expect([version.exitCode, version.stdout]).toEqual([0, `${packageJson.version}\n`]);
    const top = await runCommand(['--help']);
    expect(top.exitCode).toBe(0);
    for (const [name, { declaration }] of Object.entries(REGISTRY)) {
      expect(top.stdout).toContain(`  ${name} `);
      const help = await runCommand([name, '--help']);
      expect(help.exitCode).toBe(0);
      for (const [input, declared] of Object.entries(declaration.inputs)) {
        if (declared.secret) expect(help.stdout).not.toMatch(new RegExp(`${flagOf(input)}\\b`));
        else expect(help.stdout).toMatch(new RegExp(`--(\\[no-\\])?${flagOf(input).slice(2)}\\b`));
        if (declared.variable) expect(help.stdout).toContain(declared.variable);
      }
    }
    const none = await runCommand([]);
    expect([none.exitCode, none.stdout]).toEqual([2, '']);
    expect(none.stderr).toContain('Usage: snapshot-build <command>');
  });

  it.each(API_KITS.map(kit => [kit.action.name, kit] as const))(
    '%s: exits 0 after a success, and --json holds the outputs the action sets for the same build',
    async (name, kit: ApiKit) => {
      const plan = { outcome: 'success' as const, queuedMs: 100, runningMs: 300 };
      const fake = await startFake(kit.newFake({ plan }));
      const inputs = kit.inputs(fake, { poll_interval: '100ms' });
      const action = await runAction(kit, inputs);
      const command = await run(name, inputs, ['--json']);
      expect([action.exitCode, command.exitCode]).toEqual([0, 0]);
      const outputs = JSON.parse(command.stdout) as Record<string, string>;
      expect(Object.keys(outputs)).toEqual(Object.keys(REGISTRY[name].declaration.outputs));
      expect(outputs.result).toBe('success');
      expect(comparable(outputs)).toEqual(comparable(action.outputs));
      expect(fake.createdBuildIds()).toEqual([action.outputs.build_id, outputs.build_id]);
      // Progress on stderr, one line per status change, the verdict last.
      const lines = command.stderr.trimEnd().split('\n');
      expect(lines.filter(line => line.includes('→')).length).toBeGreaterThanOrEqual(1);
      expect(lines.at(-1)).toMatch(new RegExp(`^Build ${outputs.build_id} succeeded`));
    }
  );

  it('exits 0 with --no-wait (triggered), reading --org-id and --api-url from DEVIN_ORG_ID and DEVIN_BASE_URL', async () => {
    const fake = await startFake(
      new FakeDevinApi({ plan: { outcome: 'succeeded', pendingMs: 5000, runningMs: 5000 } })
    );
    const result = await runCommand(['devin', '--no-wait', '--json'], {
      env: { DEVIN_API_KEY: DEVIN_TOKEN, DEVIN_ORG_ID: DEVIN_ORG, DEVIN_BASE_URL: fake.url }
    });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ result: 'triggered', status: 'pending' });
    expect(result.stderr).toContain(`Build ${fake.createdBuildIds()[0]} is pending; not waiting for it (--no-wait).`);
    const flagWins = await runCommand(['devin', '--wait=false', '--org-id', 'org-other'], {
      env: { DEVIN_API_KEY: DEVIN_TOKEN, DEVIN_ORG_ID: DEVIN_ORG, DEVIN_BASE_URL: fake.url }
    });
    expect(flagWins.exitCode).toBe(3); // the fake knows only org-test
    expect(fake.requests.at(-1)?.path).toContain('/organizations/org-other/');
  });

  it("exits 1 after a failed build, and writes the summary and the build's whole log where asked", async () => {
    const fake = new FakeDevinApi({ plan: { outcome: 'failed', pendingMs: 100, runningMs: 200 } });
    const log = ['Building snapshot', 'npm ERR! missing script: setup', ''].join('\n');
    fake.onRequest = () => {
      for (const id of fake.createdBuildIds()) fake.setBuildLog(id, log);
      return false;
    };
    await startFake(fake);
    const dir = mkdtempSync(join(tmpdir(), 'command-files-'));
    try {
      const result = await run('devin', devinInputs(fake), [
        '--json',
        '--summary-file',
        'summary.md',
        `--log-file=${join(dir, 'build.log')}`
      ]);
      expect(result.exitCode).toBe(1);
      const outputs = JSON.parse(result.stdout) as Record<string, string>;
      expect(outputs).toMatchObject({ result: 'failure', status: 'failed', log_path: join(dir, 'build.log') });
      expect(readFileSync(join(dir, 'build.log'), 'utf8')).toBe(log);
      expect(result.stderr).toContain('  npm ERR! missing script: setup');
      expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(/^error: Build \S+ failed after/);
      // --summary-file is relative to the current directory, which runCommand removes: run it again in `dir`.
      const again = await run('devin', devinInputs(fake), ['--summary-file', 'summary.md'], { cwd: dir });
      expect(again.exitCode).toBe(1);
      expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toMatch(/^## ❌ Snapshot build failed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on a usage or input error, naming the flags, before any request', async () => {
    const fake = await startFake(new FakeDevinApi());
    const inputs = devinInputs(fake);
    const bad = await run('devin', { ...inputs, org_id: 'no pe', timeout: '90x' }, ['--pin', '--no-wait']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('error: --org-id (or DEVIN_ORG_ID) must be an organization id');
    expect(bad.stderr).toContain('error: --timeout must be a duration');
    const conflicting = await run('devin', inputs, ['--pin', '--wait=false']);
    expect(conflicting.exitCode).toBe(2);
    expect(conflicting.stderr).toContain('error: --pin cannot be true with --no-wait, since a build is pinned only');
    const noToken = await runCommand(['devin', '--org-id', DEVIN_ORG, '--api-url', fake.url]);
    expect(noToken.exitCode).toBe(2);
    expect(noToken.stderr).toContain('error: DEVIN_API_KEY is required but empty. Export it in the environment');
    for (const args of [['--bogus'], ['--timeout'], ['stray'], ['--no-timeout'], ['--wait', 'false']]) {
      const usage = await run('devin', inputs, args);
      expect([args, usage.exitCode]).toEqual([args, 2]);
      expect(usage.stderr).toMatch(/^error: .+\nRun snapshot-build devin --help for the flags\.\n$/);
    }
    const unknown = await runCommand(['deploy']);
    expect([unknown.exitCode, unknown.stderr]).toEqual([
      2,
      `error: unknown command "deploy": the commands are ${Object.keys(REGISTRY).join(', ')}.\nRun snapshot-build --help for the flags.\n`
    ]);
    expect(fake.requests).toEqual([]);
  });

  it.each([
    ['devin', '--token=cog_flag_secret', 'DEVIN_API_KEY'],
    ['devin', '--github-token=ghp_flag_secret', 'DEVIN_API_KEY'],
    ['devin', '--api-key=cog_flag_secret', 'DEVIN_API_KEY'],
    ['dreadnode', '--token=dn_flag_secret', 'DREADNODE_API_KEY']
  ])('%s refuses %s, naming the variable to export, without echoing it', async (name, flag, variable) => {
    const fake = await startFake(new FakeDevinApi());
    const result = await runCommand([name, flag, '--api-url', fake.url]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`${flag.split('=')[0]} is refused: secrets are never taken as flags`);
    expect(result.stderr).toContain(`Export ${variable} in the environment instead.`);
    expect(terminal(result)).not.toContain('flag_secret');
    expect(fake.requests).toEqual([]);
  });

  it('exits 3 on an API error, saying what the API answered, and never shows the token', async () => {
    const fake = await startFake(new FakeDevinApi());
    const result = await run('devin', devinInputs(fake, { token: 'cog_not_the_token' }), ['--json']);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/^error: .*401/m);
    expect(JSON.parse(result.stdout)).toMatchObject({ result: '', build_id: '' });
    expect(terminal(result)).not.toContain('cog_not_the_token');
  });

  it('exits 1 when the run times out before the build finishes, cancelling it with --cancel-on-timeout', async () => {
    const fake = await startFake(
      new FakeDevinApi({ plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 60_000 } })
    );
    const result = await run('devin', devinInputs(fake, { timeout: '1s' }), ['--json', '--cancel-on-timeout']);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ result: 'timed_out' });
    expect(result.stderr).toMatch(
      /^error: timed out after 1s; build \S+ was \w+ \(--cancel-on-timeout: cancel requested, the build is now cancelled\)$/m
    );
  });

  describe('names the inputs by their flags in what it says during a run', () => {
    it.each(API_KITS.map(kit => [kit.action.name, kit] as const))(
      '%s: the build to attach to does not exist',
      async (name, kit: ApiKit) => {
        const fake = await startFake(kit.newFake());
        const result = await run(name, kit.inputs(fake, { build_id: kit.unknownBuildId }));
        expect(result.exitCode).toBe(3);
        expect(result.stderr).toContain(
          `error: Build ${kit.unknownBuildId} was not found in the organization's builds. Check --build-id and ${flagOf(kit.orgInput)}.`
        );
      }
    );

    it('the organization is pinned to another build', async () => {
      const fake = await startFake(
        new FakeDevinApi({ plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 200 } })
      );
      const pinned = fake.addBuild({
        status: 'succeeded',
        trigger: 'manual',
        pinned: true,
        createdAt: Date.now() - 3_600_000
      });
      const result = await run('devin', devinInputs(fake));
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toContain(
        `The organization is pinned to build ${pinned}: new sessions keep using it, not build ${fake.createdBuildIds()[0]}. ` +
          'Set --pin to pin each build that succeeds.'
      );
    });

    it('a sync without a build', async () => {
      const fake = await startFake(new FakeDevinApi());
      fake.setDefaultBranchBlueprint('acme/app', 'initialize: echo hi\n');
      const result = await run('devin', devinInputs(fake), ['--sync', '--no-build', '--repo', 'acme/app']);
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toContain('No build was triggered (--no-build).');
      expect(fake.createdBuildIds()).toEqual([]);
    });

    it('a blueprint file with an error, before the upload', async () => {
      const fake = await startFake(new FakeDevinApi());
      const dir = mkdtempSync(join(tmpdir(), 'command-workspace-'));
      try {
        mkdirSync(join(dir, '.devin'));
        writeFileSync(
          join(dir, '.devin/blueprint.yaml'),
          'initialize:\n  - name: Node\n    uses: actions/setup-node@v4\n'
        );
        const result = await run(
          'devin',
          devinInputs(fake),
          ['--blueprint-file', '.devin/blueprint.yaml', '--repo', 'acme/app'],
          { cwd: dir }
        );
        expect(result.exitCode).toBe(3);
        expect(result.stderr).toContain(
          'so nothing was sent to Devin (no upload, no build). Fix the errors, or set --no-check to upload it anyway:\n'
        );
        expect(fake.requests).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('on a signal', () => {
    /** A fake whose builds run for 10 minutes, and that tells when a request of a kind arrives. */
    function watchedFake(holdCancelMs = 0) {
      const arrivals: RecordedRequest[] = [];
      const fake = new FakeDevinApi({
        plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 600_000 },
        onRequest: async request => {
          arrivals.push(request);
          // An unref'd timer: a cancel still held when the test ends keeps nothing alive.
          if (devinKit.isCancel(request) && holdCancelMs)
            await new Promise(held => setTimeout(held, holdCancelMs).unref());
          return false;
        }
      });
      const arrived = async (match: (request: RecordedRequest) => boolean): Promise<void> => {
        for (let i = 0; i < 400 && !arrivals.some(match); i++) await sleep(25);
        if (!arrivals.some(match)) throw new Error('the request never arrived');
      };
      return { fake, arrived };
    }

    it.each<[NodeJS.Signals, number]>([
      ['SIGINT', 130],
      ['SIGTERM', 143]
    ])('%s cancels the build as a cancelled workflow run does, and exits %i', async (signal, code) => {
      const { fake, arrived } = watchedFake();
      await startFake(fake);
      const result = await run('devin', devinInputs(fake, { poll_interval: '200ms' }), ['--json'], {
        onSpawn: child =>
          void arrived(devinKit.isTrigger).then(async () => {
            await sleep(500);
            child.kill(signal);
          })
      });
      const [id] = fake.createdBuildIds();
      expect(result.exitCode).toBe(code);
      expect(fake.requests.filter(devinKit.isCancel).map(request => request.path)).toEqual([
        expect.stringContaining(`/builds/${id}/cancel`)
      ]);
      expect(JSON.parse(result.stdout)).toMatchObject({ build_id: id, result: 'cancelled', status: 'cancelled' });
      expect(result.stderr).toContain(`Received ${signal}: stopping, and cancelling the build`);
      expect(result.stderr).toContain(
        `error: The command was interrupted (${signal}); build ${id}: cancel requested, the build is now cancelled.`
      );
    });

    it('leaves the build running with --no-cancel-on-abort', async () => {
      const { fake, arrived } = watchedFake();
      await startFake(fake);
      const result = await run('devin', devinInputs(fake), ['--no-cancel-on-abort'], {
        onSpawn: child => void arrived(devinKit.isTrigger).then(() => sleep(300).then(() => child.kill('SIGINT')))
      });
      expect(result.exitCode).toBe(130);
      expect(fake.requests.filter(devinKit.isCancel)).toEqual([]);
      expect(result.stderr).toMatch(
        /^error: The command was interrupted \(SIGINT\); build \S+ is left \w+ \(--cancel-on-abort is false\)\.$/m
      );
    });

    it('a second SIGINT stops at once, while the cancel is still unanswered', async () => {
      const { fake, arrived } = watchedFake(15_000);
      await startFake(fake);
      let secondAt = 0;
      const result = await run('devin', devinInputs(fake), [], {
        onSpawn: child =>
          void arrived(devinKit.isTrigger).then(async () => {
            await sleep(300);
            child.kill('SIGINT');
            await arrived(devinKit.isCancel);
            secondAt = Date.now();
            child.kill('SIGINT');
          })
      });
      expect(result.exitCode).toBe(130);
      expect(Date.now() - secondAt).toBeLessThan(3000);
      expect(result.stderr).toContain('error: Interrupted again: stopping at once; the build is left as it is.');
    });
  });

  it('writes no workflow command and no server control character or escape to the terminal', async () => {
    const fake = await startFake(new FakeDevinApi({ plan: { outcome: 'succeeded', pendingMs: 150, runningMs: 600 } }));
    const hostile =
      'running\n::notice::pwned \u001b[2K\u001b[31mred\u001b]8;;https://evil.example\u0007link\r::error::x\u009b2K';
    fake.onRequest = request => {
      const [id] = fake.createdBuildIds();
      if (request.method === 'GET' && id && fake.build(id)?.status === 'running') fake.setStatusOverride(id, hostile);
      return false;
    };
    const result = await run('devin', devinInputs(fake, { timeout: '2s', show_logs: 'never' }), ['--verbose']);
    expect(result.exitCode).toBe(1);
    // The server's status reached the terminal, as text only.
    expect(result.stderr).toMatch(/→ running .*pwned.*red/);
    for (const line of terminal(result).split('\n')) expect(line.trimStart()).not.toMatch(/^::|##\[/);
    // eslint-disable-next-line no-control-regex -- control characters are what is looked for
    expect(terminal(result)).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  });

  describe('outside GitHub Actions', () => {
    function checkout(originUrl: string): string {
      const dir = mkdtempSync(join(tmpdir(), 'command-checkout-'));
      execFileSync('git', ['init', '-q', dir]);
      execFileSync('git', ['-C', dir, 'remote', 'add', 'origin', originUrl]);
      return dir;
    }

    it("syncs the origin remote's repository, never its credentials, when --repo is not given", async () => {
      const fake = await startFake(
        new FakeDevinApi({ plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 200 } })
      );
      fake.setDefaultBranchBlueprint('acme/app', 'initialize: echo hi\n');
      const dir = checkout('https://gitlab-ci-token:glcbt-credential@gitlab.example/acme/app.git');
      try {
        const result = await run('devin', devinInputs(fake), ['--sync', '--json'], {
          cwd: dir,
          env: { GITHUB_REPOSITORY: 'elsewhere/not-this' }
        });
        expect(result.exitCode).toBe(0);
        const sync = fake.requests.find(request => request.path.endsWith('/sync'));
        expect(JSON.parse(sync?.body ?? '{}')).toEqual({ repo_name: 'acme/app' });
        expect(JSON.stringify(fake.requests)).not.toContain('glcbt-credential');
        expect(terminal(result)).not.toContain('glcbt-credential');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('uploads --blueprint-file from the current directory, for --repo', async () => {
      const fake = await startFake(
        new FakeDevinApi({ plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 200 } })
      );
      const dir = mkdtempSync(join(tmpdir(), 'command-workspace-'));
      try {
        mkdirSync(join(dir, '.devin'));
        writeFileSync(join(dir, '.devin/blueprint.yaml'), 'initialize: echo candidate\n');
        const result = await run(
          'devin',
          devinInputs(fake),
          ['--blueprint-file', '.devin/blueprint.yaml', '--repo', 'acme/app'],
          { cwd: dir }
        );
        expect(result.exitCode).toBe(0);
        expect(fake.blueprints()).toEqual([
          expect.objectContaining({ repo_name: 'acme/app', contents: 'initialize: echo candidate\n' })
        ]);
        const missing = await run('devin', devinInputs(fake), ['--blueprint-file', 'nope.yaml', '--repo', 'a/b'], {
          cwd: dir
        });
        expect(missing.exitCode).toBe(2);
        expect(missing.stderr).toContain('error: --blueprint-file names no file in the workspace');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it.each([
      [
        'GitLab CI',
        {
          GITLAB_CI: 'true',
          CI_PROJECT_PATH: 'group/app',
          CI_COMMIT_SHA: 'c0ffee',
          CI_JOB_URL: 'https://gitlab.example/group/app/-/jobs/7'
        },
        { repository: 'group/app', sha: 'c0ffee', run_url: 'https://gitlab.example/group/app/-/jobs/7' }
      ],
      [
        'Buildkite',
        {
          BUILDKITE: 'true',
          BUILDKITE_REPO: 'git@github.com:acme/app.git',
          BUILDKITE_COMMIT: 'fa11',
          BUILDKITE_BUILD_URL: 'https://buildkite.com/acme/app/builds/3'
        },
        { repository: 'acme/app', sha: 'fa11', run_url: 'https://buildkite.com/acme/app/builds/3' }
      ],
      ['a terminal', { GITHUB_REPOSITORY: 'octo/app', GITHUB_SHA: 'abc' }, {}]
    ])("Dreadnode's annotate records where the run came from in %s", async (_ci, env, github) => {
      const kit = API_KITS.find(entry => entry.action.name === 'dreadnode') as ApiKit<FakeDreadnodeApi>;
      const fake = await startFake(kit.newFake({ plan: { outcome: 'success', queuedMs: 100, runningMs: 200 } }));
      const result = await run('dreadnode', kit.inputs(fake, { poll_interval: '100ms' }), [], { env });
      expect(result.exitCode).toBe(0);
      const patch = fake.requests.find(request => request.method === 'PATCH');
      expect(JSON.parse(patch?.body ?? '{}').metadata).toEqual({ github });
    });
  });
});

describe('snapshot-build check', () => {
  const FIXTURES = fileURLToPath(new URL('../fixtures/blueprints/', import.meta.url));
  /** The repo-tier fixtures, each at its own path: the file-name rule reads only paths under .devin/. */
  const repoFixtures = INVALID_BLUEPRINTS.filter(
    fixture => fixture.tier === 'repo' && fixture.file !== 'invalid/file-name.yaml'
  );

  it('passes a valid file, offline, and says so on stderr with nothing on stdout', async () => {
    const fake = await startFake(new FakeGitHubApi());
    const result = await runCommand(['check', ...VALID_BLUEPRINTS.filter(f => f.tier === 'repo').map(f => f.file)], {
      cwd: FIXTURES,
      env: { GITHUB_API_URL: fake.url }
    });
    expect([result.exitCode, result.stdout]).toEqual([0, '']);
    expect(result.stderr).toContain('valid/structured-steps.yaml: no findings, passes the check.');
    expect(fake.requests).toEqual([]);
  });

  it('prints each finding as compilers do, and exits 1 on an error', async () => {
    const result = await runCommand(['check', ...repoFixtures.map(fixture => fixture.file)], { cwd: FIXTURES });
    expect(result.exitCode).toBe(1);
    const expected = repoFixtures.flatMap(fixture =>
      fixture.findings.map(f => `${fixture.file}:${f.line}:${f.column}: ${f.severity} ${f.rule}: `)
    );
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.map(line => line.slice(0, line.indexOf(': ', line.indexOf(' ') + 1) + 2))).toEqual(expected);
    const warningsOnly = repoFixtures.find(fixture => fixture.findings.every(f => f.severity === 'warning'));
    const passes = await runCommand(['check', warningsOnly?.file ?? ''], { cwd: FIXTURES });
    expect(passes.exitCode).toBe(0);
    const strict = await runCommand(['check', '--fail-on', 'warning', warningsOnly?.file ?? ''], { cwd: FIXTURES });
    expect(strict.exitCode).toBe(1);
  });

  it('--format json gives the findings as they are, each with its path', async () => {
    const result = await runCommand(['check', '--format', 'json', ...repoFixtures.map(f => f.file)], { cwd: FIXTURES });
    const findings = JSON.parse(result.stdout) as {
      path: string;
      rule: string;
      severity: string;
      line: number;
      column: number;
    }[];
    expect(findings.map(({ path, rule, severity, line, column }) => ({ path, rule, severity, line, column }))).toEqual(
      repoFixtures.flatMap(fixture => fixture.findings.map(f => ({ path: fixture.file, ...f })))
    );
  });

  it('--format gitlab writes a Code Quality report of the documented fields, with stable fingerprints', async () => {
    const files = repoFixtures.map(fixture => fixture.file);
    const result = await runCommand(['check', '--format=gitlab', ...files], { cwd: FIXTURES });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as Record<string, unknown>[];
    const severities = { error: 'major', warning: 'minor', notice: 'info' } as const;
    expect(report).toEqual(
      repoFixtures.flatMap(fixture =>
        fixture.findings.map(f => ({
          description: expect.any(String),
          check_name: f.rule,
          fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
          severity: severities[f.severity],
          location: { path: fixture.file, lines: { begin: f.line } }
        }))
      )
    );
    const fingerprints = report.map(issue => issue.fingerprint);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    // The same findings after a line is added above them keep their fingerprints.
    const dir = mkdtempSync(join(tmpdir(), 'command-check-'));
    try {
      for (const file of files) {
        mkdirSync(join(dir, dirname(file)), { recursive: true });
        writeFileSync(join(dir, file), `# a comment line\n${readFileSync(join(FIXTURES, file), 'utf8')}`);
      }
      const moved = await runCommand(['check', '--format=gitlab', ...files], { cwd: dir });
      const movedReport = JSON.parse(moved.stdout) as Record<string, unknown>[];
      expect(movedReport.map(issue => issue.fingerprint)).toEqual(fingerprints);
      expect(movedReport.map(issue => (issue.location as { lines: { begin: number } }).lines.begin)).toEqual(
        report.map(issue => (issue.location as { lines: { begin: number } }).lines.begin + 1)
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('looks the actions up on GitHub only with --verify-actions, with GITHUB_TOKEN from the environment', async () => {
    const token = 'ghs_check_token';
    const fake = await startFake(
      new FakeGitHubApi({
        token,
        repositories: [
          { fullName: 'actions/setup-node', refs: { v4: { 'action.yml': 'runs:\n  using: node20\n  main: i.js\n' } } }
        ]
      })
    );
    const dir = mkdtempSync(join(tmpdir(), 'command-check-'));
    try {
      mkdirSync(join(dir, '.devin'));
      const steps = [
        'initialize:',
        '  - uses: github.com/actions/setup-node@v4',
        '  - uses: github.com/actions/setup-node@v999', // no such ref: an error
        ''
      ];
      writeFileSync(join(dir, '.devin/blueprint.yaml'), steps.join('\n'));
      const env = { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token };
      const offline = await runCommand(['check'], { cwd: dir, env });
      expect([offline.exitCode, fake.requests]).toEqual([0, []]);
      const verified = await runCommand(['check', '--verify-actions'], { cwd: dir, env });
      expect(verified.exitCode).toBe(1);
      expect(verified.stdout).toMatch(
        /^\.devin\/blueprint\.yaml:3:\d+: error action-not-found: .*has no branch, tag or commit v999/m
      );
      expect(fake.requests.length).toBeGreaterThan(0);
      expect(fake.requests.every(request => request.headers.authorization === `Bearer ${token}`)).toBe(true);
      expect(terminal(verified)).not.toContain(token);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on an input error, and refuses --github-token naming GITHUB_TOKEN', async () => {
    const tier = await runCommand(['check', '--tier', 'team'], { cwd: FIXTURES });
    expect([tier.exitCode, tier.stderr]).toEqual([
      2,
      'error: --tier must be one of repo, org, enterprise (got "team").\n'
    ]);
    const missing = await runCommand(['check']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('error: --path names no file in the workspace');
    const flag = await runCommand(['check', '--github-token=ghp_flag_secret']);
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toContain('Export GITHUB_TOKEN in the environment instead.');
    expect(terminal(flag)).not.toContain('flag_secret');
    const format = await runCommand(['check', '--format', 'sarif']);
    expect([format.exitCode, format.stderr.split('\n')[0]]).toEqual([
      2,
      'error: --format must be one of text, gitlab, json.'
    ]);
  });
});
