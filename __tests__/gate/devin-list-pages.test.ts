// Lists whose pages cannot show the order, in process on a virtual clock: one build a page, a page
// size the server chooses whatever `first` asks, oldest first. The reconcile after a trigger whose
// answer was lost and the supersede search read on within their page cap and never guess: at the
// cap they stop with a clear error, and no trigger is sent twice. The runner-exact cases are in
// e2e-devin-supersede.test.ts.
import { describe, expect, it } from '@jest/globals';
import type { ServerResponse } from 'node:http';
import { FakeDevinApi, type FakeDevinApiOptions } from '../../fakes/devin/api.js';
import type { RecordedRequest } from '../../fakes/server.js';
import { mainStepInProcess } from '../../harness/in-process.js';
import { DEVIN_ORG, DEVIN_TOKEN } from '../../harness/kits/devin.js';
import { VirtualClock } from '../../harness/virtual-clock.js';
import { devinDefinition } from '../../src/devin/definition.js';
import { startFake } from '../support/index.js';

const isTrigger = (request: RecordedRequest) => request.method === 'POST' && request.path.endsWith('/builds');
const isList = (request: RecordedRequest) => request.method === 'GET' && request.path.endsWith('/builds');
const PLAN = { outcome: 'succeeded', pendingMs: 2000, runningMs: 20_000 } as const;

/** A fake whose first trigger creates its build, then answers 502: the run cannot tell it did. */
async function startLosingAnswer(clock: VirtualClock, options: FakeDevinApiOptions): Promise<FakeDevinApi> {
  const fake = new FakeDevinApi({ now: clock.now, plan: PLAN, ...options });
  fake.onRequest = (request: RecordedRequest, response: ServerResponse) => {
    if (!isTrigger(request) || fake.requests.filter(isTrigger).length > 1) return false;
    fake.reply(request);
    response.writeHead(502, { 'content-type': 'application/json' }).end('{"detail":"Bad Gateway"}');
    return true;
  };
  return startFake(fake);
}

function run(fake: FakeDevinApi, clock: VirtualClock, overrides: Record<string, string> = {}) {
  const inputs = { org_id: DEVIN_ORG, token: DEVIN_TOKEN, api_url: fake.url, poll_interval: '5s', ...overrides };
  return mainStepInProcess(devinDefinition, inputs, { clock });
}

describe('the reconcile after a trigger whose answer was lost', () => {
  it.each<[string, FakeDevinApiOptions]>([
    ['oldest first, one build a page', { listOrder: 'oldest-first', pageSize: 1 }],
    ['newest first, one build a page', { listOrder: 'newest-first', pageSize: 1 }],
    ['oldest first, 3 builds a page whatever first asks', { listOrder: 'oldest-first', pageSize: 3 }],
    ['newest first, 3 builds a page whatever first asks', { listOrder: 'newest-first', pageSize: 3 }]
  ])('finds its build on a list %s, and never triggers again', async (_case, options) => {
    const clock = new VirtualClock();
    const fake = await startLosingAnswer(clock, { olderBuilds: 8, ...options });
    const { outputs, warning } = await run(fake, clock);
    expect(fake.requests.filter(isTrigger)).toHaveLength(1);
    const [ours] = fake.createdBuildIds();
    expect(fake.createdBuildIds()).toHaveLength(1);
    expect(outputs).toMatchObject({ build_id: ours, result: 'success' });
    expect(warning).toEqual([expect.stringContaining(`but build ${ours} has appeared since`)]);
  });

  it('reads a newest-first list of one build a page only until it passes the trigger', async () => {
    const clock = new VirtualClock();
    const fake = await startLosingAnswer(clock, { olderBuilds: 15, pageSize: 1 });
    await run(fake, clock);
    const post = fake.requests.find(isTrigger) as RecordedRequest;
    // The first look, at once: ours, then the newest older build, which shows the order and passes the trigger.
    expect(fake.requests.filter(request => isList(request) && request.at === post.at)).toHaveLength(2);
  });

  it('stops with "a build may exist" at the page cap of a list it cannot see the order of, never a second trigger', async () => {
    const clock = new VirtualClock();
    const fake = await startLosingAnswer(clock, { olderBuilds: 25, listOrder: 'oldest-first', pageSize: 1 });
    const { outputs, report } = await run(fake, clock);
    expect(fake.requests.filter(isTrigger)).toHaveLength(1);
    expect(fake.createdBuildIds()).toHaveLength(1);
    expect(outputs.result).toBe('');
    expect(report.failure).toContain('the builds list was still going after 20 pages without passing the trigger time');
    expect(report.failure).toContain("a build may exist: check the organization's builds before re-running");
    expect(fake.requests.filter(isList)).toHaveLength(20);
  });
});

describe('the supersede search', () => {
  /**
   * Ours queued behind a build someone started; a newer build, two seconds later, supersedes it.
   * Returns the fake and that newer build's id.
   */
  async function supersededOn(clock: VirtualClock, options: FakeDevinApiOptions) {
    const fake = await startFake(new FakeDevinApi({ now: clock.now, plan: PLAN, orgRules: true, ...options }));
    fake.scheduleBuild({ at: clock.now(), plan: { outcome: 'succeeded', pendingMs: 0, runningMs: 30_000 } });
    let newer = '';
    fake.onRequest = request => {
      if (isTrigger(request) && !newer) newer = fake.scheduleBuild({ at: clock.now() + 2000, trigger: 'manual' });
      return false;
    };
    return { fake, newer: () => newer };
  }

  it.each<[string, FakeDevinApiOptions]>([
    ['oldest first, one build a page', { listOrder: 'oldest-first', pageSize: 1 }],
    ['newest first, one build a page', { listOrder: 'newest-first', pageSize: 1 }],
    ['oldest first, 2 builds a page whatever first asks', { listOrder: 'oldest-first', pageSize: 2 }]
  ])('finds the newer build on a list %s', async (_case, options) => {
    const clock = new VirtualClock();
    const { fake, newer } = await supersededOn(clock, { olderBuilds: 8, ...options });
    const { outputs } = await run(fake, clock);
    const [ours] = fake.createdBuildIds();
    expect(fake.supersededBy(ours)).toBe(newer());
    expect(outputs).toMatchObject({ build_id: newer(), result: 'success', superseded_build_ids: ours });
  });

  it('stops with a clear error at the page cap of a list it cannot see the order of, never "cancelled"', async () => {
    const clock = new VirtualClock();
    const { fake } = await supersededOn(clock, { olderBuilds: 25, listOrder: 'oldest-first', pageSize: 1 });
    const { outputs, report } = await run(fake, clock);
    const [ours] = fake.createdBuildIds();
    expect(outputs).toMatchObject({ build_id: ours, status: 'cancelled', result: '', superseded_build_ids: '' });
    expect(report.failure).toBe(
      `the builds list was still going after 20 pages without passing the creation of build ${ours}, so whether a newer ` +
        'build superseded it cannot be told'
    );
  });
});
