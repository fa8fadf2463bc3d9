// The fake Devin API's org: its build rules (one build at a time, a newer trigger supersedes the
// queued one), builds someone else asks for, its blueprints, the sync of a repo's blueprint file,
// and what each build carried. Over real HTTP on 127.0.0.1, on a manual clock; every 2xx and 422
// answer is checked against the contract (fakes/devin/contract.ts).
import {
  FakeDevinApi,
  type BlueprintWire,
  type DevinBuildWire,
  type FakeDevinApiOptions
} from '../../fakes/devin/api.js';
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

// ---- Blueprints

const BLUEPRINTS = `${SETUP}/blueprints`;

async function createBlueprint(api: FakeDevinApi, body: Record<string, unknown>): Promise<BlueprintWire> {
  const answer = await call<BlueprintWire>(api, 'POST', BLUEPRINTS, body);
  expect(answer.status).toBe(201);
  return answer.body;
}

async function listBlueprints(api: FakeDevinApi, repoName?: string): Promise<BlueprintWire[]> {
  const query = repoName === undefined ? '' : `?${new URLSearchParams({ repo_name: repoName })}`;
  const answer = await call<{ data: BlueprintWire[] }>(api, 'GET', `${BLUEPRINTS}${query}`);
  expect(answer.status).toBe(200);
  return answer.body.data;
}

async function updateBlueprint(api: FakeDevinApi, id: string, body: unknown): Promise<Answer<BlueprintWire>> {
  return call<BlueprintWire>(api, 'PATCH', `${BLUEPRINTS}/${id}`, body);
}

/** The builds' list and ours: what a blueprint operation must leave alone. */
async function buildsSeen(api: FakeDevinApi): Promise<unknown> {
  return { listed: await listedIds(api), ours: api.createdBuildIds() };
}

