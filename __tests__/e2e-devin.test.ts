import { afterEach, describe, expect, it } from '@jest/globals';
import { FakeDevinApi, type FakeDevinApiOptions } from '../fake-api/devin.js';
import { runAction, visibleOutput, type ActionRun } from '../fake-api/runner.js';
import { TEST_ORG, TEST_TOKEN } from '../fake-api/devin-gate.js';

// The committed bundle, run as the runner runs it, against the fake API on real time: short
// build lifecycles and a 100 ms poll interval keep each run well under a second or two.
let api: FakeDevinApi | undefined;
afterEach(async () => {
  await api?.stop();
  api = undefined;
});

async function start(options: FakeDevinApiOptions = {}): Promise<FakeDevinApi> {
  api = new FakeDevinApi({ plan: { outcome: 'succeeded', pendingMs: 150, runningMs: 300 }, ...options });
  await api.start();
  return api;
}

function inputs(fake: FakeDevinApi, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    org_id: TEST_ORG,
    token: TEST_TOKEN,
    api_url: fake.url,
    poll_interval: '100ms',
    timeout: '20s',
    ...overrides
  };
}

function expectNoLeak(run: ActionRun): void {
  expect(visibleOutput(run)).not.toContain(TEST_TOKEN);
}

describe('dist/index.js, run as the runner runs it', () => {
  it('passes on a successful build, with every output and a summary', async () => {
    const fake = await start();
    const run = await runAction(inputs(fake));
    const [id] = fake.createdBuildIds();
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({
      build_id: id,
      status: 'succeeded',
      result: 'success',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      started_at: expect.stringMatching(/Z$/),
      completed_at: expect.stringMatching(/Z$/),
      duration_seconds: expect.stringMatching(/^\d+$/),
      active: 'true'
    });
    expect(run.state).toEqual({ build_id: id, main_finished: 'true' });
    expect(run.stdout).toContain(`Triggered build ${id} (pending)`);
    expect(run.stdout).toContain(`Build ${id}: pending → running`);
    expect(run.stdout).toContain(`Build ${id}: running → succeeded`);
    expect(run.summary).toContain('## Snapshot build');
    expect(run.summary).toContain(`| Build | ${id} |`);
    expect(run.summary).toContain('| Result | ✅ success |');
    expect(run.summary).toContain('| Active | true |');
    expect(run.summary).toMatch(/### Timeline[\s\S]*\| pending \|[\s\S]*\| running \|[\s\S]*\| succeeded \|/);
    expect(
      fake.requests.every(r => /^snapshot-build-action\/\d+\.\d+\.\d+$/.test(String(r.headers['user-agent'])))
    ).toBe(true);
    expect(fake.createdBuildIds()).toHaveLength(1);
    expectNoLeak(run);
  });

  it.each<['failed' | 'cancelled', string, RegExp]>([
    ['failed', 'failure', /::error::Build bld_[0-9a-f]+ failed after \d+(ms|s) \(status failed\)/],
    ['cancelled', 'cancelled', /::error::Build bld_[0-9a-f]+ was cancelled/]
  ])('fails on a %s build', async (outcome, result, message) => {
    const fake = await start({ plan: { outcome, pendingMs: 100, runningMs: 200 } });
    const run = await runAction(inputs(fake));
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ build_id: fake.createdBuildIds()[0], status: outcome, result });
    expect(run.outputs.active).toBe('');
    expect(run.stdout).toMatch(message);
    expectNoLeak(run);
  });

  it('times out with the last status, cancelling when asked', async () => {
    const fake = await start({ plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 600_000 } });
    const run = await runAction(inputs(fake, { timeout: '1500ms', cancel_on_timeout: 'true' }));
    const [id] = fake.createdBuildIds();
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      `::error::timed out after 2s; build ${id} is still running (cancel_on_timeout: cancel requested, the build is now cancelled)`
    );
    expect(run.outputs).toMatchObject({
      build_id: id,
      status: 'cancelled',
      result: 'timed_out',
      completed_at: expect.stringMatching(/Z$/)
    });
    expect(fake.requests.filter(r => r.path.endsWith('/cancel'))).toHaveLength(1);
    expectNoLeak(run);
  });

  it('reads timestamps sent in milliseconds as well as in seconds', async () => {
    const fake = await start({ timestampUnit: 'ms' });
    const before = Date.now();
    const run = await runAction(inputs(fake));
    expect(run.exitCode).toBe(0);
    const created = Date.parse(run.outputs.created_at);
    expect(created).toBeGreaterThanOrEqual(before - 1000);
    expect(created).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(run.outputs.completed_at)).toBeGreaterThan(Date.parse(run.outputs.started_at));
  });

  it('finds its build on page 3', async () => {
    const fake = await start({ newerBuildsAfterTrigger: 230 });
    const run = await runAction(inputs(fake));
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ build_id: fake.createdBuildIds()[0], result: 'success' });
    expect(fake.requests.some(r => r.query.after)).toBe(true);
  });

  it('with wait: false, triggers, sets outputs and succeeds at once', async () => {
    const fake = await start();
    const run = await runAction(inputs(fake, { wait: 'false' }));
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({
      build_id: fake.createdBuildIds()[0],
      status: 'pending',
      result: 'triggered',
      completed_at: ''
    });
    expect(fake.requests.map(r => r.method)).toEqual(['POST']);
  });

  it('attaches to an existing build by build_id', async () => {
    const fake = await start();
    const id = fake.addBuild({
      status: 'succeeded',
      trigger: 'auto',
      createdAt: Date.now() - 300_000,
      startedAt: Date.now() - 290_000,
      completedAt: Date.now() - 10_000
    });
    const run = await runAction(inputs(fake, { build_id: id }));
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({
      build_id: id,
      status: 'succeeded',
      result: 'success',
      duration_seconds: '280'
    });
    expect(fake.requests.filter(r => r.method === 'POST')).toHaveLength(0);
  });

  it.each([
    [{ org_id: '' }, 'Input "org_id" is required but empty.'],
    [{ token: '' }, 'Input "token" is required but empty.'],
    [{ org_id: 'acme' }, 'Input "org_id" must be an organization id starting with org-'],
    [{ timeout: 'forever' }, 'Input "timeout" must be a duration such as 90s, 15m, 1h30m or 500ms'],
    [{ poll_interval: '10ms' }, 'Input "poll_interval" must be a duration'],
    [{ wait: 'maybe' }, 'Input "wait" must be true or false (got "maybe").'],
    [{ cancel_on_timeout: 'yes' }, 'Input "cancel_on_timeout" must be true or false'],
    [{ cancel_on_abort: 'on' }, 'Input "cancel_on_abort" must be true or false'],
    [{ request_timeout: '5x' }, 'Input "request_timeout" must be a duration'],
    [{ build_id: '../../x' }, 'Input "build_id" must be a build id'],
    [
      { api_url: 'http://example.com' },
      'Input "api_url" must be an https:// URL (http:// only to localhost, 127.0.0.0/8 or [::1])'
    ]
  ])('refuses bad input %j with one clear line and sends nothing', async (overrides, message) => {
    const fake = await start();
    const run = await runAction(inputs(fake, overrides));
    expect(run.exitCode).toBe(1);
    const errors = run.stdout.split('\n').filter(line => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0].startsWith(`::error::${message}`)).toBe(true);
    expect(errors[0]).not.toContain('%0A');
    expect(fake.requests).toHaveLength(0);
    expect(run.outputs).toMatchObject({ build_id: '', result: '' });
    expectNoLeak(run);
  });

  it.each<[string, Record<string, number>, Record<string, string>, string]>([
    ['a wrong token', {}, { token: 'cog_not_the_right_one' }, 'The Devin API rejected the token (401)'],
    [
      'an unknown org',
      {},
      { org_id: 'org-unknown' },
      "Not found (404): organization org-unknown does not exist, or api_url is not the Devin API's base URL. Check org_id"
    ],
    ['a 403 on trigger', { POST: 403 }, {}, 'Give the service user the ManageOrgSnapshots permission'],
    ['a 403 on list', { GET: 403 }, {}, 'Give the service user the ManageRepoBlueprints permission'],
    [
      'a 422 on trigger',
      { POST: 422 },
      {},
      'refused the trigger (POST builds) as invalid (422): body: Input should be a valid dictionary'
    ]
  ])('explains %s', async (_what, failures, overrides, message) => {
    const fake = await start({
      onRequest: (req, res) => {
        const status = failures[req.method];
        if (!status) return false;
        const body =
          status === 422
            ? { detail: [{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' }] }
            : { detail: 'Forbidden' };
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
        return true;
      }
    });
    const run = await runAction(inputs(fake, overrides));
    expect(run.exitCode).toBe(1);
    expect(run.stdout.split('\n').filter(line => line.startsWith('::error::'))).toEqual([
      expect.stringContaining(message)
    ]);
    expect(fake.createdBuildIds()).toHaveLength(failures.GET ? 1 : 0);
    expectNoLeak(run);
  });
});
