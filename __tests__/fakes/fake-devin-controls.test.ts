// The fake Devin API's test controls (api.ts): overriding a status, removing, adding and renaming
// builds, the request log and the onRequest hook (fakes/server.ts), and hostile or 2 MB statuses.
import { FakeDevinApi, type DevinBuildWire } from '../../fakes/devin/api.js';
import { expectConformant } from '../../fakes/devin/contract.js';
import { ALL_HOSTILE, HOSTILE_FRAGMENTS, oversizedStatusSource } from '../../fakes/hostile.js';
import { startFake } from '../support/index.js';
import { BUILDS, call, cancel, getBuild, listPage, manualClock, T0, TOKEN, trigger } from '../support/fake-devin.js';

describe('test controls', () => {
  it('setStatusOverride forces a wire status, even one outside the enum, until cleared', async () => {
    // A clock that stands still: on the real one the build leaves pending after 200 ms, which a busy machine outlasts.
    const api = await startFake(new FakeDevinApi({ now: manualClock().now }));
    const { build_id } = await trigger(api);

    api.setStatusOverride(build_id, 'paused');
    const overridden = await call<DevinBuildWire>(api, 'GET', `${BUILDS}/${build_id}`, { skipConformance: true });
    expect(overridden.body.status).toBe('paused');
    expect(() => expectConformant('GET', `${BUILDS}/${build_id}`, 200, overridden.body)).toThrow(/status/);

    api.setStatusOverride(build_id, undefined);
    expect((await getBuild(api, build_id)).status).toBe('pending');
  });

  it('removeBuild makes a build vanish from lists and 404 by id', async () => {
    const api = await startFake(new FakeDevinApi());
    const { build_id } = await trigger(api);

    api.removeBuild(build_id);
    const page = await listPage(api);
    expect(page.items.map(item => item.build_id)).not.toContain(build_id);
    expect(page.total).toBe(3);
    expect((await call(api, 'GET', `${BUILDS}/${build_id}`)).status).toBe(404);
    expect(api.build(build_id)).toBeUndefined();
  });

  it('addBuild adds a build with the given status, trigger and times, listed by creation time', async () => {
    const api = await startFake(new FakeDevinApi({ now: () => T0, timestampUnit: 'ms' }));
    const id = api.addBuild({
      status: 'failed',
      trigger: 'manual',
      triggeredByUserId: 'usr_someone',
      createdAt: T0 - 1_000,
      startedAt: T0 - 900,
      completedAt: T0 - 100
    });

    expect(await getBuild(api, id)).toEqual({
      build_id: id,
      status: 'failed',
      trigger: 'manual',
      triggered_by_user_id: 'usr_someone',
      pinned: false,
      started_at: T0 - 900,
      completed_at: T0 - 100,
      created_at: T0 - 1_000,
      updated_at: T0 - 100
    });
    expect((await listPage(api)).items[0].build_id).toBe(id);
    expect(api.addBuild({ status: 'running' })).toMatch(/^bld_[0-9a-f]{16}$/);
    expect((await listPage(api, { status: 'running' })).items).toHaveLength(1);
  });

  it('records every request with lower-cased headers, text body, query and the status sent', async () => {
    const clock = manualClock();
    const api = await startFake(new FakeDevinApi({ now: clock.now }));
    await call(api, 'POST', BUILDS, {
      body: '{}',
      headers: { 'Content-Type': 'application/json', 'X-Trace-Id': 'trace-1' }
    });
    clock.advance(1_000);
    await call(api, 'GET', `${BUILDS}?first=2&status=failed`, { token: 'cog_wrong' });

    expect(api.requests).toEqual([
      {
        method: 'POST',
        path: BUILDS,
        query: {},
        headers: expect.objectContaining({
          'content-type': 'application/json',
          'x-trace-id': 'trace-1',
          authorization: `Bearer ${TOKEN}`
        }),
        body: '{}',
        status: 201,
        at: T0
      },
      {
        method: 'GET',
        path: BUILDS,
        query: { first: '2', status: 'failed' },
        headers: expect.any(Object),
        body: '',
        status: 401,
        at: T0 + 1_000
      }
    ]);
  });
});