describe('blueprints', () => {
  it('creates repo-tier and org-tier blueprints, lists them in execution order or by repo_name, and gets one', async () => {
    const { api } = await orgFake();
    const builds = await buildsSeen(api);
    const app = await createBlueprint(api, { repo_name: 'acme/app', contents: 'steps: [app]' });
    expect(app).toEqual({
      blueprint_id: expect.stringMatching(/^bp_[0-9a-f]{16}$/),
      created_at: T0,
      repo_name: 'acme/app',
      type: 'repo',
      updated_at: T0
    });
    const lib = await createBlueprint(api, { repo_name: 'acme/lib', contents: null });
    const org = await createBlueprint(api, {});
    expect(org).toMatchObject({ repo_name: null, type: 'org' });

    expect(await listBlueprints(api)).toEqual([org, app, lib]);
    expect(await listBlueprints(api, 'acme/app')).toEqual([app]);
    expect(await listBlueprints(api, 'acme/none')).toEqual([]);
    expect((await call(api, 'GET', `${BLUEPRINTS}/${lib.blueprint_id}`)).body).toEqual(lib);
    expect(await call(api, 'GET', `${BLUEPRINTS}/bp_0000000000000000`)).toEqual({
      status: 404,
      body: { detail: 'Blueprint not found' }
    });
    expect(api.blueprint(app.blueprint_id)).toEqual({ ...app, contents: 'steps: [app]', version: 1, position: 1 });
    expect(api.blueprint(lib.blueprint_id)?.contents).toBeNull();
    expect(await buildsSeen(api)).toEqual(builds);
  });

  it('writes its times as whole seconds by default, like the builds', async () => {
    const api = await startFake(new FakeDevinApi({ now: () => T0 + 250 }));
    expect(await createBlueprint(api, { repo_name: 'acme/app' })).toMatchObject({
      created_at: Math.floor(T0 / 1000),
      updated_at: Math.floor(T0 / 1000)
    });
  });

  it('refuses (409) a second blueprint for a repository, and a second org-tier one', async () => {
    const { api } = await orgFake();
    await createBlueprint(api, { repo_name: 'acme/app' });
    await createBlueprint(api, { contents: 'org: 1' });
    expect(await call(api, 'POST', BLUEPRINTS, { repo_name: 'acme/app', contents: 'x' })).toEqual({
      status: 409,
      body: { detail: 'The repository already has a blueprint' }
    });
    expect((await call(api, 'POST', BLUEPRINTS, { repo_name: null })).status).toBe(409);
    expect(await listBlueprints(api)).toHaveLength(2);
  });

  it.each([
    ['owner/repo', 'Acme/App'],
    ['lower-case', 'acme/app'],
    ['url', 'https://github.com/Acme/App']
  ] as const)(
    'writes repo_name in its own spelling (%s), and finds and refuses a repository in any spelling',
    async (repoNameSpelling, written) => {
      const { api } = await orgFake({ repoNameSpelling });
      const app = await createBlueprint(api, { repo_name: 'https://github.com/Acme/App.git' });
      expect(app.repo_name).toBe(written);
      for (const spelling of ['acme/app', 'ACME/APP', 'https://github.com/acme/app/', 'git@github.com:Acme/App.git']) {
        expect(await listBlueprints(api, spelling)).toEqual([app]);
        expect((await call(api, 'POST', BLUEPRINTS, { repo_name: spelling })).status).toBe(409);
      }
      expect(await listBlueprints(api, 'acme/app-two')).toEqual([]);
      api.setDefaultBranchBlueprint('ACME/app', 'v1');
      expect((await call(api, 'POST', SYNC, { repo_name: 'acme/APP' })).body).toEqual({ repo_name: written });
      expect(await listBlueprints(api)).toEqual([{ ...app, updated_at: expect.any(Number) }]);
    }
  );

  it('updates contents with a new version and updated_at; the same contents change nothing; no build', async () => {
    const { api, clock } = await orgFake();
    const builds = await buildsSeen(api);
    const app = await createBlueprint(api, { repo_name: 'acme/app', contents: 'v1' });
    const lib = await createBlueprint(api, { repo_name: 'acme/lib', contents: 'lib' });

    clock.advance(1_000);
    const updated = await updateBlueprint(api, app.blueprint_id, { contents: 'v2' });
    expect(updated).toEqual({ status: 200, body: { ...app, updated_at: T0 + 1_000 } });
    expect(api.blueprint(app.blueprint_id)).toMatchObject({ contents: 'v2', version: 2 });

    clock.advance(1_000);
    expect((await updateBlueprint(api, app.blueprint_id, { contents: 'v2' })).body.updated_at).toBe(T0 + 1_000);
    expect(api.blueprint(app.blueprint_id)).toMatchObject({ contents: 'v2', version: 2 });

    // A position moves a repo-tier blueprint in the execution order; that is a change too. As
    // pydantic reads an integer: "0" is one.
    expect((await updateBlueprint(api, lib.blueprint_id, { position: '0' })).body.updated_at).toBe(T0 + 2_000);
    expect((await listBlueprints(api)).map(blueprint => blueprint.blueprint_id)).toEqual([
      lib.blueprint_id,
      app.blueprint_id
    ]);
    expect(api.blueprint(lib.blueprint_id)).toMatchObject({ contents: 'lib', version: 2, position: 0 });
    expect(await buildsSeen(api)).toEqual(builds);
  });

  it('answers 400 to an empty update and to a position on an org-tier blueprint, 404 to an unknown one', async () => {
    const { api } = await orgFake();
    const org = await createBlueprint(api, { contents: 'org' });
    const app = await createBlueprint(api, { repo_name: 'acme/app' });

    for (const empty of [{}, { contents: null }, { contents: null, position: null }, { other: 1 }]) {
      expect(await updateBlueprint(api, app.blueprint_id, empty)).toEqual({
        status: 400,
        body: { detail: 'Nothing to update: give contents and/or position' }
      });
    }
    expect(await updateBlueprint(api, org.blueprint_id, { position: 1 })).toEqual({
      status: 400,
      body: { detail: 'Only a repo-tier blueprint has a position' }
    });
    expect((await updateBlueprint(api, org.blueprint_id, { contents: 'org 2' })).status).toBe(200);
    expect(await updateBlueprint(api, 'bp_0000000000000000', { contents: 'x' })).toEqual({
      status: 404,
      body: { detail: 'Blueprint not found' }
    });
    expect(api.blueprint(app.blueprint_id)?.version).toBe(1);
  });

  it.each([
    ['PATCH', { position: 1.5 }, ['body', 'position'], 'int_from_float'],
    ['PATCH', { position: 'two' }, ['body', 'position'], 'int_parsing'],
    ['PATCH', { position: [2] }, ['body', 'position'], 'int_type'],
    ['PATCH', { contents: 3 }, ['body', 'contents'], 'string_type'],
    ['POST', { repo_name: ['acme/app'] }, ['body', 'repo_name'], 'string_type'],
    ['POST', [], ['body'], 'model_attributes_type']
  ])('answers 422 to %s %j, at %j', async (method, body, loc, type) => {
    const { api } = await orgFake();
    const app = await createBlueprint(api, { repo_name: 'acme/app' });
    const path = method === 'PATCH' ? `${BLUEPRINTS}/${app.blueprint_id}` : BLUEPRINTS;
    const answer = await call<{ detail: { loc: unknown; type: string }[] }>(api, method, path, body);
    expect(answer.status).toBe(422);
    expect(answer.body.detail).toEqual([expect.objectContaining({ loc, type })]);
  });

  it('answers 422 to a body that is not JSON, 404 to an unknown org, 405 to other methods', async () => {
    const { api } = await orgFake();
    const notJson = await call<{ detail: { type: string }[] }>(api, 'POST', BLUEPRINTS, undefined, { raw: '{"a":' });
    expect(notJson.body.detail[0].type).toBe('json_invalid');
    const badOrg = await call<{ detail: { loc: unknown }[] }>(
      api,
      'GET',
      '/v3beta1/organizations/acme/snapshot-setup/blueprints'
    );
    expect(badOrg.body.detail.map(issue => issue.loc)).toEqual([['path', 'org_id']]);
    expect(await call(api, 'GET', '/v3beta1/organizations/org-other/snapshot-setup/blueprints')).toEqual({
      status: 404,
      body: { detail: 'Organization not found' }
    });
    const deleted = await fetch(`${api.url}${BLUEPRINTS}/bp_0000000000000000`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${TOKEN}` }
    });
    expect([deleted.status, deleted.headers.get('allow')]).toEqual([405, 'GET, PATCH']);
    expect((await fetch(`${api.url}${BLUEPRINTS}`)).status).toBe(401);
  });
});

describe('blueprint test controls', () => {
  it('addBlueprint makes the duplicates the API refuses: two repo-tier blueprints for one repository', async () => {
    const { api } = await orgFake();
    const first = api.addBlueprint({ repoName: 'acme/app', contents: 'one' });
    const second = api.addBlueprint({ repoName: 'acme/app', contents: 'two', at: T0 - 1_000 });
    const listed = await listBlueprints(api, 'acme/app');
    expect(listed.map(blueprint => blueprint.blueprint_id)).toEqual([first, second]);
    expect(listed[1].created_at).toBe(T0 - 1_000);
    // Any type, even one the contract does not list yet (it says the enum may grow).
    api.addBlueprint({ type: 'team', contents: 'x' });
    const answer = await fetch(`${api.url}${BLUEPRINTS}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const body = (await answer.json()) as { data: BlueprintWire[] };
    expect(body.data.map(blueprint => blueprint.type)).toEqual(['repo', 'repo', 'team']);
    expect(() => expectConformant('GET', BLUEPRINTS, 200, body)).toThrow(/type/);
  });

  it("editBlueprintInUi saves contents at a chosen time: a new version from then on, and the org's auto build", async () => {
    const { api, clock } = await orgFake();
    const app = await createBlueprint(api, { repo_name: 'acme/app', contents: 'v1' });
    const build = api.editBlueprintInUi(app.blueprint_id, 'ui', { at: T0 + 5_000 });
    expect(build).toEqual(expect.any(String));

    clock.advance(4_999);
    expect((await call<BlueprintWire>(api, 'GET', `${BLUEPRINTS}/${app.blueprint_id}`)).body.updated_at).toBe(T0);
    expect(api.blueprint(app.blueprint_id)).toMatchObject({ contents: 'v1', version: 1 });
    expect(await listedIds(api)).not.toContain(build);

    clock.advance(1);
    expect((await call<BlueprintWire>(api, 'GET', `${BLUEPRINTS}/${app.blueprint_id}`)).body.updated_at).toBe(
      T0 + 5_000
    );
    expect(api.blueprint(app.blueprint_id)).toMatchObject({ contents: 'ui', version: 2 });
    expect(await getBuild(api, build as string)).toMatchObject({ status: 'pending', trigger: 'auto' });

    expect(api.editBlueprintInUi(app.blueprint_id, 'ui')).toBeUndefined();
    expect(api.editBlueprintInUi(app.blueprint_id, 'ui 2', { autoBuild: false })).toBeUndefined();
    expect(api.blueprint(app.blueprint_id)).toMatchObject({ contents: 'ui 2', version: 3 });
    expect(api.createdBuildIds()).toEqual([]);
  });
});

// ---- What each build carried

describe('carried: the blueprints a build started with', () => {
  it('records the versions in effect when the build started, not when it was created', async () => {
    const { api, clock } = await orgFake();
    const theirs = api.scheduleBuild({ at: T0 - 500 });
    const app = await createBlueprint(api, { repo_name: 'acme/app', contents: 'v1' });
    const ours = await trigger(api);
    expect(api.carried(ours.build_id)).toBeUndefined();
    // Theirs started before the blueprint existed.
    expect(api.carried(theirs)).toEqual([]);

    clock.advance(300);
    await updateBlueprint(api, app.blueprint_id, { contents: 'v2' });
    clock.advance(300);
    const v2 = { ...app, updated_at: T0 + 300, contents: 'v2', version: 2, position: 1 };
    expect(api.carried(ours.build_id)).toEqual([v2]);

    // Saved in the UI while ours runs: ours still carried v2; the org's auto build waits, then carries v3.
    clock.advance(200);
    const auto = api.editBlueprintInUi(app.blueprint_id, 'v3') as string;
    expect(await course(api, auto)).toEqual(['pending', null, null]);
    clock.advance(800);
    expect(await course(api, ours.build_id)).toEqual(['succeeded', T0 + 600, T0 + 1_600]);
    expect(api.carried(ours.build_id)).toEqual([v2]);
    expect(api.carried(auto)).toEqual([{ ...v2, updated_at: T0 + 800, contents: 'v3', version: 3 }]);
    expect(api.blueprint(app.blueprint_id)?.contents).toBe('v3');
  });

  it('has nothing for a build that never started: superseded, or cancelled while queued', async () => {
    const { api, clock } = await orgFake();
    api.addBlueprint({ repoName: 'acme/app', contents: 'v1', at: T0 - 10_000 });
    api.scheduleBuild({ at: T0 - 500 });
    const ours = await trigger(api);
    const newer = api.scheduleBuild({ at: T0 + 10 });
    clock.advance(10_000);
    expect((await getBuild(api, ours.build_id)).status).toBe('cancelled');
    expect(api.carried(ours.build_id)).toBeUndefined();
    expect(api.carried(newer)?.map(blueprint => blueprint.contents)).toEqual(['v1']);
  });

  it('holds every blueprint in execution order, and works without the rules, at the start pendingMs gives', async () => {
    const clock = manualClock();
    const api = await startFake(new FakeDevinApi({ now: clock.now, plan: PLAN }));
    const lib = api.addBlueprint({ repoName: 'acme/lib', contents: 'lib', at: T0 - 2_000 });
    const app = api.addBlueprint({ repoName: 'acme/app', contents: 'app', at: T0 - 1_000 });
    const org = api.addBlueprint({ contents: 'org', at: T0 - 1_000 });
    const ours = await trigger(api);
    api.editBlueprintInUi(app, 'app 2', { at: T0 + 100, autoBuild: false });
    clock.advance(100);
    expect(api.carried(ours.build_id)?.map(blueprint => [blueprint.blueprint_id, blueprint.contents])).toEqual([
      [org, 'org'],
      [lib, 'lib'],
      [app, 'app 2']
    ]);
  });
});

// ---- Sync

const SYNC = `${SETUP}/sync`;

describe('sync', () => {
  it("creates the repo's blueprint from its default branch, then updates it, idempotently; never builds", async () => {
    const { api, clock } = await orgFake();
    const builds = await buildsSeen(api);
    api.setDefaultBranchBlueprint('acme/app', 'v1');

    expect(await call(api, 'POST', SYNC, { repo_name: 'acme/app' })).toEqual({
      status: 200,
      body: { repo_name: 'acme/app' }
    });
    const [created] = await listBlueprints(api, 'acme/app');
    expect(created).toMatchObject({ type: 'repo', created_at: T0, updated_at: T0 });
    expect(api.blueprint(created.blueprint_id)).toMatchObject({ contents: 'v1', version: 1 });

    clock.advance(1_000);
    await call(api, 'POST', SYNC, { repo_name: 'acme/app' });
    expect(api.blueprint(created.blueprint_id)).toMatchObject({ contents: 'v1', version: 1, updated_at: T0 });

    api.setDefaultBranchBlueprint('acme/app', 'v2');
    clock.advance(1_000);
    await call(api, 'POST', SYNC, { repo_name: 'acme/app' });
    expect(await listBlueprints(api)).toEqual([{ ...created, updated_at: T0 + 2_000 }]);
    expect(api.blueprint(created.blueprint_id)).toMatchObject({ contents: 'v2', version: 2 });

    const blueprintId = created.blueprint_id;
    expect(api.syncs).toEqual([
      { at: T0, repoName: 'acme/app', status: 200, blueprintId, change: 'created' },
      { at: T0 + 1_000, repoName: 'acme/app', status: 200, blueprintId, change: 'unchanged' },
      { at: T0 + 2_000, repoName: 'acme/app', status: 200, blueprintId, change: 'updated' }
    ]);
    expect(await buildsSeen(api)).toEqual(builds);
  });

  it('takes a provider URL for the repository, and answers its owner/repo name', async () => {
    const { api } = await orgFake();
    api.setDefaultBranchBlueprint('acme/app', 'v1');
    for (const repoName of [
      'https://github.com/acme/app.git',
      'https://github.com/acme/app/',
      'git@github.com:acme/app'
    ]) {
      expect((await call(api, 'POST', SYNC, { repo_name: repoName })).body).toEqual({ repo_name: 'acme/app' });
    }
    expect(await listBlueprints(api, 'acme/app')).toHaveLength(1);
    expect(api.syncs.map(sync => sync.change)).toEqual(['created', 'unchanged', 'unchanged']);
  });

  it('writes the first of duplicates in execution order', async () => {
    const { api } = await orgFake();
    const first = api.addBlueprint({ repoName: 'acme/app', contents: 'one' });
    const second = api.addBlueprint({ repoName: 'acme/app', contents: 'two' });
    api.setDefaultBranchBlueprint('acme/app', 'synced');
    await call(api, 'POST', SYNC, { repo_name: 'acme/app' });
    expect([api.blueprint(first)?.contents, api.blueprint(second)?.contents]).toEqual(['synced', 'two']);
  });

  it('answers 404 for a repository it does not know, and for one without the file; writes nothing', async () => {
    const { api } = await orgFake();
    api.setDefaultBranchBlueprint('acme/empty', null);
    api.setDefaultBranchBlueprint('acme/gone', 'x');
    api.setDefaultBranchBlueprint('acme/gone', undefined);
    for (const repoName of ['acme/unknown', 'acme/gone']) {
      expect(await call(api, 'POST', SYNC, { repo_name: repoName })).toEqual({
        status: 404,
        body: { detail: 'Repository not found' }
      });
    }
    expect(await call(api, 'POST', SYNC, { repo_name: 'acme/empty' })).toEqual({
      status: 404,
      body: { detail: 'No .devin/blueprint.yaml on the default branch' }
    });
    expect(await listBlueprints(api)).toEqual([]);
    expect(api.syncs.map(sync => [sync.repoName, sync.status, sync.change])).toEqual([
      ['acme/unknown', 404, undefined],
      ['acme/gone', 404, undefined],
      ['acme/empty', 404, undefined]
    ]);
  });

  it('answers what the test chose, for every repository or for one: 403, 404, 422', async () => {
    const { api } = await orgFake({ syncAnswer: 403 });
    api.setDefaultBranchBlueprint('acme/app', 'v1');
    api.setDefaultBranchBlueprint('acme/lib', 'v1');
    expect(await call(api, 'POST', SYNC, { repo_name: 'acme/app' })).toEqual({
      status: 403,
      body: { detail: 'Forbidden' }
    });

    api.setSyncAnswer('acme/app', 'synced');
    expect((await call(api, 'POST', SYNC, { repo_name: 'acme/app' })).status).toBe(200);
    api.setSyncAnswer('acme/lib', 404);
    expect((await call(api, 'POST', SYNC, { repo_name: 'acme/lib' })).status).toBe(404);
    api.setSyncAnswer('https://github.com/acme/lib', 422);
    const refused = await call<{ detail: { loc: unknown; type: string; input: unknown }[] }>(api, 'POST', SYNC, {
      repo_name: 'acme/lib'
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toEqual([
      expect.objectContaining({ loc: ['body', 'repo_name'], type: 'value_error', input: 'acme/lib' })
    ]);
    api.setSyncAnswer('acme/app', undefined);
    expect((await call(api, 'POST', SYNC, { repo_name: 'acme/app' })).status).toBe(403);
    expect((await listBlueprints(api)).map(blueprint => blueprint.repo_name)).toEqual(['acme/app']);
  });

  it.each([
    ['no repo_name', {}, 'missing'],
    ['a repo_name that is not a string', { repo_name: 42 }, 'string_type'],
    ['a null repo_name', { repo_name: null }, 'string_type']
  ])('answers 422 to %s, and records the request', async (_case, body, type) => {
    const { api } = await orgFake();
    const refused = await call<{ detail: { loc: unknown; type: string }[] }>(api, 'POST', SYNC, body);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'repo_name'], type })]);
    expect(api.syncs).toEqual([{ at: T0, repoName: (body as { repo_name?: unknown }).repo_name, status: 422 }]);
  });

  it('answers 422 to a body that is not a JSON object, 405 to GET, 401 without the token', async () => {
    const { api } = await orgFake();
    const notJson = await call<{ detail: { type: string }[] }>(api, 'POST', SYNC, undefined, {
      raw: 'repo_name=acme/app',
      contentType: 'application/x-www-form-urlencoded'
    });
    expect(notJson.body.detail.map(issue => issue.type)).toEqual(['model_attributes_type']);
    const get = await fetch(`${api.url}${SYNC}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    expect((await fetch(`${api.url}${SYNC}`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect(api.syncs.map(sync => sync.status)).toEqual([422]);
  });

  it('carries out a sync whose answer the onRequest hook loses', async () => {
    const { api } = await orgFake();
    api.setDefaultBranchBlueprint('acme/app', 'v1');
    api.onRequest = (request, response) => {
      api.reply(request);
      response.socket?.destroy();
      return true;
    };
    await expect(
      fetch(`${api.url}${SYNC}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: '{"repo_name": "acme/app"}'
      })
    ).rejects.toThrow();
    expect(api.blueprints().map(blueprint => blueprint.contents)).toEqual(['v1']);
    expect(api.syncs.map(sync => sync.change)).toEqual(['created']);
  });
});
