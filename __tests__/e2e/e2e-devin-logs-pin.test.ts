// The build's log and the pin, as the runner sees them: a bundle of the current sources against
// the fake Devin API, whose logs endpoint answers a presigned URL on a second local server (the
// fake's log storage) that refuses any Authorization header.
import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDevinApi, type FakeDevinApiOptions } from '../../fakes/devin/api.js';
import type { LogContent } from '../../fakes/devin/log-storage.js';
import devinKit, { DEVIN_ORG, DEVIN_TOKEN } from '../../harness/kits/devin.js';
import { visibleOutput, type ActionRun } from '../../harness/runner.js';
import { errorLines, failing, runAction, startFake } from '../support/index.js';

let keptDir: string | undefined;
afterEach(() => {
  if (keptDir) rmSync(keptDir, { recursive: true, force: true });
  keptDir = undefined;
});

/** A RUNNER_TEMP that outlives the run (runAction removes its own), for reading log_path after it. */
function kept(): string {
  keptDir = mkdtempSync(join(tmpdir(), 'runner-temp-'));
  return keptDir;
}

/** A fake whose builds fail after 300 ms, each with `log` as its log file. */
function newFake(log: LogContent, options: FakeDevinApiOptions = {}): FakeDevinApi {
  const fake = new FakeDevinApi({ plan: { outcome: 'failed', pendingMs: 100, runningMs: 200 }, ...options });
  fake.onRequest = () => {
    for (const id of fake.createdBuildIds()) fake.setBuildLog(id, log);
    return false;
  };
  return fake;
}

function run(fake: FakeDevinApi, overrides: Record<string, string> = {}, env: Record<string, string> = {}) {
  const inputs = { org_id: DEVIN_ORG, token: DEVIN_TOKEN, api_url: fake.url, poll_interval: '100ms', ...overrides };
  return runAction(devinKit, inputs, { env });
}

/** The step log's group of log lines: between ::group:: and ::endgroup::, inside the stop-commands block. */
function logGroup(result: ActionRun): string[] {
  const lines = result.stdout.split('\n');
  const start = lines.findIndex(line => line.startsWith('::group::Build log'));
  const end = lines.indexOf('::endgroup::', start);
  return start < 0 ? [] : lines.slice(start, end + 1);
}

const FAILURE_LOG = ['Building snapshot', 'Cloning repositories', 'npm ERR! missing script: setup', ''].join('\n');

describe('the build log', () => {
  it("shows a failed build's log tail in the step log, the summary and log_path, with no credential on the log's host", async () => {
    const fake = await startFake(newFake(FAILURE_LOG));
    const result = await run(fake, {}, { RUNNER_DEBUG: '1' });
    expect(result.exitCode).toBe(1);
    const group = logGroup(result);
    expect(group[0]).toBe('::group::Build log (last 200 lines)');
    expect(group[1]).toMatch(/^::stop-commands::[0-9a-f]{32}$/);
    expect(group.slice(2, 5)).toEqual(['Building snapshot', 'Cloning repositories', 'npm ERR! missing script: setup']);
    expect(group.at(-2)).toBe(`::${group[1].slice('::stop-commands::'.length)}::`);
    expect(result.summary).toContain('npm ERR! missing script: setup');
    expect(result.summary).toContain('<details');
    // The log's end is shown: the failure does not send the user to Devin for it.
    expect(errorLines(result)).toEqual([
      expect.stringMatching(/^::error::Build bld_\w+ failed after \S+ \(status failed\)\.$/)
    ]);
    // The file is in the step's RUNNER_TEMP, which runAction removes after reading: its name is checked.
    expect(result.outputs.log_path).toMatch(/\/snapshot-build-log-[0-9a-f]{12}\.txt$/);
    expect(result.outputs.log_path).not.toContain(fake.createdBuildIds()[0]);
    expect(fake.logStorage.requests).toHaveLength(1);
    expect(fake.logStorage.requests[0].headers.authorization).toBeUndefined();
    expect(fake.logStorage.requests[0].status).toBe(200);
    // The presigned URL is masked at once, and neither it, its path nor its query shows anywhere.
    const presigned = new URL(fake.logStorage.requests[0].url, fake.logStorage.url);
    expect(result.stdout).toContain(`::add-mask::${presigned.href}`);
    for (const secret of [
      presigned.pathname,
      presigned.search.slice(1),
      presigned.searchParams.get('X-Amz-Signature')
    ]) {
      expect(visibleOutput(result)).not.toContain(secret);
    }
    expect(visibleOutput(result)).not.toContain(DEVIN_TOKEN);
  });

  it('keeps the whole log in log_path, the tail to log_lines', async () => {
    const fake = await startFake(newFake(FAILURE_LOG));
    const result = await run(fake, { log_lines: '2' }, { RUNNER_TEMP: kept() });
    expect(logGroup(result).slice(2, 5)).toEqual([
      '… 1 earlier line left out',
      'Cloning repositories',
      'npm ERR! missing script: setup'
    ]);
    expect(readFileSync(result.outputs.log_path, 'utf8')).toBe(FAILURE_LOG);
  });

  it("shows a timed-out build's log so far", async () => {
    const fake = await startFake(
      newFake('still compiling\n', {
        plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 600_000 }
      })
    );
    const result = await run(fake, { timeout: '1s' });
    expect(result.outputs.result).toBe('timed_out');
    expect(logGroup(result)).toContain('still compiling');
  });

  it('lets no log line act as a runner command, and cleans escapes and invalid UTF-8', async () => {
    const hostile = Buffer.concat([
      Buffer.from('::error::pwned\n##[set-output name=result;]success\n  ::add-mask::x\n\u001b[31mred\u001b[0m\n'),
      Buffer.from([0xff, 0xfe, 0x41, 0x0a]),
      Buffer.from('::endgroup::\n')
    ]);
    const fake = await startFake(newFake(hostile));
    const result = await run(fake);
    const group = logGroup(result);
    const token = group[1].slice('::stop-commands::'.length);
    const inside = group.slice(2, -2);
    expect(inside).toHaveLength(6);
    for (const line of inside) {
      expect(line.trimStart()).not.toMatch(/^::/);
      expect(line).not.toContain('##[');
      expect(line).not.toContain('\u001b');
      expect(line.toLowerCase()).not.toContain(token);
    }
    expect(inside[3]).toBe('red');
    expect(inside[4]).toBe('\ufffd\ufffdA');
    expect(errorLines(result)).toHaveLength(1);
  });

  it('keeps the step log and the summary small for a 5 MB log, the whole of which goes to the file', async () => {
    const fake = await startFake(
      newFake({ size: 5 * 1024 * 1024, line: 'compiling module with a fairly long line of output' })
    );
    const result = await run(fake, {}, { RUNNER_TEMP: kept() });
    expect(statSync(result.outputs.log_path).size).toBe(5 * 1024 * 1024);
    expect(Buffer.byteLength(result.stdout)).toBeLessThan(64 * 1024);
    expect(Buffer.byteLength(result.summary)).toBeLessThan(16 * 1024);
  });

  it('fetches no log on success by default', async () => {
    const fake = await startFake(newFake('ok\n', { plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 200 } }));
    const result = await run(fake);
    expect(result.exitCode).toBe(0);
    expect(fake.requests.some(r => r.path.endsWith('/logs'))).toBe(false);
    expect(result.outputs.log_path).toBe('');
  });

  it.each<[403 | 404, string]>([
    [403, "No build log: The token is not allowed to read snapshot builds' logs in org-test (403)."],
    [404, 'No build log: The logs endpoint answered 404 in org-test.']
  ])(
    'says in one line what the API answered when there is no log (%d), and keeps the verdict',
    async (status, line) => {
      const fake = await startFake(newFake('x\n', { logsEndpoint: status }));
      const result = await run(fake);
      expect(result.outputs).toMatchObject({ result: 'failure', log_path: '' });
      expect(errorLines(result)[0]).toMatch(/\(status failed\)\. See the build's logs in Devin\.$/);
      expect(result.stdout.split('\n').filter(l => l.startsWith('No build log:'))).toEqual([
        expect.stringContaining(line)
      ]);
      expect(logGroup(result)).toEqual([]);
    }
  );
});

