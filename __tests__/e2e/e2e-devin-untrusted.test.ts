// A server that is merely different, or hostile, as the runner sees it: a bundle of the current
// sources run as a child process against the fake Devin API bent by hooks. Each test is one way
// the action once went wrong (a wrong verdict, a second build, a runner command from the server,
// output without bound, an early timeout, a spin, a crash, an orphaned build, an echoed password).
import { describe, expect, it } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { FakeDevinApi, type FakeDevinApiOptions, type RecordedRequest } from '../../fakes/devin/api.js';
import devinKit, { DEVIN_ORG, DEVIN_TOKEN } from '../../harness/kits/devin.js';
import { visibleOutput } from '../../harness/runner.js';
import {
  errorLines,
  failing,
  runAction,
  runnerCommandsFromServer,
  startFake,
  type StepRunOptions
} from '../support/index.js';

/** Builds pending 150 ms, then running 300 ms, unless the options say otherwise. */
const newFake = (options: FakeDevinApiOptions = {}) =>
  new FakeDevinApi({ plan: { outcome: 'succeeded', pendingMs: 150, runningMs: 300 }, ...options });

function run(fake: FakeDevinApi, overrides: Record<string, string> = {}, options: StepRunOptions = {}) {
  const inputs = { org_id: DEVIN_ORG, token: DEVIN_TOKEN, api_url: fake.url, poll_interval: '100ms', ...overrides };
  return runAction(devinKit, inputs, options);
}

// Unref'd: a hook still waiting when its test ends must not hold jest open.
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms).unref());
const { isTrigger } = devinKit;

/** Answers with the fake's own reply, its body changed by `edit` and its Date header by `date` ('' drops it). */
function rewrite(
  fake: FakeDevinApi,
  request: RecordedRequest,
  response: ServerResponse,
  edit: (body: Record<string, unknown>) => unknown = body => body,
  date?: string
): true {
  const reply = fake.reply(request);
  response.sendDate = false;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const dateHeader = date ?? new Date(fake.now()).toUTCString();
  if (dateHeader) headers.date = dateHeader;
  response.writeHead(reply.status, headers).end(JSON.stringify(edit(reply.body as Record<string, unknown>)));
  return true;
}

