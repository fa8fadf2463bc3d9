// The fake Devin API's builds (builds.ts, timeline.ts, build-routes.ts): a build's lifecycle on the
// fake's clock, the list's pages and filters and the active build, cancel, and pin and unpin.
import { FakeDevinApi, type FakeDevinApiOptions, type DevinBuildWire } from '../../fakes/devin/api.js';
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
  trigger,
  type ValidationErrorBody
} from '../support/fake-devin.js';

describe('build lifecycle', () => {
  it('goes pending -> running -> succeeded as the injected clock advances', async () => {
    const clock = manualClock();
    const api = await startFake(new FakeDevinApi({ now: clock.now, timestampUnit: 'ms' }));

    const created = await trigger(api);
    expect(created).toEqual({
      build_id: expect.stringMatching(/^bld_[0-9a-f]{16}$/),
      status: 'pending',
      trigger: 'manual',
      triggered_by_user_id: 'svc_ci',
      pinned: false,
      started_at: null,
      completed_at: null,
      created_at: T0,
      updated_at: T0
    });
    expect(api.createdBuildIds()).toEqual([created.build_id]);

    clock.advance(199);
    expect(await getBuild(api, created.build_id)).toMatchObject({ status: 'pending', started_at: null });

    clock.advance(1);
    expect(await getBuild(api, created.build_id)).toMatchObject({
      status: 'running',
      started_at: T0 + 200,
      completed_at: null,
      updated_at: T0 + 200
    });

    clock.advance(499);
    expect((await getBuild(api, created.build_id)).status).toBe('running');

    clock.advance(1);
    expect(await getBuild(api, created.build_id)).toMatchObject({
      status: 'succeeded',
      started_at: T0 + 200,
      completed_at: T0 + 700,
      updated_at: T0 + 700,
      created_at: T0
    });
    expect(api.build(created.build_id)).toMatchObject({ status: 'succeeded' });
  });

  it.each(['failed', 'cancelled'] as const)('follows a plan ending in %s', async outcome => {
    const clock = manualClock();
    const api = await startFake(
      new FakeDevinApi({
        now: clock.now,
        timestampUnit: 'ms',
        plan: { outcome, pendingMs: 1_000, runningMs: 60_000 }
      })
    );
    const { build_id } = await trigger(api);

    clock.advance(30_000);
    expect((await getBuild(api, build_id)).status).toBe('running');
    clock.advance(31_000);
    expect(await getBuild(api, build_id)).toMatchObject({
      status: outcome,
      started_at: T0 + 1_000,
      completed_at: T0 + 61_000
    });
  });

  it('serialises timestamps as whole seconds by default and as milliseconds with timestampUnit ms', async () => {
    const seconds = await startFake(new FakeDevinApi({ now: () => T0 }));
    const millis = await startFake(new FakeDevinApi({ now: () => T0, timestampUnit: 'ms' }));

    const inSeconds = await trigger(seconds);
    const inMillis = await trigger(millis);
    expect(inSeconds.created_at).toBe(Math.floor(T0 / 1000));
    expect(inMillis.created_at).toBe(T0);
    const olderInSeconds = (await listPage(seconds)).items[1];
    expect(Number.isInteger(olderInSeconds.started_at)).toBe(true);
    expect(olderInSeconds.created_at).toBeLessThan(Math.floor(T0 / 1000));
  });
});

