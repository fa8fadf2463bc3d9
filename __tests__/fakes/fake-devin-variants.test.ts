// What the contract does not promise, varied by the fake Devin API's options (each default is the
// behaviour fake-devin-builds.test.ts covers): list order, the trigger value, the Date header, no
// GET of one build, a lagging list and a slow trigger.
import { FakeDevinApi, type DevinBuildWire } from '../../fakes/devin/api.js';
import { FaultInjector } from '../../fakes/devin/faults.js';
import { startFake } from '../support/index.js';
import {
  BUILDS,
  call,
  cancel,
  getBuild,
  listAllPages,
  listPage,
  manualClock,
  T0,
  trigger
} from '../support/fake-devin.js';

describe('list order', () => {
  it.each([
    ['newest-first', 'newest-first' as const],
    ['oldest-first', 'oldest-first' as const]
  ])('pages %s with first/after, reaching every build exactly once', async (_case, listOrder) => {
    const clock = manualClock();
    const api = await startFake(
      new FakeDevinApi({ now: clock.now, olderBuilds: 5, newerBuildsAfterTrigger: 2, listOrder })
    );
    const ours = await trigger(api);

    const pages = await listAllPages(api, { first: '3' });
    expect(pages.map(page => page.items.length)).toEqual([3, 3, 2]);
    const items = pages.flatMap(page => page.items);
    expect(new Set(items.map(item => item.build_id)).size).toBe(8);
    const createdAts = items.map(item => item.created_at);
    const newestFirst = [...createdAts].sort((a, b) => b - a);
    expect(createdAts).toEqual(listOrder === 'newest-first' ? newestFirst : newestFirst.reverse());
    // Ours is third from the newest end: two auto builds were queued after it.
    const position = items.findIndex(item => item.build_id === ours.build_id);
    expect(position).toBe(listOrder === 'newest-first' ? 2 : 5);
  });

  it('filters in either order, also across pages', async () => {
    const api = await startFake(new FakeDevinApi({ now: () => T0, olderBuilds: 6, listOrder: 'oldest-first' }));
    const failed = (await listAllPages(api, { first: '1', status: 'failed' })).flatMap(page => page.items);
    expect(failed.length).toBeGreaterThan(1);
    expect(failed.every(item => item.status === 'failed')).toBe(true);
    expect(failed.map(item => item.created_at)).toEqual(failed.map(item => item.created_at).sort((a, b) => a - b));
  });
});

describe('trigger value of posted builds', () => {
  it("is 'manual' by default, or null with postedTrigger null, never 'auto'", async () => {
    const manual = await startFake(new FakeDevinApi());
    const none = await startFake(new FakeDevinApi({ postedTrigger: null }));

    expect((await trigger(manual)).trigger).toBe('manual');
    const created = await trigger(none);
    expect(created.trigger).toBeNull();
    expect((await getBuild(none, created.build_id)).trigger).toBeNull();
  });
});

describe('Date header', () => {
  it("follows the fake's clock by default, on answers of every kind", async () => {
    const api = await startFake(new FakeDevinApi({ now: () => T0 }));
    for (const response of [await call(api, 'GET', BUILDS), await call(api, 'GET', BUILDS, { token: null })]) {
      expect(response.headers.get('date')).toBe(new Date(T0).toUTCString());
    }
  });

  it('can be skewed from the clock the timestamps follow, hours behind or ahead', async () => {
    const behind = await startFake(
      new FakeDevinApi({ now: () => T0, timestampUnit: 'ms', dateSkewMs: -3 * 3_600_000 })
    );
    const response = await call<DevinBuildWire>(behind, 'POST', BUILDS, {
      body: '{}',
      headers: { 'content-type': 'application/json' }
    });
    expect(response.body.created_at).toBe(T0);
    expect(response.headers.get('date')).toBe(new Date(T0 - 3 * 3_600_000).toUTCString());

    const ahead = await startFake(new FakeDevinApi({ now: () => T0, dateSkewMs: 90_000 }));
    expect((await call(ahead, 'GET', BUILDS)).headers.get('date')).toBe(new Date(T0 + 90_000).toUTCString());
  });

  it('can be absent, from the fake and from the faults it injects', async () => {
    const api = await startFake(new FakeDevinApi({ dateHeader: false }));
    expect((await call(api, 'GET', BUILDS)).headers.has('date')).toBe(false);
    expect((await call(api, 'GET', '/nowhere')).headers.has('date')).toBe(false);
    api.onRequest = new FaultInjector(api, { seed: 1, rate: 1, kinds: ['rate_limited'] }).hook;
    const limited = await call(api, 'GET', BUILDS);
    expect(limited.status).toBe(429);
    expect(limited.headers.has('date')).toBe(false);
  });
});

describe('GET one build', () => {
  it("answers 404 for every id with getBuildEndpoint 'absent', while the list and cancel still work", async () => {
    // A clock that stands still: on the real one the build would be over (and not cancelled) after 700 ms.
    const api = await startFake(new FakeDevinApi({ now: manualClock().now, getBuildEndpoint: 'absent' }));
    const { build_id } = await trigger(api);

    const missing = await call(api, 'GET', `${BUILDS}/${build_id}`);
    expect(missing).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
    expect((await call(api, 'GET', `${BUILDS}/${build_id}`, { token: null })).status).toBe(404);
    expect((await listPage(api)).items.map(item => item.build_id)).toContain(build_id);
    expect((await cancel(api, build_id)).status).toBe('cancelled');
  });
});

describe('a lagging list and a slow trigger', () => {
  it('shows a build in the list only listLagMs after it is created, while reading it by id does not lag', async () => {
    let now = T0;
    const api = await startFake(new FakeDevinApi({ now: () => now, listLagMs: 3000 }));
    const { build_id } = await trigger(api);
    expect((await listPage(api)).items.map(item => item.build_id)).not.toContain(build_id);
    expect((await call(api, 'GET', `${BUILDS}/${build_id}`)).status).toBe(200);
    now += 3000;
    expect((await listPage(api)).items.map(item => item.build_id)).toContain(build_id);
  });

  it('creates the build of a slow trigger triggerDelayMs after the POST: absent until then, by id and in the list', async () => {
    let now = T0;
    const api = await startFake(new FakeDevinApi({ now: () => now, triggerDelayMs: 5000 }));
    const { build_id, created_at } = await trigger(api);
    expect(created_at).toBe(Math.floor((T0 + 5000) / 1000));
    expect((await listPage(api)).items.map(item => item.build_id)).not.toContain(build_id);
    expect((await call(api, 'GET', `${BUILDS}/${build_id}`)).status).toBe(404);
    now += 5000;
    expect((await listPage(api)).items.map(item => item.build_id)).toContain(build_id);
    expect((await call(api, 'GET', `${BUILDS}/${build_id}`)).status).toBe(200);
  });
});
