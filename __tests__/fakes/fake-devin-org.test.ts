// The fake Devin API's org: its build rules (one build at a time, a newer trigger supersedes the
// queued one), builds someone else asks for, its blueprints, the sync of a repo's blueprint file,
// and what each build carried. Over real HTTP on 127.0.0.1, on a manual clock; every 2xx and 422
// answer is checked against the contract (fakes/devin/contract.ts).
import { FakeDevinApi, type DevinBuildWire, type FakeDevinApiOptions } from '../../fakes/devin/api.js';
import { expectConformant } from '../../fakes/devin/contract.js';
import { startFake } from '../support/index.js';

const TOKEN = 'cog_test_token';
const SETUP = '/v3beta1/organizations/org-test/snapshot-setup';
const BUILDS = `${SETUP}/builds`;
const T0 = 1_700_000_000_000;
/** Our builds wait 100 ms at least, then run 1 s. */
const PLAN = { outcome: 'succeeded', pendingMs: 100, runningMs: 1_000 } as const;

interface Answer<T> {
  status: number;
  body: T;
}

interface CallOptions {
  /** Sent as is, instead of `json`. */
  raw?: string;
  /** Default application/json when there is a body. */
  contentType?: string;
}

/** A request with the fake's token; every 2xx and 422 answer must fit the contract. */
async function call<T = unknown>(
  api: FakeDevinApi,
  method: string,
  path: string,
  json?: unknown,
  { raw, contentType = 'application/json' }: CallOptions = {}
): Promise<Answer<T>> {
  const body = raw ?? (json === undefined ? undefined : JSON.stringify(json));
  const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` };
  if (body !== undefined) headers['content-type'] = contentType;
  const response = await fetch(`${api.url}${path}`, { method, headers, body });
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  if ((response.status >= 200 && response.status < 300 && response.status !== 204) || response.status === 422)
    expectConformant(method, new URL(path, api.url).pathname, response.status, parsed);
  return { status: response.status, body: parsed as T };
}

function manualClock(start = T0): { now: () => number; advance: (ms: number) => void } {
  let current = start;
  return { now: () => current, advance: ms => (current += ms) };
}

/** A fake under the org's rules on a manual clock, timestamps in ms. */
async function orgFake(
  options: FakeDevinApiOptions = {}
): Promise<{ api: FakeDevinApi; clock: ReturnType<typeof manualClock> }> {
  const clock = manualClock();
  const api = await startFake(
    new FakeDevinApi({ now: clock.now, timestampUnit: 'ms', plan: PLAN, orgRules: true, ...options })
  );
  return { api, clock };
}

async function trigger(api: FakeDevinApi): Promise<DevinBuildWire> {
  const answer = await call<DevinBuildWire>(api, 'POST', BUILDS, {});
  expect(answer.status).toBe(201);
  return answer.body;
}

async function getBuild(api: FakeDevinApi, id: string): Promise<DevinBuildWire> {
  const answer = await call<DevinBuildWire>(api, 'GET', `${BUILDS}/${id}`);
  expect(answer.status).toBe(200);
  return answer.body;
}

async function listedIds(api: FakeDevinApi): Promise<string[]> {
  const answer = await call<{ items: DevinBuildWire[] }>(api, 'GET', BUILDS);
  return answer.body.items.map(item => item.build_id);
}

/** Status, started_at and completed_at of a build, as the API answers them now. */
async function course(api: FakeDevinApi, id: string): Promise<[string, number | null, number | null]> {
  const { status, started_at, completed_at } = await getBuild(api, id);
  return [status, started_at, completed_at];
}

describe("the org's rules (orgRules)", () => {
  it('starts a build of an idle org after the least wait, pendingMs, as without the rules', async () => {
    const { api, clock } = await orgFake();
    const ours = await trigger(api);
    expect(ours).toMatchObject({ status: 'pending', created_at: T0, started_at: null });

    clock.advance(99);
    expect(await course(api, ours.build_id)).toEqual(['pending', null, null]);
    clock.advance(1);
    expect(await course(api, ours.build_id)).toEqual(['running', T0 + 100, null]);
    clock.advance(1_000);
    expect(await course(api, ours.build_id)).toEqual(['succeeded', T0 + 100, T0 + 1_100]);
  });

  it('keeps a build triggered while another runs pending, and starts it when that one ends', async () => {
    const { api, clock } = await orgFake();
    // Someone else's build: created 500 ms ago, running since 400 ms ago, until T0 + 600.
    const theirs = api.scheduleBuild({ at: T0 - 500, trigger: 'manual' });
    expect(await course(api, theirs)).toEqual(['running', T0 - 400, null]);
    const ours = await trigger(api);

    clock.advance(599);
    expect(await course(api, ours.build_id)).toEqual(['pending', null, null]);
    clock.advance(1);
    expect(await course(api, theirs)).toEqual(['succeeded', T0 - 400, T0 + 600]);
    expect(await course(api, ours.build_id)).toEqual(['running', T0 + 600, null]);
    clock.advance(1_000);
    expect(await course(api, ours.build_id)).toEqual(['succeeded', T0 + 600, T0 + 1_600]);
    expect(api.supersededBy(ours.build_id)).toBeUndefined();
  });

  it('cancels our queued build when a newer one is created, which takes its place in the queue', async () => {
    const { api, clock } = await orgFake();
    const running = api.scheduleBuild({ at: T0 - 500 });
    const ours = await trigger(api);
    const newer = api.scheduleBuild({ at: T0 + 50, trigger: 'auto' });

    // It does not exist before its time, and ours is still queued.
    clock.advance(49);
    expect(await listedIds(api)).not.toContain(newer);
    expect((await call(api, 'GET', `${BUILDS}/${newer}`)).status).toBe(404);
    expect(await course(api, ours.build_id)).toEqual(['pending', null, null]);

    clock.advance(1);
    expect(await course(api, ours.build_id)).toEqual(['cancelled', null, T0 + 50]);
    expect(await getBuild(api, newer)).toMatchObject({
      status: 'pending',
      trigger: 'auto',
      triggered_by_user_id: null
    });
    expect(api.supersededBy(ours.build_id)).toBe(newer);
    expect(await listedIds(api)).toEqual(expect.arrayContaining([newer, ours.build_id, running]));

    clock.advance(550);
    expect(await course(api, newer)).toEqual(['running', T0 + 600, null]);
    expect(await course(api, ours.build_id)).toEqual(['cancelled', null, T0 + 50]);
  });

  it("supersedes someone else's queued build with ours", async () => {
    const { api, clock } = await orgFake();
    api.scheduleBuild({ at: T0 - 500 });
    const queued = api.scheduleBuild({ at: T0 - 10, trigger: 'manual', triggeredByUserId: 'usr_other' });
    expect(await getBuild(api, queued)).toMatchObject({ status: 'pending', triggered_by_user_id: 'usr_other' });

    const ours = await trigger(api);
    expect(await course(api, queued)).toEqual(['cancelled', null, T0]);
    expect(api.supersededBy(queued)).toBe(ours.build_id);
    clock.advance(600);
    expect(await course(api, ours.build_id)).toEqual(['running', T0 + 600, null]);
  });

  it('lets a build that starts at the instant a newer one is created run, and queues the newer one', async () => {
    const { api, clock } = await orgFake();
    api.scheduleBuild({ at: T0 - 500 });
    const ours = await trigger(api);
    const newer = api.scheduleBuild({ at: T0 + 600 });

    clock.advance(600);
    expect(await course(api, ours.build_id)).toEqual(['running', T0 + 600, null]);
    expect((await getBuild(api, newer)).status).toBe('pending');
    clock.advance(1_000);
    expect(await course(api, newer)).toEqual(['running', T0 + 1_600, null]);
  });

  it('waits the least wait even when the slot frees earlier', async () => {
    const { api, clock } = await orgFake({ plan: { ...PLAN, pendingMs: 5_000 } });
    api.scheduleBuild({ at: T0 - 5_000, plan: { outcome: 'failed', pendingMs: 0, runningMs: 6_000 } });
    const ours = await trigger(api);
    clock.advance(1_000);
    expect((await getBuild(api, ours.build_id)).status).toBe('pending');
    clock.advance(4_000);
    expect(await course(api, ours.build_id)).toEqual(['running', T0 + 5_000, null]);
  });

  it('starts the queued build when the running one is cancelled, and nothing when the queued one is', async () => {
    const { api, clock } = await orgFake();
    const running = api.scheduleBuild({ at: T0 - 500 });
    const ours = await trigger(api);

    clock.advance(200);
    expect((await call<DevinBuildWire>(api, 'POST', `${BUILDS}/${running}/cancel`)).body).toMatchObject({
      status: 'cancelled',
      started_at: T0 - 400,
      completed_at: T0 + 200
    });
    expect(await course(api, ours.build_id)).toEqual(['running', T0 + 200, null]);

    const queued = await trigger(api);
    clock.advance(100);
    expect((await call<DevinBuildWire>(api, 'POST', `${BUILDS}/${queued.build_id}/cancel`)).body).toMatchObject({
      status: 'cancelled',
      started_at: null,
      completed_at: T0 + 300
    });
    expect(api.supersededBy(queued.build_id)).toBeUndefined();
    clock.advance(10_000);
    expect(await course(api, queued.build_id)).toEqual(['cancelled', null, T0 + 300]);
    expect(await course(api, ours.build_id)).toEqual(['succeeded', T0 + 200, T0 + 1_200]);
  });

  it('holds the slot with a build given as it is while it runs: one that never ends until cancelled', async () => {
    const { api, clock } = await orgFake();
    const given = api.addBuild({ status: 'running', trigger: 'manual', createdAt: T0 - 1_000 });
    const ours = await trigger(api);
    clock.advance(60_000);
    expect((await getBuild(api, ours.build_id)).status).toBe('pending');

    await call(api, 'POST', `${BUILDS}/${given}/cancel`);
    expect(await course(api, ours.build_id)).toEqual(['running', T0 + 60_000, null]);
  });

  it('works the timelines out from the requests alone: reading often or once gives the same answers', async () => {
    const scenario = async (readEachStep: boolean): Promise<unknown[]> => {
      const { api, clock } = await orgFake();
      const ids = [api.scheduleBuild({ at: T0 - 300 })];
      const steps: (() => unknown)[] = [
        () => trigger(api).then(build => ids.push(build.build_id)),
        () => ids.push(api.scheduleBuild({ at: clock.now() + 250, trigger: 'manual' })),
        () => trigger(api).then(build => ids.push(build.build_id)),
        () => call(api, 'POST', `${BUILDS}/${ids[0]}/cancel`)
      ];
      for (const step of steps) {
        await step();
        if (readEachStep) await listedIds(api);
        clock.advance(200);
      }
      clock.advance(5_000);
      return Promise.all(ids.map(async id => ({ ...(await getBuild(api, id)), build_id: ids.indexOf(id) })));
    };
    const once = await scenario(false);
    expect(await scenario(true)).toEqual(once);
    // Theirs cancelled; ours superseded by ours, then by the scheduled one, which runs once theirs is cancelled.
    expect(once.map(build => (build as DevinBuildWire).status)).toEqual([
      'cancelled',
      'cancelled',
      'succeeded',
      'cancelled'
    ]);
  });
});

describe('without the rules (the default)', () => {
  it('starts ours after pendingMs while another runs, and a scheduled build follows its plan alone', async () => {
    const clock = manualClock();
    const api = await startFake(new FakeDevinApi({ now: clock.now, timestampUnit: 'ms', plan: PLAN }));
    const theirs = api.scheduleBuild({ at: T0 - 500, trigger: 'manual' });
    const ours = await trigger(api);
    const later = api.scheduleBuild({ at: T0 + 50 });

    clock.advance(100);
    expect(await course(api, theirs)).toEqual(['running', T0 - 400, null]);
    expect(await course(api, ours.build_id)).toEqual(['running', T0 + 100, null]);
    expect(await getBuild(api, theirs)).toMatchObject({ trigger: 'manual', triggered_by_user_id: 'usr_teammate' });
    expect(await course(api, later)).toEqual(['pending', null, null]);
    expect(api.supersededBy(ours.build_id)).toBeUndefined();
    expect(api.createdBuildIds()).toEqual([ours.build_id]);
  });
});