describe('onRequest hook', () => {
  it('can answer a request itself, or let the fake answer it', async () => {
    let calls = 0;
    const api = await startFake(
      new FakeDevinApi({
        onRequest: (_request, response) => {
          calls += 1;
          if (calls > 1) return false;
          response
            .writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' })
            .end('{"detail":"Service Unavailable"}');
          return true;
        }
      })
    );

    const unavailable = await call(api, 'GET', BUILDS);
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('1');
    expect((await call(api, 'GET', BUILDS)).status).toBe(200);
    expect(api.requests.map(request => request.status)).toEqual([503, 200]);
  });

  it('can drop the connection without answering, and may be async', async () => {
    const api = await startFake(
      new FakeDevinApi({
        onRequest: async (request, response) => {
          await new Promise(resolve => setTimeout(resolve, 5));
          if (request.method !== 'POST') return false;
          response.socket?.destroy();
          return true;
        }
      })
    );

    await expect(
      fetch(`${api.url}${BUILDS}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: '{}' })
    ).rejects.toThrow();
    expect((await call(api, 'GET', BUILDS)).status).toBe(200);
    expect(api.requests.map(request => [request.method, request.status])).toEqual([
      ['POST', 0],
      ['GET', 200]
    ]);
    expect(api.createdBuildIds()).toEqual([]);
  });
});

// Hostile and oversized server text

describe('hostile strings', () => {
  it('renameBuild gives a build any id, under which it is listed, got and cancelled', async () => {
    // A clock that stands still: on the real one the build would be over (and not cancelled) after 700 ms.
    const api = await startFake(new FakeDevinApi({ now: manualClock().now }));
    const { build_id } = await trigger(api);
    const hostileId = `bld_x${ALL_HOSTILE}`;

    api.renameBuild(build_id, hostileId);
    expect(api.createdBuildIds()).toEqual([hostileId]);
    expect((await listPage(api)).items[0].build_id).toBe(hostileId);
    expect((await getBuild(api, encodeURIComponent(hostileId))).build_id).toBe(hostileId);
    expect((await cancel(api, encodeURIComponent(hostileId))).status).toBe('cancelled');
    expect((await call(api, 'GET', `${BUILDS}/${build_id}`)).status).toBe(404);
    expect(() => api.renameBuild(build_id, 'bld_other')).toThrow(/no build/);
  });

  it('setStatusOverride puts runner commands, line breaks and escapes in the status, byte for byte', async () => {
    const api = await startFake(new FakeDevinApi());
    const { build_id } = await trigger(api);
    api.setStatusOverride(build_id, ALL_HOSTILE);

    const got = await call<DevinBuildWire>(api, 'GET', `${BUILDS}/${build_id}`, { skipConformance: true });
    expect(got.body.status).toBe(ALL_HOSTILE);
    for (const fragment of HOSTILE_FRAGMENTS) expect(got.body.status).toContain(fragment);
    expect(got.body.status).toMatch(/\n::stop-commands::/);
    expect(got.body.status).toContain('##[');
  });

  it('a status override can depend on the real status: 2 MB while running, different at every read', async () => {
    const clock = manualClock();
    const api = await startFake(new FakeDevinApi({ now: clock.now }));
    const { build_id } = await trigger(api);
    const oversized = oversizedStatusSource();
    api.setStatusOverride(build_id, status => (status === 'running' ? oversized() : undefined));

    expect((await getBuild(api, build_id)).status).toBe('pending');
    clock.advance(200);
    const reads = [];
    for (let i = 0; i < 2; i++) {
      reads.push((await call<DevinBuildWire>(api, 'GET', `${BUILDS}/${build_id}`, { skipConformance: true })).body);
    }
    expect(reads.map(read => read.status.length)).toEqual([2 * 1024 * 1024, 2 * 1024 * 1024]);
    expect(reads[0].status).not.toBe(reads[1].status);
    clock.advance(500);
    expect((await getBuild(api, build_id)).status).toBe('succeeded');
  });
});