describe('against a server that is merely different, or hostile', () => {
  it('does not pass a failed build: a 502 after creating it, a Date header hours behind, an older manual build that succeeded', async () => {
    const fake = await startFake(newFake({ plan: { outcome: 'failed', pendingMs: 100, runningMs: 300 } }));
    fake.addBuild({ status: 'succeeded', trigger: 'manual', createdAt: Date.now() - 60 * 60_000 });
    let posts = 0;
    fake.onRequest = (request, response) => {
      if (isTrigger(request) && posts++ === 0) {
        fake.reply(request);
        response.writeHead(502).end();
        return true;
      }
      return rewrite(fake, request, response, undefined, new Date(Date.now() - 3 * 3_600_000).toUTCString());
    };
    const result = await run(fake);
    expect(result.exitCode).toBe(1);
    expect(result.outputs.result).not.toBe('success');
    expect(result.stdout).toMatch(
      /builds were created around the time of the trigger|not after it by both the runner's clock and the API's/
    );
    expect(fake.createdBuildIds()).toHaveLength(1);
  });

  it('names the build id the server sent that breaks the build_id rule, says a build may exist, and prints no command', async () => {
    const fake = await startFake(newFake());
    fake.onRequest = (request, response) =>
      isTrigger(request) &&
      rewrite(fake, request, response, body => ({ ...body, build_id: 'bld_1\n::add-mask::x\n::notice::pwned' }));
    const result = await run(fake);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('answered with a build id that is not of the expected form');
    expect(result.stdout).toContain('a build may have been created');
    expect(runnerCommandsFromServer(result)).toEqual([]);
    expect(result.outputs.build_id).toBe('');
  });

  it.each([
    ['a status with a newline and ::notice', 'running\n::notice::pwned'],
    ['a status with ::stop-commands', 'running\n::stop-commands::abc'],
    ['a status with ##[set-output]', 'running ##[set-output name=result;]success'],
    ['a status with a CR that would add a summary heading', 'running\r## Injected heading'],
    ['a status with ANSI and OSC escapes', 'running \u001b[31mred\u001b]8;;https://evil.example\u0007link']
  ])('lets no server text act as a runner command: %s', async (_what, status) => {
    const fake = await startFake(newFake({ plan: { outcome: 'succeeded', pendingMs: 150, runningMs: 600 } }));
    fake.onRequest = request => {
      const [id] = fake.createdBuildIds();
      if (request.method === 'GET' && id && fake.build(id)?.status === 'running') fake.setStatusOverride(id, status);
      return false;
    };
    const result = await run(fake, { timeout: '2s' });
    expect(runnerCommandsFromServer(result)).toEqual([]);
    expect(result.summary).not.toMatch(/^## Injected/m);
    expect(visibleOutput(result)).not.toContain('\u001b');
    for (const character of ['\r', '\n', '\u001b']) expect(result.outputs.status).not.toContain(character);
  });

  it.each([
    ['a 422 whose msg holds newlines', 422, { detail: [{ loc: ['body'], msg: 'bad\n::notice::pwned', type: 'x' }] }],
    ['a 502 whose body holds a newline and ::warning', 502, { detail: 'gateway\n::warning::pwned' }],
    ['a 500 whose body holds ##[set-output]', 500, { detail: 'oops ##[set-output name=result;]success\n::error::x' }]
  ])('lets no server text act as a runner command: %s', async (_what, status, body) => {
    const fake = await startFake(newFake());
    fake.onRequest = failing(() => true, status, { body });
    const result = await run(fake, { timeout: '3s', request_timeout: '500ms' });
    expect(result.exitCode).toBe(1);
    expect(runnerCommandsFromServer(result)).toEqual([]);
    expect(errorLines(result)).toHaveLength(1);
  });

  it('keeps the step log, the summary and the outputs small when a 2 MB status changes at every check', async () => {
    const fake = await startFake(newFake({ plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 60_000 } }));
    let checks = 0;
    fake.onRequest = request => {
      const [id] = fake.createdBuildIds();
      if (request.method === 'GET' && id) fake.setStatusOverride(id, `${checks++}`.padEnd(2 * 1024 * 1024, 'x'));
      return false;
    };
    const result = await run(fake, { timeout: '3s' });
    expect(checks).toBeGreaterThan(10);
    expect(result.exitCode).toBe(1);
    expect(Buffer.byteLength(result.stdout)).toBeLessThan(256 * 1024);
    expect(Buffer.byteLength(result.summary)).toBeLessThan(512 * 1024);
    for (const value of Object.values(result.outputs)) expect(value.length).toBeLessThanOrEqual(1000);
  });

  it('waits out a Retry-After longer than the time left until the deadline, then times out (and cancels as asked)', async () => {
    const fake = await startFake(newFake({ plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 60_000 } }));
    fake.onRequest = (request, response) => {
      if (request.method !== 'GET') return false;
      response.writeHead(503, { 'retry-after': '3600' }).end();
      return true;
    };
    const started = Date.now();
    const result = await run(fake, { timeout: '2s', cancel_on_timeout: 'true', show_logs: 'never' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(result.outputs.result).toBe('timed_out');
    expect(result.stdout).toContain('::error::timed out after 2s; build');
  });

  it.each(['600h', '2147484s'])(
    "refuses a timeout of %s (past Node's timer range) instead of spinning",
    async timeout => {
      const fake = await startFake(newFake());
      const result = await run(fake, { timeout });
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain('::error::Input "timeout" must be at most 120h');
      expect(fake.requests).toHaveLength(0);
    }
  );

  it.each([1e20, 9e15])(
    'reads a timestamp outside the Date range (%d) as unknown: every output and the summary, no crash',
    async wild => {
      const fake = await startFake(newFake());
      fake.onRequest = (request, response) =>
        rewrite(fake, request, response, body =>
          Array.isArray(body.items)
            ? { ...body, items: body.items.map(item => ({ ...item, created_at: wild })) }
            : { ...body, created_at: wild }
        );
      const result = await run(fake);
      expect(result.stderr).not.toContain('RangeError');
      expect(result.exitCode).toBe(0);
      expect(result.outputs).toMatchObject({ result: 'success', created_at: '' });
      expect(result.summary).not.toBe('');
    }
  );

  it('names the build a slow trigger made when the runner cancels during it, and cancels nothing it cannot prove its own', async () => {
    const fake = await startFake(newFake({ plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 600_000 } }));
    fake.onRequest = async (request, response) => {
      if (!isTrigger(request)) return false;
      fake.reply(request); // the build exists at once; the answer is 20 s late
      await sleep(20_000);
      if (!response.destroyed) response.writeHead(504).end();
      return true;
    };
    // The runner's cancel: SIGINT, SIGTERM 7.5 s later, a kill 2.5 s after that.
    const onSpawn = (child: ChildProcess) => {
      const signals = setInterval(() => {
        if (!fake.requests.some(isTrigger)) return;
        clearInterval(signals);
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGTERM'), 7500).unref();
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }, 20);
    };
    const main = await run(fake, {}, { onSpawn, killAfterMs: 30_000 });
    expect(main.signal).toBeNull(); // it ended on its own, within the budget
    expect(main.exitCode).toBe(1);
    expect(main.stdout).toContain('while the trigger was unanswered: a build may have been created');
    expect(main.stdout).toContain("Check the organization's builds.");
    expect(main.state.trigger_sent_at).toMatch(/^\d{13}$/);
    expect(main.state.build_id).toBeUndefined();
    const state = Object.fromEntries(Object.entries(main.state).map(([name, value]) => [`STATE_${name}`, value]));
    const post = await run(fake, {}, { step: 'post', env: state });
    const [id] = fake.createdBuildIds();
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toContain(`Build ${id} (running) has been created since; nothing is cancelled`);
    expect(fake.requests.filter(r => r.path.endsWith('/cancel'))).toHaveLength(0);
    expect(fake.build(id)?.status).toBe('running');
  }, 60_000);

  it('never echoes the credentials of an api_url it refuses', async () => {
    const fake = await startFake(newFake());
    const result = await run(fake, { api_url: 'https://user:hunter2password@api.example.com/' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('::error::Input "api_url" must be an https:// URL');
    expect(visibleOutput(result)).not.toContain('hunter2password');
    expect(visibleOutput(result)).not.toContain('user:');
  });
});
