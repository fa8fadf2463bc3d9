// What only the Devin action does, as the runner runs its bundle: cancelled and timed-out builds,
// millisecond timestamps, a build off the first page, build_id, and one clear line for bad input and API refusals.
import { describe, expect, it } from '@jest/globals';
import { FakeDevinApi, type FakeDevinApiOptions } from '../../fakes/devin/api.js';
import devinKit, { DEVIN_ORG as TEST_ORG, DEVIN_TOKEN as TEST_TOKEN } from '../../harness/kits/devin.js';
import { visibleOutput, type ActionRun } from '../../harness/runner.js';
import { errorLines, runAction, startFake } from '../support/index.js';

// What only the Devin action does, as the runner runs it: a bundle of the current sources against
// the fake API on real time; short build lifecycles and a 100 ms poll interval keep each run to a
// second or two. The behaviour both actions share is in e2e-contract.test.ts.

/** Builds pending 150 ms, then running 300 ms, unless the options say otherwise. */
const newFake = (options: FakeDevinApiOptions = {}) =>
  new FakeDevinApi({ plan: { outcome: 'succeeded', pendingMs: 150, runningMs: 300 }, ...options });

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

describe('the Devin bundle, run as the runner runs it', () => {
  it('fails on a cancelled build', async () => {
    const fake = await startFake(newFake({ plan: { outcome: 'cancelled', pendingMs: 100, runningMs: 200 } }));
    const run = await runAction(devinKit, inputs(fake));
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({
      build_id: fake.createdBuildIds()[0],
      status: 'cancelled',
      result: 'cancelled'
    });
    expect(run.outputs.active).toBe('');
    expect(run.stdout).toMatch(/::error::Build bld_[0-9a-f]+ was cancelled/);
    expectNoLeak(run);
  });

  it('times out with the last status, cancelling when asked', async () => {
    const fake = await startFake(newFake({ plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 600_000 } }));
    const run = await runAction(devinKit, inputs(fake, { timeout: '1500ms', cancel_on_timeout: 'true' }));
    const [id] = fake.createdBuildIds();
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      `::error::timed out after 2s; build ${id} was running (cancel_on_timeout: cancel requested, the build is now cancelled)`
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
    const fake = await startFake(newFake({ timestampUnit: 'ms' }));
    const before = Date.now();
    const run = await runAction(devinKit, inputs(fake));
    expect(run.exitCode).toBe(0);
    const created = Date.parse(run.outputs.created_at);
    expect(created).toBeGreaterThanOrEqual(before - 1000);
    expect(created).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(run.outputs.completed_at)).toBeGreaterThan(Date.parse(run.outputs.started_at));
  });

  it('follows a build pushed off the first page by reading it by id', async () => {
    const fake = await startFake(newFake({ newerBuildsAfterTrigger: 230 }));
    const run = await runAction(devinKit, inputs(fake));
    const [id] = fake.createdBuildIds();
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ build_id: id, result: 'success' });
    expect(fake.requests.some(r => r.path.endsWith(`/builds/${id}`))).toBe(true);
  });

  it('attaches to an existing build by build_id', async () => {
    const fake = await startFake(newFake());
    const id = fake.addBuild({
      status: 'succeeded',
      trigger: 'auto',
      createdAt: Date.now() - 300_000,
      startedAt: Date.now() - 290_000,
      completedAt: Date.now() - 10_000
    });
    const run = await runAction(devinKit, inputs(fake, { build_id: id }));
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
    [{ org_id: 'org/../x' }, 'Input "org_id" must be an organization id such as org-abc123def456'],
    [{ cancel_on_timeout: 'yes' }, 'Input "cancel_on_timeout" must be true or false'],
    [{ cancel_on_abort: 'on' }, 'Input "cancel_on_abort" must be true or false'],
    [{ request_timeout: '5x' }, 'Input "request_timeout" must be a duration'],
    [{ build_id: '../../x' }, 'Input "build_id" must be a build id']
  ])('refuses bad input %j with one clear line and sends nothing', async (overrides, message) => {
    const fake = await startFake(newFake());
    const run = await runAction(devinKit, inputs(fake, overrides));
    expect(run.exitCode).toBe(1);
    const errors = errorLines(run);
    expect(errors).toHaveLength(1);
    expect(errors[0].startsWith(`::error::${message}`)).toBe(true);
    expect(errors[0]).not.toContain('%0A');
    expect(fake.requests).toHaveLength(0);
    expect(run.outputs).toMatchObject({ build_id: '', result: '' });
    expectNoLeak(run);
  });

  it.each<[string, Record<string, number>, Record<string, string>, string]>([
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
    const fake = await startFake(
      newFake({
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
      })
    );
    const run = await runAction(devinKit, inputs(fake, overrides));
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([expect.stringContaining(message)]);
    expect(fake.createdBuildIds()).toHaveLength(failures.GET ? 1 : 0);
    expectNoLeak(run);
  });
});
