import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  FakeDevinApi,
  type DevinBuildWire,
  type FakeDevinApiOptions,
  type PresignedDownloadWire
} from '../../fakes/devin/api.js';
import { expectConformant, responseSchemaRef, schemaViolations } from '../../fakes/devin/contract.js';
import { FaultInjector } from '../../fakes/devin/faults.js';
import { ALL_HOSTILE, HOSTILE_FRAGMENTS, oversizedStatusSource } from '../../fakes/hostile.js';
import { PRESIGNED_URL_TTL_MS } from '../../fakes/devin/log-storage.js';
import { VirtualClock } from '../../harness/virtual-clock.js';
import { HttpTransport } from '../../src/core/http.js';
import { startFake } from '../support/index.js';

const TOKEN = 'cog_test_token';
const BUILDS = '/v3beta1/organizations/org-test/snapshot-setup/builds';
// Not on a whole second, so the 's' serialisation visibly truncates.
const T0 = 1_700_000_000_250;
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Page {
  items: DevinBuildWire[];
  end_cursor: string | null;
  has_next_page: boolean;
  total: number | null;
}

interface ValidationErrorBody {
  detail: { loc: (string | number)[]; msg: string; type: string }[];
}

// ---- HTTP helpers: every 2xx and 422 body is validated against the OpenAPI document's own schemas
// (fakes/devin/contract.ts).

interface CallOptions {
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  /** null: no Authorization header. */
  token?: string | null;
  /** For responses that deliberately break the contract (status overrides). */
  skipConformance?: boolean;
}

interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

async function call<T = unknown>(
  api: FakeDevinApi,
  method: string,
  path: string,
  options: CallOptions = {}
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== null) headers.authorization = `Bearer ${options.token ?? TOKEN}`;
  const response = await fetch(`${api.url}${path}`, { method, headers, body: options.body });
  const text = await response.text();
  const body: unknown = text === '' ? undefined : JSON.parse(text);
  const documented = (response.status >= 200 && response.status < 300) || response.status === 422;
  if (response.status === 204) expect(text).toBe('');
  else if (documented && !options.skipConformance)
    expectConformant(method, new URL(path, api.url).pathname, response.status, body);
  return { status: response.status, body: body as T, headers: response.headers };
}

async function trigger(api: FakeDevinApi): Promise<DevinBuildWire> {
  const response = await call<DevinBuildWire>(api, 'POST', BUILDS, {
    body: '{}',
    headers: { 'content-type': 'application/json' }
  });
  expect(response.status).toBe(201);
  return response.body;
}

async function getBuild(api: FakeDevinApi, id: string): Promise<DevinBuildWire> {
  const response = await call<DevinBuildWire>(api, 'GET', `${BUILDS}/${id}`);
  expect(response.status).toBe(200);
  return response.body;
}

async function listPage(api: FakeDevinApi, query: Record<string, string> = {}): Promise<Page> {
  const search = new URLSearchParams(query).toString();
  const response = await call<Page>(api, 'GET', search ? `${BUILDS}?${search}` : BUILDS);
  expect(response.status).toBe(200);
  return response.body;
}

/** Follows end_cursor to the last page. */
async function listAllPages(api: FakeDevinApi, query: Record<string, string> = {}): Promise<Page[]> {
  const pages = [await listPage(api, query)];
  while (pages[pages.length - 1].has_next_page) {
    const cursor = pages[pages.length - 1].end_cursor;
    expect(typeof cursor).toBe('string');
    pages.push(await listPage(api, { ...query, after: cursor as string }));
    expect(pages.length).toBeLessThan(100);
  }
  return pages;
}

async function cancel(api: FakeDevinApi, id: string): Promise<DevinBuildWire> {
  const response = await call<DevinBuildWire>(api, 'POST', `${BUILDS}/${id}/cancel`);
  expect(response.status).toBe(200);
  return response.body;
}

function manualClock(start = T0): { now: () => number; advance: (ms: number) => void } {
  let current = start;
  return { now: () => current, advance: ms => (current += ms) };
}

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