describe('the pin', () => {
  it('pins a build that succeeded, then finds it active', async () => {
    const fake = await startFake(newFake('', { plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 200 } }));
    const result = await run(fake, { pin: 'true' });
    const [id] = fake.createdBuildIds();
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ result: 'success', pinned: 'true', active: 'true' });
    expect(fake.build(id)?.pinned).toBe(true);
    const paths = fake.requests.map(r => `${r.method} ${r.path}`);
    expect(paths.indexOf(`POST ${fake.requests.find(r => r.path.endsWith('/pin'))?.path}`)).toBeLessThan(
      paths.findIndex((_p, i) => fake.requests[i].query.active === 'true')
    );
  });

  it('fails the step, result still success, when the API refuses the pin (409)', async () => {
    const fake = await startFake(newFake('', { plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 200 } }));
    fake.onRequest = failing(request => request.path.endsWith('/pin'), 409, {
      body: { detail: 'Builds older than 7 days cannot be pinned' }
    });
    const result = await run(fake, { pin: 'true' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ result: 'success', pinned: 'false' });
    expect(result.stdout).toMatch(
      /::error::Build bld_\w+ succeeded after \d+m?s, but was not pinned: The Devin API refused the pin \(POST builds\/\{build_id\}\/pin\) \(409\): the API pins only a build that succeeded less than 7 days ago\./
    );
    expect(result.summary).toMatch(/^## .*succeeded.*not pinned/m);
  });

  it('names ManageOrgSnapshots when the token may not pin (403)', async () => {
    const fake = await startFake(newFake('', { plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 200 } }));
    fake.onRequest = failing(request => request.path.endsWith('/pin'), 403, { body: { detail: 'Forbidden' } });
    const result = await run(fake, { pin: 'true' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(
      'but was not pinned: The token is not allowed to pin snapshot builds in org-test (403). Give the service user the ManageOrgSnapshots permission'
    );
  });

  it('never pins a failed build', async () => {
    const fake = await startFake(newFake('boom\n'));
    const result = await run(fake, { pin: 'true' });
    expect(result.outputs).toMatchObject({ result: 'failure', pinned: '' });
    expect(fake.requests.some(r => r.path.endsWith('/pin'))).toBe(false);
  });

  it('says so when the organization is pinned to another build, without pin', async () => {
    const fake = await startFake(newFake('', { plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 200 } }));
    const pinned = fake.addBuild({
      status: 'succeeded',
      trigger: 'manual',
      pinned: true,
      createdAt: Date.now() - 3_600_000
    });
    const result = await run(fake);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ result: 'success', active: 'false', pinned: '' });
    expect(result.stdout).toContain(
      `::warning::The organization is pinned to build ${pinned}: new sessions keep using it, not build ${fake.createdBuildIds()[0]}. Set pin: true to pin each build that succeeds.`
    );
    expect(existsSync(result.outputs.log_path)).toBe(false);
  });

  it('refuses pin: true with wait: false before sending anything', async () => {
    const fake = await startFake(newFake(''));
    const result = await run(fake, { pin: 'true', wait: 'false' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('::error::Input "pin" cannot be true with wait: false');
    expect(fake.requests).toHaveLength(0);
  });
});