describe('listing', () => {
  it('pages newest first with first/after, reaching every build exactly once', async () => {
    const clock = manualClock();
    const api = await startFake(new FakeDevinApi({ now: clock.now, olderBuilds: 7 }));
    const ours = await trigger(api);

    const pages = await listAllPages(api, { first: '3' });
    expect(pages.map(page => page.items.length)).toEqual([3, 3, 2]);
    expect(pages.map(page => page.has_next_page)).toEqual([true, true, false]);
    expect(pages[0].end_cursor).toEqual(expect.any(String));
    expect(pages[2].end_cursor).toBeNull();
    expect(pages.every(page => page.total === 8)).toBe(true);

    const items = pages.flatMap(page => page.items);
    const ids = items.map(item => item.build_id);
    expect(new Set(ids).size).toBe(8);
    expect(ids[0]).toBe(ours.build_id);
    const createdAts = items.map(item => item.created_at);
    expect(createdAts).toEqual([...createdAts].sort((a, b) => b - a));

    // The default page size (100) holds them all.
    const everything = await listPage(api);
    expect(everything.items.map(item => item.build_id)).toEqual(ids);
    expect(everything).toMatchObject({ has_next_page: false, end_cursor: null, total: 8 });
  });

  it('has realistic completed older builds: minutes long, both triggers, the latest succeeded', async () => {
    const api = await startFake(new FakeDevinApi({ now: () => T0, olderBuilds: 6 }));
    const { items } = await listPage(api);

    expect(items).toHaveLength(6);
    expect(items[0].status).toBe('succeeded');
    expect(new Set(items.map(item => item.trigger))).toEqual(new Set(['auto', 'manual']));
    expect(new Set(items.map(item => item.status))).toEqual(new Set(['succeeded', 'failed', 'cancelled']));
    for (const item of items) {
      const startedAt = item.started_at as number;
      const completedAt = item.completed_at as number;
      expect(startedAt).toBeGreaterThanOrEqual(item.created_at);
      expect(completedAt - startedAt).toBeGreaterThanOrEqual(60);
      expect(completedAt - startedAt).toBeLessThanOrEqual(10 * 60);
      expect(item.updated_at).toBe(completedAt);
      expect(completedAt).toBeLessThan(Math.floor(T0 / 1000));
      expect(item.triggered_by_user_id === null).toBe(item.trigger === 'auto');
    }
  });

  it('pushes our build to page 3 of first=2 when 4 newer auto builds follow it', async () => {
    const api = await startFake(new FakeDevinApi({ newerBuildsAfterTrigger: 4 }));
    const ours = await trigger(api);

    const pages = await listAllPages(api, { first: '2' });
    expect(
      pages[0].items.concat(pages[1].items).every(item => item.trigger === 'auto' && item.status === 'pending')
    ).toBe(true);
    expect(pages[2].items[0].build_id).toBe(ours.build_id);
    expect(pages.flatMap(page => page.items)).toHaveLength(4 + 1 + 3);
    expect(api.createdBuildIds()).toEqual([ours.build_id]);
  });

  it('filters by status, also across pages', async () => {
    const clock = manualClock();
    const api = await startFake(new FakeDevinApi({ now: clock.now, olderBuilds: 6 }));
    const ours = await trigger(api);

    const failed = await listPage(api, { status: 'failed' });
    expect(failed.items.length).toBe(2);
    expect(failed.items.every(item => item.status === 'failed')).toBe(true);
    expect(failed.total).toBe(2);

    const succeeded = (await listAllPages(api, { status: 'succeeded', first: '1' })).flatMap(page => page.items);
    expect(succeeded.map(item => item.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);

    expect((await listPage(api, { status: 'pending' })).items.map(item => item.build_id)).toEqual([ours.build_id]);
    clock.advance(300);
    expect((await listPage(api, { status: 'pending' })).items).toEqual([]);
    expect((await listPage(api, { status: 'running' })).items.map(item => item.build_id)).toEqual([ours.build_id]);
  });

  it('active=true returns the latest succeeded build, which ours becomes once it succeeds', async () => {
    const clock = manualClock();
    const api = await startFake(new FakeDevinApi({ now: clock.now }));
    const [previouslyActive] = (await listPage(api)).items;
    const ours = await trigger(api);

    expect((await listPage(api, { active: 'true' })).items.map(item => item.build_id)).toEqual([
      previouslyActive.build_id
    ]);
    clock.advance(700);
    const active = await listPage(api, { active: 'true' });
    expect(active.items.map(item => item.build_id)).toEqual([ours.build_id]);
    expect(active).toMatchObject({ has_next_page: false, end_cursor: null, total: 1 });

    const inactive = (await listPage(api, { active: 'false' })).items.map(item => item.build_id);
    expect(inactive).toHaveLength(3);
    expect(inactive).not.toContain(ours.build_id);
  });

  it.each([
    ['activateOnSuccess is false', { activateOnSuccess: false }],
    ['the build fails', { plan: { outcome: 'failed', pendingMs: 0, runningMs: 10 } }]
  ] as const)('keeps the previous active build when %s', async (_case, options: FakeDevinApiOptions) => {
    const clock = manualClock();
    const api = await startFake(new FakeDevinApi({ now: clock.now, ...options }));
    const [previouslyActive] = (await listPage(api)).items;
    await trigger(api);

    clock.advance(10_000);
    expect((await listPage(api, { active: 'true' })).items.map(item => item.build_id)).toEqual([
      previouslyActive.build_id
    ]);
  });

  it('returns no active build when none succeeded, and a pinned build over a later success', async () => {
    const clock = manualClock();
    const api = await startFake(new FakeDevinApi({ now: clock.now, olderBuilds: 0 }));
    expect((await listPage(api, { active: 'true' })).items).toEqual([]);

    const pinned = api.addBuild({
      status: 'succeeded',
      pinned: true,
      createdAt: T0 - 3_600_000,
      completedAt: T0 - 3_000_000
    });
    await trigger(api);
    clock.advance(10_000);
    expect((await listPage(api, { active: 'true' })).items.map(item => item.build_id)).toEqual([pinned]);
  });
});

describe('cancel', () => {
  it('cancels a pending build: completed now, never started, and it stays cancelled', async () => {
    const clock = manualClock();
    const api = await startFake(new FakeDevinApi({ now: clock.now, timestampUnit: 'ms' }));
    const { build_id } = await trigger(api);

    clock.advance(50);
    expect(await cancel(api, build_id)).toMatchObject({
      status: 'cancelled',
      started_at: null,
      completed_at: T0 + 50,
      updated_at: T0 + 50
    });
    clock.advance(10_000);
    expect(await getBuild(api, build_id)).toMatchObject({
      status: 'cancelled',
      started_at: null,
      completed_at: T0 + 50
    });
  });

  it('cancels a running build, keeping when it started', async () => {
    const clock = manualClock();
    const api = await startFake(new FakeDevinApi({ now: clock.now, timestampUnit: 'ms' }));
    const { build_id } = await trigger(api);

    clock.advance(300);
    expect(await cancel(api, build_id)).toMatchObject({
      status: 'cancelled',
      started_at: T0 + 200,
      completed_at: T0 + 300
    });
  });

  it('leaves a completed build unchanged', async () => {
    const clock = manualClock();
    const api = await startFake(new FakeDevinApi({ now: clock.now }));
    const { build_id } = await trigger(api);

    clock.advance(5_000);
    const before = await getBuild(api, build_id);
    clock.advance(5_000);
    expect(await cancel(api, build_id)).toEqual(before);
    expect(before.status).toBe('succeeded');
  });
});

// Pin and unpin

function pinPath(id: string): string {
  return `${BUILDS}/${id}/pin`;
}

async function pin(api: FakeDevinApi, id: string) {
  return call<DevinBuildWire>(api, 'POST', pinPath(id), {
    body: '{}',
    headers: { 'content-type': 'application/json' }
  });
}

describe('pin and unpin', () => {
  it('pins a succeeded build: it becomes the active one over a later success, until unpinned', async () => {
    const clock = manualClock();
    const api = await startFake(new FakeDevinApi({ now: clock.now, olderBuilds: 3 }));
    const [latest] = (await listPage(api)).items;
    const older = api.addBuild({ status: 'succeeded', createdAt: T0 - 6 * 24 * 3_600_000 });

    const pinned = await pin(api, older);
    expect(pinned.status).toBe(200);
    expect(pinned.body).toMatchObject({ build_id: older, pinned: true });
    const ours = await trigger(api);
    clock.advance(10_000);
    expect((await listPage(api, { active: 'true' })).items.map(item => item.build_id)).toEqual([older]);

    // Pinning another moves the pin.
    expect((await pin(api, ours.build_id)).status).toBe(200);
    expect((await getBuild(api, older)).pinned).toBe(false);
    expect((await listPage(api, { active: 'true' })).items.map(item => item.build_id)).toEqual([ours.build_id]);

    const unpinned = await call(api, 'DELETE', pinPath(ours.build_id));
    expect(unpinned.status).toBe(204);
    expect((await getBuild(api, ours.build_id)).pinned).toBe(false);
    expect((await listPage(api, { active: 'true' })).items.map(item => item.build_id)).toEqual([ours.build_id]);
    // Unpinning a build that is not pinned is a no-op.
    expect((await call(api, 'DELETE', pinPath(latest.build_id))).status).toBe(204);
  });

  it('refuses (409) a build that has not succeeded, or is older than 7 days', async () => {
    const clock = manualClock();
    const api = await startFake(new FakeDevinApi({ now: clock.now }));
    const { build_id } = await trigger(api);
    expect((await pin(api, build_id)).status).toBe(409);
    clock.advance(200);
    expect((await pin(api, build_id)).status).toBe(409);
    const failed = api.addBuild({ status: 'failed', createdAt: T0 - 1000 });
    expect((await pin(api, failed)).status).toBe(409);
    const weekOld = api.addBuild({ status: 'succeeded', createdAt: T0 - 7 * 24 * 3_600_000 - 1 });
    expect((await pin(api, weekOld)).status).toBe(409);
    expect((await getBuild(api, weekOld)).pinned).toBe(false);

    clock.advance(500);
    expect((await pin(api, build_id)).status).toBe(200);
    clock.advance(7 * 24 * 3_600_000);
    expect(await pin(api, build_id)).toMatchObject({ status: 409, body: { detail: expect.stringMatching(/7 days/) } });
  });

  it('answers 404 for an unknown build, and 422 for a pin without a JSON object', async () => {
    const api = await startFake(new FakeDevinApi());
    expect((await pin(api, 'bld_doesnotexist00')).status).toBe(404);
    expect((await call(api, 'DELETE', pinPath('bld_doesnotexist00'))).status).toBe(404);
    const refused = await call<ValidationErrorBody>(api, 'POST', pinPath('bld_doesnotexist00'));
    expect(refused.status).toBe(422);
    expect(refused.body.detail.map(issue => issue.type)).toEqual(['missing']);
    expect((await call(api, 'PUT', pinPath('bld_doesnotexist00'))).headers.get('allow')).toBe('POST, DELETE');
  });
});