describe('trigger request body', () => {
  it('accepts a JSON object with a charset parameter', async () => {
    const api = await startFake(new FakeDevinApi());
    const response = await call(api, 'POST', BUILDS, {
      body: '{"unused": 1}',
      headers: { 'content-type': 'application/json; charset=utf-8' }
    });
    expect(response.status).toBe(201);
  });

  it.each([
    ['no content type', new TextEncoder().encode('{}'), {}],
    ['a non-JSON content type', '{}', { 'content-type': 'text/plain' }],
    ['an empty body', '', { 'content-type': 'application/json' }],
    ['malformed JSON', '{"a":', { 'content-type': 'application/json' }],
    ['a JSON array', '[]', { 'content-type': 'application/json' }]
  ])('rejects %s with 422 located in the body', async (_case, body, headers: Record<string, string>) => {
    const api = await startFake(new FakeDevinApi());
    const response = await call<ValidationErrorBody>(api, 'POST', BUILDS, { body, headers });
    expect(response.status).toBe(422);
    expect(response.body.detail[0].loc[0]).toBe('body');
    expect(api.createdBuildIds()).toEqual([]);
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

describe('authentication', () => {
  it.each([
    ['no Authorization header', { token: null }],
    ['a wrong token', { token: 'cog_wrong' }],
    ['a non-Bearer scheme', { token: null, headers: { authorization: `Basic ${TOKEN}` } }]
  ])('answers 401 to %s, before validating anything', async (_case, options: CallOptions) => {
    const api = await startFake(new FakeDevinApi());
    const response = await call<{ detail: unknown }>(api, 'GET', `${BUILDS}?first=0`, options);
    expect(response.status).toBe(401);
    expect(typeof response.body.detail).toBe('string');
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(api.requests.map(request => request.status)).toEqual([401]);
  });

  it('accepts a custom token', async () => {
    const api = await startFake(new FakeDevinApi({ token: 'cog_custom' }));
    expect((await call(api, 'GET', BUILDS, { token: 'cog_custom' })).status).toBe(200);
    expect((await call(api, 'GET', BUILDS)).status).toBe(401);
  });
});

describe('not found and method not allowed', () => {
  it.each([
    ['an unknown org', 'GET', '/v3beta1/organizations/org-other/snapshot-setup/builds', 'Organization not found'],
    [
      'an unknown org on trigger',
      'POST',
      '/v3beta1/organizations/org-other/snapshot-setup/builds',
      'Organization not found'
    ],
    ['an unknown build', 'GET', `${BUILDS}/bld_0000000000000000`, 'Build not found'],
    ['cancelling an unknown build', 'POST', `${BUILDS}/bld_0000000000000000/cancel`, 'Build not found'],
    ['an unknown path', 'GET', '/v3beta1/organizations/org-test/snapshots', 'Not Found'],
    ['a trailing slash', 'GET', `${BUILDS}/`, 'Not Found']
  ])('answers 404 to %s', async (_case, method, path, detail) => {
    const api = await startFake(new FakeDevinApi());
    const options: CallOptions =
      method === 'POST' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {};
    const response = await call(api, method, path, options);
    expect(response).toMatchObject({ status: 404, body: { detail } });
  });

  it('answers 404 to an unknown path even without credentials', async () => {
    const api = await startFake(new FakeDevinApi());
    expect((await call(api, 'GET', '/v2/sessions', { token: null })).status).toBe(404);
  });

  it.each([
    ['DELETE', BUILDS, 'GET, POST'],
    ['GET', `${BUILDS}/bld_0000000000000000/cancel`, 'POST'],
    ['PUT', `${BUILDS}/bld_0000000000000000`, 'GET']
  ])('answers 405 to %s %s', async (method, path, allow) => {
    const api = await startFake(new FakeDevinApi());
    const response = await call(api, method, path);
    expect(response).toMatchObject({ status: 405, body: { detail: 'Method Not Allowed' } });
    expect(response.headers.get('allow')).toBe(allow);
  });
});

describe('validation errors (422)', () => {
  it.each([
    ['GET', '/v3beta1/organizations/acme/snapshot-setup/builds'],
    ['POST', '/v3beta1/organizations/acme/snapshot-setup/builds'],
    ['GET', '/v3beta1/organizations/acme/snapshot-setup/builds/bld_0000000000000000'],
    ['POST', '/v3beta1/organizations/acme/snapshot-setup/builds/bld_0000000000000000/cancel']
  ])('rejects an org id without the org- prefix on %s %s', async (method, path) => {
    const api = await startFake(new FakeDevinApi());
    const options: CallOptions = {
      body: method === 'POST' ? '{}' : undefined,
      headers: { 'content-type': 'application/json' }
    };
    const response = await call<ValidationErrorBody>(api, method, path, options);
    expect(response.status).toBe(422);
    expect(response.body.detail.map(issue => issue.loc)).toEqual([['path', 'org_id']]);
  });

  it.each([
    ['first', 'abc', 'int_parsing'],
    ['first', '1.5', 'int_parsing'],
    ['first', '', 'int_parsing'],
    ['first', '0', 'greater_than_equal'],
    ['first', '201', 'less_than_equal'],
    ['status', 'paused', 'enum'],
    ['status', 'SUCCEEDED', 'enum'],
    ['active', 'maybe', 'bool_parsing'],
    ['after', 'not-a-cursor', 'value_error'],
    ['after', '', 'value_error']
  ])('rejects %s=%j as %s, located at [query, name]', async (name, value, type) => {
    const api = await startFake(new FakeDevinApi());
    const response = await call<ValidationErrorBody>(api, 'GET', `${BUILDS}?${new URLSearchParams({ [name]: value })}`);
    expect(response.status).toBe(422);
    expect(response.body.detail).toEqual([{ loc: ['query', name], msg: expect.any(String), type, input: value }]);
  });

  it('accepts the boundaries first=1 and first=200', async () => {
    const api = await startFake(new FakeDevinApi());
    expect((await listPage(api, { first: '1' })).items).toHaveLength(1);
    expect((await listPage(api, { first: '200' })).items).toHaveLength(3);
  });

  it('lists every invalid parameter in one response, ahead of the org lookup', async () => {
    const api = await startFake(new FakeDevinApi());
    const response = await call<ValidationErrorBody>(
      api,
      'GET',
      '/v3beta1/organizations/org-other/snapshot-setup/builds?first=0&status=x'
    );
    expect(response.status).toBe(422);
    expect(response.body.detail.map(issue => issue.loc)).toEqual([
      ['query', 'first'],
      ['query', 'status']
    ]);
  });
});

describe('test controls', () => {
  it('setStatusOverride forces a wire status, even one outside the enum, until cleared', async () => {
    const api = await startFake(new FakeDevinApi());
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

// ---- What the reference does not promise, varied by options (each default is the behaviour above)

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
    const api = await startFake(new FakeDevinApi({ getBuildEndpoint: 'absent' }));
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

// ---- Hostile and oversized server text

describe('hostile strings', () => {
  it('renameBuild gives a build any id, under which it is listed, got and cancelled', async () => {
    const api = await startFake(new FakeDevinApi());
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

describe('hostile faults', () => {
  it('hostile_status gives our build a hostile status in lists and in single-build answers alike', async () => {
    const api = await startFake(new FakeDevinApi());
    const { build_id } = await trigger(api);
    api.onRequest = new FaultInjector(api, { seed: 3, rate: 1, kinds: ['hostile_status'] }).hook;

    const page = await call<Page>(api, 'GET', BUILDS, { skipConformance: true });
    const ours = page.body.items.find(item => item.build_id === build_id);
    expect(ours?.status).toMatch(/^running./s);
    expect(page.body.items.filter(item => item.build_id !== build_id).map(item => item.status)).toEqual(
      expect.arrayContaining(['succeeded'])
    );
    const got = await call<DevinBuildWire>(api, 'GET', `${BUILDS}/${build_id}`, { skipConformance: true });
    expect(HOSTILE_FRAGMENTS.some(fragment => got.body.status.includes(fragment))).toBe(true);
  });

  it('hostile_error answers 500 or 502 with runner commands in the body, as JSON or plain text', async () => {
    const api = await startFake(new FakeDevinApi());
    const injector = new FaultInjector(api, { seed: 5, rate: 1, kinds: ['hostile_error'] });
    api.onRequest = injector.hook;
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => fetch(`${api.url}${BUILDS}`, { headers: { authorization: `Bearer ${TOKEN}` } }))
    );
    const seen = new Set<string>();
    for (const answer of answers) {
      expect([500, 502]).toContain(answer.status);
      seen.add(String(answer.headers.get('content-type')));
      const text = await answer.text();
      const json = answer.headers.get('content-type') === 'application/json';
      const detail = json ? (JSON.parse(text) as { detail: string }).detail : text;
      expect(detail).toMatch(/^upstream trouble./s);
      expect(HOSTILE_FRAGMENTS.some(fragment => detail.includes(fragment))).toBe(true);
    }
    expect(seen).toEqual(new Set(['application/json', 'text/plain']));
    expect(injector.injected.hostile_error).toBe(8);
  });

  it('scheduled faults hit the given request only, fatal ones too: a hostile 422 that fits the contract', async () => {
    const api = await startFake(new FakeDevinApi());
    const injector = new FaultInjector(api, { seed: 1, rate: 0, scheduled: { 1: 'hostile_validation' } });
    api.onRequest = injector.hook;

    expect((await call(api, 'GET', BUILDS)).status).toBe(200);
    const refused = await call<ValidationErrorBody>(api, 'GET', BUILDS);
    expect(refused.status).toBe(422);
    expect(refused.body.detail[0].msg).toMatch(/^Input should be./s);
    expect(HOSTILE_FRAGMENTS.some(fragment => refused.body.detail[0].msg.includes(fragment))).toBe(true);
    expect((await call(api, 'GET', BUILDS)).status).toBe(200);
    expect(injector.injected.hostile_validation).toBe(1);
    expect(injector.total).toBe(1);
  });
});

// The reliability matrix's faults: on its virtual clock, so that a seed replays whatever the machine's load.
describe('faults on a virtual clock', () => {
  it("end a hung connection at the client's timeout on that clock, and delay a slow answer on it", async () => {
    const clock = new VirtualClock(T0, 1, { virtualTimers: true });
    const api = await startFake(new FakeDevinApi({ now: clock.now }));
    const transport = new HttpTransport({ baseUrl: api.url, token: TOKEN, userAgent: 'test', clock });
    const attempt = () => transport.send({ method: 'GET', path: BUILDS, timeoutMs: 100 });
    const onHang = () => clock.runToNextTimer();
    api.onRequest = new FaultInjector(api, { seed: 1, rate: 1, kinds: ['hang'], onHang }).hook;
    await expect(attempt()).rejects.toThrow('no complete answer within 0.1s');
    expect(clock.now()).toBe(T0 + 100);

    const wait = async (ms: number) => clock.advance(ms);
    api.onRequest = new FaultInjector(api, { seed: 1, rate: 1, kinds: ['slow'], slowMs: 20, wait }).hook;
    expect((await attempt()).status).toBe(200);
    expect(clock.now()).toBe(T0 + 120);
  });
});

// ---- Logs: a presigned URL on a second server

function logsPath(id: string): string {
  return `${BUILDS}/${id}/logs`;
}

async function presigned(api: FakeDevinApi, id: string): Promise<PresignedDownloadWire> {
  const response = await call<PresignedDownloadWire>(api, 'GET', logsPath(id));
  expect(response.status).toBe(200);
  return response.body;
}

describe('logs', () => {
  it('answers a presigned URL on another port, valid 10 minutes, expires_at in seconds', async () => {
    const api = await startFake(new FakeDevinApi({ now: () => T0, timestampUnit: 'ms' }));
    const { build_id } = await trigger(api);

    const download = await presigned(api, build_id);
    expect(download.expires_at).toBe(Math.floor((T0 + PRESIGNED_URL_TTL_MS) / 1000));
    const url = new URL(download.url);
    expect(url.origin).toBe(api.logStorage.url);
    expect(url.origin).not.toBe(api.url);
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{32}$/);

    const log = await fetch(download.url);
    expect(log.status).toBe(200);
    expect(await log.text()).toContain(`Building snapshot ${build_id}\n`);
    expect(api.logStorage.requests).toEqual([
      { method: 'GET', url: `${url.pathname}${url.search}`, headers: expect.any(Object), status: 200, at: T0 }
    ]);
  });

  it('refuses (403) a request that carries an Authorization header, and records it', async () => {
    const api = await startFake(new FakeDevinApi());
    const { build_id } = await trigger(api);
    const { url } = await presigned(api, build_id);

    const refused = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('<Code>AccessDenied</Code>');
    expect(api.logStorage.requests.map(request => [request.status, request.headers.authorization])).toEqual([
      [403, `Bearer ${TOKEN}`]
    ]);
  });

  it("refuses (403) the URL once 10 minutes have passed on the fake's clock, and a forged signature", async () => {
    const clock = manualClock();
    const api = await startFake(new FakeDevinApi({ now: clock.now }));
    const { build_id } = await trigger(api);
    const { url } = await presigned(api, build_id);

    clock.advance(PRESIGNED_URL_TTL_MS - 1);
    expect((await fetch(url)).status).toBe(200);
    clock.advance(1);
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
    expect((await fetch(url.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=00'))).status).toBe(403);
    // A new URL works again.
    expect((await fetch((await presigned(api, build_id)).url)).status).toBe(200);
  });

  it('serves the log set per build: raw bytes (invalid UTF-8), hostile lines, 5 MB generated while sent', async () => {
    const api = await startFake(new FakeDevinApi());
    const { build_id } = await trigger(api);
    const invalid = Uint8Array.from([0x6f, 0x6b, 0xff, 0xfe, 0xc3, 0x28, 0x0a]);
    api.setBuildLog(build_id, invalid);
    expect(new Uint8Array(await (await fetch((await presigned(api, build_id)).url)).arrayBuffer())).toEqual(invalid);

    api.setBuildLog(build_id, `step 1\n::error::x\n\x1b[31mred\x1b[0m\n${ALL_HOSTILE}\n`);
    expect(await (await fetch((await presigned(api, build_id)).url)).text()).toContain('\n::error::x\n\x1b[31m');

    const size = 5 * 1024 * 1024 + 3;
    api.setBuildLog(build_id, { size, line: '::error::generated line\n' });
    const big = await fetch((await presigned(api, build_id)).url);
    expect(big.headers.get('content-length')).toBe(String(size));
    const text = await big.text();
    expect(text.length).toBe(size);
    expect(text.startsWith('::error::generated line\n::error::')).toBe(true);
  });

  it('answers 404 for an unknown build, or 403/404 for every build when logsEndpoint says so', async () => {
    const api = await startFake(new FakeDevinApi());
    expect((await call(api, 'GET', logsPath('bld_doesnotexist00'))).status).toBe(404);
    const forbidden = await startFake(new FakeDevinApi({ logsEndpoint: 403 }));
    const { build_id } = await trigger(forbidden);
    expect(await call(forbidden, 'GET', logsPath(build_id))).toMatchObject({
      status: 403,
      body: { detail: 'Forbidden' }
    });
    const missing = await startFake(new FakeDevinApi({ logsEndpoint: 404 }));
    expect((await call(missing, 'GET', logsPath((await trigger(missing)).build_id))).status).toBe(404);
    expect(missing.logStorage.requests).toEqual([]);
  });
});

// ---- Pin and unpin

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

/** Where the contract writes an operation's answer schema in place (not a $ref). */
function inPlaceSchema(path: string, method: string, status: number): string {
  return responseSchemaRef(method, `/v3beta1/organizations/org-test/snapshot-setup/${path}`, status);
}

describe('OpenAPI conformance checking', () => {
  const validBuild: DevinBuildWire = {
    build_id: 'bld_0123456789abcdef',
    status: 'running',
    trigger: null,
    triggered_by_user_id: null,
    pinned: false,
    started_at: 1_700_000_000,
    completed_at: null,
    created_at: 1_700_000_000,
    updated_at: 1_700_000_000
  };
  const buildWithoutPinned: Partial<DevinBuildWire> = { ...validBuild };
  delete buildWithoutPinned.pinned;

  it('accepts a well-formed presigned download and rejects one without expires_at or with a string one', () => {
    const download = { url: 'https://bucket.example/logs/1.log?X-Amz-Signature=ab', expires_at: 1_700_000_600 };
    expect(schemaViolations('#/components/schemas/PresignedDownload', download)).toBeUndefined();
    expect(schemaViolations('#/components/schemas/PresignedDownload', { url: download.url })).toEqual(
      expect.any(String)
    );
    expect(
      schemaViolations('#/components/schemas/PresignedDownload', { ...download, expires_at: '1700000600' })
    ).toEqual(expect.any(String));
  });

  it('accepts a well-formed build and page', () => {
    expect(schemaViolations('#/components/schemas/Build', validBuild)).toBeUndefined();
    expect(
      schemaViolations('#/components/schemas/PaginatedResponse_Build_', { items: [validBuild], end_cursor: null })
    ).toBeUndefined();
  });

  it.each([
    ['a missing field', buildWithoutPinned],
    ['a string timestamp', { ...validBuild, created_at: '1700000000' }],
    ['a fractional timestamp', { ...validBuild, updated_at: 1_700_000_000.5 }],
    ['an unknown status', { ...validBuild, status: 'paused' }],
    ['an unknown trigger', { ...validBuild, trigger: 'scheduled' }],
    ['a null created_at', { ...validBuild, created_at: null }]
  ])('rejects a build with %s', (_case, build) => {
    expect(schemaViolations('#/components/schemas/Build', build)).toEqual(expect.any(String));
    expect(schemaViolations('#/components/schemas/PaginatedResponse_Build_', { items: [build] })).toEqual(
      expect.any(String)
    );
  });

  it('rejects malformed pages and validation errors', () => {
    expect(schemaViolations('#/components/schemas/PaginatedResponse_Build_', { end_cursor: null })).toEqual(
      expect.any(String)
    );
    expect(schemaViolations('#/components/schemas/PaginatedResponse_Build_', { items: [], end_cursor: 3 })).toEqual(
      expect.any(String)
    );
    expect(schemaViolations('#/components/schemas/HTTPValidationError', { detail: 'bad' })).toEqual(expect.any(String));
    expect(
      schemaViolations('#/components/schemas/HTTPValidationError', { detail: [{ loc: 'query', msg: 'x', type: 'y' }] })
    ).toEqual(expect.any(String));
  });

  it('finds the documented schema of every operation, following response $refs', () => {
    expect(responseSchemaRef('POST', BUILDS, 201)).toBe('#/components/schemas/Build');
    expect(responseSchemaRef('GET', BUILDS, 200)).toBe('#/components/schemas/PaginatedResponse_Build_');
    expect(responseSchemaRef('GET', `${BUILDS}/bld_1`, 200)).toBe('#/components/schemas/Build');
    expect(responseSchemaRef('POST', `${BUILDS}/bld_1/cancel`, 200)).toBe('#/components/schemas/Build');
    expect(responseSchemaRef('POST', `${BUILDS}/bld_1/cancel`, 422)).toBe('#/components/schemas/HTTPValidationError');
    expect(responseSchemaRef('GET', `${BUILDS}/bld_1/logs`, 200)).toBe('#/components/schemas/PresignedDownload');
    expect(responseSchemaRef('POST', `${BUILDS}/bld_1/pin`, 200)).toBe('#/components/schemas/Build');
    expect(responseSchemaRef('DELETE', `${BUILDS}/bld_1/pin`, 422)).toBe('#/components/schemas/HTTPValidationError');
    expect(() => responseSchemaRef('DELETE', `${BUILDS}/bld_1/pin`, 204)).toThrow(/describes no JSON body/);
    expect(() => responseSchemaRef('GET', BUILDS, 201)).toThrow(/describes no JSON body/);
  });

  it('finds the schemas of the blueprint and sync operations, referenced or written in place', () => {
    const setup = '/v3beta1/organizations/org-test/snapshot-setup';
    const inPlace = (path: string, method: string, status: number) =>
      `#/paths/~1v3beta1~1organizations~1{org_id}~1snapshot-setup~1${path}/${method}/responses/${status}/content/application~1json/schema`;
    expect(responseSchemaRef('POST', `${setup}/sync`, 200)).toBe(inPlace('sync', 'post', 200));
    expect(responseSchemaRef('GET', `${setup}/blueprints`, 200)).toBe(inPlace('blueprints', 'get', 200));
    expect(responseSchemaRef('POST', `${setup}/blueprints`, 201)).toBe('#/components/schemas/Blueprint');
    expect(responseSchemaRef('PATCH', `${setup}/blueprints/bp_1`, 200)).toBe('#/components/schemas/Blueprint');
    expect(responseSchemaRef('PATCH', `${setup}/blueprints/bp_1`, 422)).toBe(
      '#/components/schemas/HTTPValidationError'
    );
    expect(() => responseSchemaRef('PATCH', `${setup}/blueprints/bp_1`, 400)).toThrow(/describes no JSON body/);
  });

  it('rejects malformed blueprints, blueprint lists and sync answers', () => {
    const blueprint = { blueprint_id: 'bp_1', created_at: 1, repo_name: null, type: 'org', updated_at: 2 };
    const list = inPlaceSchema('blueprints', 'get', 200);
    const sync = inPlaceSchema('sync', 'post', 200);
    expect(schemaViolations('#/components/schemas/Blueprint', blueprint)).toBeUndefined();
    expect(schemaViolations(list, { data: [blueprint] })).toBeUndefined();
    expect(schemaViolations(sync, { repo_name: 'acme/app', more: 1 })).toBeUndefined();
    for (const wrong of [
      { ...blueprint, updated_at: '2' },
      { ...blueprint, type: 'team' },
      { ...blueprint, repo_name: undefined }
    ]) {
      expect(schemaViolations('#/components/schemas/Blueprint', wrong)).toEqual(expect.any(String));
      expect(schemaViolations(list, { data: [wrong] })).toEqual(expect.any(String));
    }
    expect(schemaViolations(list, [blueprint])).toEqual(expect.any(String));
    expect(schemaViolations(sync, { repo_name: 42 })).toEqual(expect.any(String));
  });
});

describe('serve.ts CLI', () => {
  it('prints its URL, writes the port file, logs requests without the token, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-devin-api-'));
    const portFile = join(dir, 'url');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'fakes/devin/serve.ts',
        '--port-file',
        portFile,
        '--token',
        'cog_cli_secret',
        '--older',
        '1',
        '--newer',
        '2'
      ],
      { cwd: REPO_ROOT, env: { ...process.env, NODE_OPTIONS: '' } }
    );
    try {
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      while (!stdout.includes('\n')) {
        if (child.exitCode !== null) throw new Error(`serve.ts exited early: ${stderr}`);
        await once(child.stdout, 'data');
      }
      expect(stdout).toMatch(/^FAKE_DEVIN_API_URL=http:\/\/127\.0\.0\.1:\d+\n$/);
      const url = stdout.trim().replace('FAKE_DEVIN_API_URL=', '');
      expect(readFileSync(portFile, 'utf8').trim()).toBe(url);

      const auth = { authorization: 'Bearer cog_cli_secret' };
      const created = await fetch(`${url}${BUILDS}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: '{}'
      });
      expect(created.status).toBe(201);
      const page = (await (await fetch(`${url}${BUILDS}?first=2`, { headers: auth })).json()) as Page;
      expect(page.total).toBe(1 + 1 + 2);

      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      expect(await exited).toEqual([0, null]);
      expect(stderr).toContain(`POST ${BUILDS} -> 201`);
      expect(stderr).toContain(`GET ${BUILDS}?first=2 -> 200`);
      expect(stderr).not.toContain('cog_cli_secret');
      expect(stdout.split('\n').filter(Boolean)).toHaveLength(1);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
