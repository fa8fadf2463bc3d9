// `npm run local-action` (scripts/local-action.ts) as a developer runs it: the Devin main and post
// steps from the sources, their failure, the log as the runner shows it, and a sync against serve.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeDevinApi, type FakeDevinApiOptions } from '../../fakes/devin/api.js';
import { parseCommandFile } from '../../harness/runner.js';

// `npm run local-action` (scripts/local-action.ts) runs a step's entry from the sources under tsx,
// with the inputs and the runner's files named in the env file, and prints its log as the runner
// shows it. Each run takes a second or two, mostly tsx compiling the action, so the Devin steps and the
// check step (which needs no fake) are run here; the Dreadnode one differs only in its env file (a
// manual check in CONTRIBUTING.md).
// A sync is run against the fake's own CLI (fakes/devin/serve.ts), as the README tells users to.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RUN_TIMEOUT_MS = 60_000;

interface LocalActionRun {
  exitCode: number;
  stdout: string;
  summary: string;
  outputs: Record<string, string>;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'local-action-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const started: FakeDevinApi[] = [];
afterEach(() => Promise.all(started.splice(0).map(server => server.stop())));

async function fake(options: FakeDevinApiOptions = {}): Promise<FakeDevinApi> {
  const server = new FakeDevinApi({ plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 200 }, ...options });
  started.push(server);
  await server.start();
  return server;
}

/** Runs `npm run local-action -- <target> --env-file <file> [args]` with an env file for the fake at `url`. */
function localAction(target: string, url: string, args: string[] = []): Promise<LocalActionRun> {
  const summaryFile = join(dir, `${target}-summary.md`);
  const outputFile = join(dir, `${target}-output.txt`);
  const envFile = join(dir, `${target}.env`);
  writeFileSync(
    envFile,
    [
      'INPUT_ORG_ID=org-test',
      'INPUT_TOKEN=cog_test_token',
      `INPUT_API_URL=${url}`,
      'INPUT_POLL_INTERVAL=100ms',
      'INPUT_TIMEOUT=20s',
      `GITHUB_STEP_SUMMARY=${summaryFile}`,
      `GITHUB_OUTPUT=${outputFile}`
    ].join('\n')
  );
  // Jest's NODE_OPTIONS (--experimental-vm-modules) are not the ones a developer runs it with.
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const command = [tsx, 'scripts/local-action.ts', target, '--env-file', envFile, ...args];
  return new Promise(resolvePromise => {
    execFile(process.execPath, command, { cwd: ROOT, env }, (error, stdout) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      const outputs = parseCommandFile(readFileSync(outputFile, 'utf8'));
      resolvePromise({ exitCode, stdout, summary: readFileSync(summaryFile, 'utf8'), outputs });
    });
  });
}

describe('npm run local-action', () => {
  it(
    'runs the Devin main step from the sources: it passes, sets the outputs and writes the summary',
    async () => {
      const server = await fake();
      const result = await localAction('devin', server.url);
      const [id] = server.createdBuildIds();
      expect(result.stdout).not.toMatch(/^Error:/m);
      expect(result.exitCode).toBe(0);
      expect(result.outputs).toMatchObject({ build_id: id, status: 'succeeded', result: 'success' });
      expect(result.summary).toContain('## ✅ Snapshot build succeeded');
    },
    RUN_TIMEOUT_MS
  );

  it(
    'exits 1 when the step fails, saying why',
    async () => {
      const server = await fake({ token: 'cog_another_token' });
      const result = await localAction('devin', server.url);
      expect(result.stdout).toMatch(/^Error: The Devin API rejected the token \(401\)/m);
      expect(result.stdout).not.toContain('::');
      expect(result.exitCode).toBe(1);
    },
    RUN_TIMEOUT_MS
  );

  it(
    'runs the Devin post step on its own with the STATE_ values given: it cancels the build',
    async () => {
      const server = await fake();
      const id = server.addBuild({ status: 'running', trigger: 'manual' });
      const result = await localAction('devin-post', server.url, [`STATE_build_id=${id}`]);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain(`cancelled build ${id} (now cancelled)`);
      expect(server.build(id)?.status).toBe('cancelled');
    },
    RUN_TIMEOUT_MS
  );

  it(
    "prints the step's log as the runner shows it: a group header and its lines, no command markers",
    async () => {
      const server = await fake({ plan: { outcome: 'failed', pendingMs: 100, runningMs: 200 } });
      const result = await localAction('devin', server.url);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toMatch(/^▼ Build log \(last \d+ lines?\)$/m);
      expect(result.stdout).toMatch(/^Error: Build \S+ failed after/m);
      expect(result.stdout).not.toMatch(/^::/m);
    },
    RUN_TIMEOUT_MS
  );

  it(
    'syncs a blueprint against the fake started with --default-branch-blueprint, as the README says',
    async () => {
      const fakeCli = spawn(
        process.execPath,
        ['--import', 'tsx', 'fakes/devin/serve.ts', '--default-branch-blueprint', 'acme/app', '--running', '200'],
        { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } }
      );
      try {
        let stdout = '';
        let stderr = '';
        fakeCli.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        fakeCli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        while (!stdout.includes('\n')) {
          if (fakeCli.exitCode !== null) throw new Error(`serve.ts exited early: ${stderr}`);
          await once(fakeCli.stdout, 'data');
        }
        const url = stdout.trim().replace('FAKE_DEVIN_API_URL=', '');
        const result = await localAction('devin', url, ['INPUT_SYNC=true', 'GITHUB_REPOSITORY=acme/app']);
        expect(result.stdout).not.toMatch(/^Error:/m);
        expect(result.exitCode).toBe(0);
        expect(result.outputs).toMatchObject({ status: 'succeeded', result: 'success' });
        expect(result.summary).toContain('Synced the blueprint of `acme/app`');
        expect(stderr).toMatch(/^POST \/v3beta1\/organizations\/org-test\/snapshot-setup\/sync -> 200$/m);
      } finally {
        fakeCli.kill('SIGTERM');
      }
    },
    RUN_TIMEOUT_MS
  );

  it(
    'runs the check step from the sources, with no fake: a finding on its line, and exit 1 on an error',
    async () => {
      const fixture = '__tests__/fixtures/blueprints/invalid/uses-format.yaml';
      const result = await localAction('check', 'http://127.0.0.1:9', [
        'GITHUB_WORKSPACE=.',
        `INPUT_PATH=${fixture}`,
        'INPUT_VERIFY_ACTIONS=false'
      ]);
      expect(result.stdout).toContain(`${fixture}:3:11: error uses-format: `);
      expect(result.stdout).toMatch(/^Error: .*github\.com\/actions\/setup-node@v4/m);
      expect(result.exitCode).toBe(1);
      expect(result.outputs).toMatchObject({ errors: '1', warnings: '0' });
      expect(result.summary).toContain('## ❌ Blueprint check failed: 1 error');
    },
    RUN_TIMEOUT_MS
  );
});
