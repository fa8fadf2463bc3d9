// Lists that cannot show their order, and builds that supersede the run's own, as the runner sees
// them: a bundle of the current sources run as a child process against the fake Devin API in its
// default whole-second timestamps, as the fourth independent probe found them (a reconcile on a list
// of one build a page, oldest first; a supersede search there; a successor created in the same second
// as ours; a successor the list shows late; a chain of supersedes of long ids). Each test failed
// against the bundle before that work.
import { describe, expect, it } from '@jest/globals';
import { FakeDevinApi, type FakeDevinApiOptions } from '../../fakes/devin/api.js';
import type { RecordedRequest } from '../../fakes/server.js';
import devinKit, { DEVIN_ORG, DEVIN_TOKEN } from '../../harness/kits/devin.js';
import type { ActionRun } from '../../harness/runner.js';
import { runAction, startFake } from '../support/index.js';

const PLAN = { outcome: 'succeeded', pendingMs: 100, runningMs: 500 } as const;
const isTrigger = (request: RecordedRequest) => request.method === 'POST' && request.path.endsWith('/builds');

function run(fake: FakeDevinApi, overrides: Record<string, string> = {}): Promise<ActionRun> {
  const inputs = { org_id: DEVIN_ORG, token: DEVIN_TOKEN, api_url: fake.url, poll_interval: '200ms', ...overrides };
  return runAction(devinKit, inputs, { killAfterMs: 60_000 });
}

/**
 * A fake under the org's rules where, at our trigger, someone's build starts and runs `busyMs`
 * (ours queues behind it), and then `onTrigger` runs, before the fake creates our build.
 */
async function orgFake(
  busyMs: number,
  onTrigger: (fake: FakeDevinApi) => void,
  options: FakeDevinApiOptions = {}
): Promise<FakeDevinApi> {
  const fake = await startFake(new FakeDevinApi({ orgRules: true, plan: PLAN, ...options }));
  let triggered = false;
  fake.onRequest = request => {
    if (isTrigger(request) && !triggered) {
      triggered = true;
      onTrigger(fake);
      fake.scheduleBuild({ at: fake.now(), plan: { outcome: 'succeeded', pendingMs: 0, runningMs: busyMs } });
    }
    return false;
  };
  return fake;
}

describe('a list that cannot show its order (oldest first, one build a page)', () => {
  it('is read on by the reconcile after a lost answer: the build is found, never triggered twice', async () => {
    const fake = await startFake(
      new FakeDevinApi({ plan: PLAN, olderBuilds: 6, listOrder: 'oldest-first', pageSize: 1 })
    );
    fake.onRequest = (request, response) => {
      if (!isTrigger(request) || fake.requests.filter(isTrigger).length > 1) return false;
      fake.reply(request); // the build is created; its answer is lost
      response.writeHead(502, { 'content-type': 'application/json' }).end('{"detail":"Bad Gateway"}');
      return true;
    };
    const result = await run(fake, { request_timeout: '1s' });
    expect(fake.requests.filter(isTrigger)).toHaveLength(1);
    expect(fake.createdBuildIds()).toHaveLength(1);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ build_id: fake.createdBuildIds()[0], result: 'success' });
  }, 60_000);

  it('is read on by the supersede search: the newer build is followed', async () => {
    let newer = '';
    const fake = await orgFake(3000, api => (newer = api.scheduleBuild({ at: api.now() + 1500, trigger: 'manual' })), {
      olderBuilds: 4,
      listOrder: 'oldest-first',
      pageSize: 1
    });
    const result = await run(fake);
    const [ours] = fake.createdBuildIds();
    expect(fake.supersededBy(ours)).toBe(newer);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ build_id: newer, result: 'success', superseded_build_ids: ours });
  }, 60_000);
});

describe('a successor created in the same second as ours', () => {
  it('is followed: it waits while ours was cancelled, so it is the newer one', async () => {
    // The fake's clock is moved to the start of a second at our trigger, so that a successor 200 ms
    // later is created in the same second as ours, whenever the trigger comes.
    let offset = 0;
    let newer = '';
    const fake = await orgFake(
      4000,
      api => {
        const intoSecond = api.now() % 1000;
        if (intoSecond > 300) offset += 1000 - intoSecond + 20;
        newer = api.scheduleBuild({ at: api.now() + 200, trigger: 'manual' });
      },
      { now: () => Date.now() + offset }
    );
    const result = await run(fake);
    const [ours] = fake.createdBuildIds();
    expect(fake.supersededBy(ours)).toBe(newer);
    expect(fake.build(newer)?.created_at).toBe(fake.build(ours)?.created_at);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ build_id: newer, result: 'success', superseded_build_ids: ours });
    expect(result.stdout).toContain(`Build ${ours} was superseded by build ${newer}`);
  }, 60_000);
});

describe('a successor the list shows late', () => {
  it('is watched for before ours, cancelled while queued, is called cancelled', async () => {
    let newer = '';
    const fake = await orgFake(
      6000,
      api => (newer = api.scheduleBuild({ at: api.now() + 1500, trigger: 'manual', listLagMs: 3000 }))
    );
    const result = await run(fake, { poll_interval: '300ms' });
    const [ours] = fake.createdBuildIds();
    expect(fake.supersededBy(ours)).toBe(newer);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ build_id: newer, result: 'success', superseded_build_ids: ours });
    expect(result.stdout).toContain(
      `Build ${ours} was cancelled before it started; watching the organization's builds for 10s for a build that superseded it.`
    );
  }, 60_000);
});

describe('a chain of supersedes of long ids', () => {
  it('keeps every id in superseded_build_ids, past 1000 characters', async () => {
    const successors: string[] = [];
    const fake = await orgFake(11_000, api => {
      for (let k = 1; k <= 8; k++) {
        const id = api.scheduleBuild({ at: api.now() + k * 1200, trigger: 'manual' });
        const long = `bld_${k}_${'x'.repeat(194)}`;
        api.renameBuild(id, long);
        successors.push(long);
      }
    });
    const result = await run(fake);
    const [ours] = fake.createdBuildIds();
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ build_id: successors[7], result: 'success' });
    // Each successor superseded the one before it; a loaded machine may see two of them at one check.
    const chain = result.outputs.superseded_build_ids.split(',');
    expect(chain[0]).toBe(ours);
    expect(successors.filter(id => chain.includes(id))).toEqual(chain.slice(1));
    expect(result.outputs.superseded_build_ids.length).toBeGreaterThan(1000);
  }, 60_000);
});
