// What only the Dreadnode action does, run in process through the core's entry on a virtual
// clock; the behaviour both actions share is in gate-contract.test.ts.
import { describe, expect, it } from '@jest/globals';
import {
  DREADNODE_ORG,
  DREADNODE_TOKEN,
  FakeDreadnodeApi,
  type FakeDreadnodeOptions
} from '../../fakes/dreadnode/api.js';
import { mainStepInProcess } from '../../harness/in-process.js';
import { DREADNODE_BUILD_REF as REF } from '../../harness/kits/dreadnode.js';
import { VirtualClock } from '../../harness/virtual-clock.js';
import { dreadnodeDefinition } from '../../src/dreadnode/definition.js';
import { toBuildView } from '../../src/dreadnode/backend.js';
import { dreadnodeBuildSchema } from '../../src/dreadnode/client.js';
import { HttpTransport } from '../../src/core/http.js';
import { failing, startFake } from '../support/index.js';

const GITHUB = { repository: 'octo/app', sha: 'abc123', run_url: 'https://github.com/octo/app/actions/runs/42' };
const RUNNER_ENV = {
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'octo/app',
  GITHUB_SHA: 'abc123',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '42'
};

/** A fake on `clock` whose builds are queued 20 s, then building 100 s, unless the options say otherwise. */
const newFake = (clock: VirtualClock, options: FakeDreadnodeOptions = {}) =>
  new FakeDreadnodeApi({
    now: clock.now,
    plan: { outcome: 'ready', queuedMs: 20_000, buildingMs: 100_000 },
    ...options
  });

/** The action's main step in this process, with the runner's environment of a run in octo/app. */
async function run(fake: FakeDreadnodeApi, clock: VirtualClock, overrides: Record<string, string> = {}) {
  const inputs: Record<string, string> = {
    org: DREADNODE_ORG,
    token: DREADNODE_TOKEN,
    api_url: fake.url,
    build_ref: REF,
    display_name: 'Sandbox 1',
    sandbox_provider: 'docker',
    ...overrides
  };
  const result = await mainStepInProcess(dreadnodeDefinition, inputs, { clock, env: RUNNER_ENV });
  return { ...result, outcome: result.report.outcome, failure: result.report.failure };
}

const methods = (fake: FakeDreadnodeApi) => fake.requests.map(r => r.method);
const bodyOf = (fake: FakeDreadnodeApi, method: string) =>
  JSON.parse(fake.requests.find(r => r.method === method)?.body ?? 'null');

/** The API's error envelope (APIErrorPayload) for `status`; a 422 lists two field errors. */
function apiError(status: number, type: string, detail: string) {
  const errors =
    status === 422
      ? [
          { loc: ['body', 'provider'], msg: 'Input should be e2b or docker', type: 'enum' },
          { loc: ['body', 'build_ref'], msg: 'Too long', type: 'string_too_long' }
        ]
      : undefined;
  return { code: status, detail, type, errors };
}

describe('the Dreadnode gate against the fake API (virtual time)', () => {
  it('creates one build, follows it from queued to ready, then marks it active and annotates it in one PATCH', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock));
    const { outcome, summary, outputs, info } = await run(fake, clock, {
      description: 'nightly',
      metadata: '{"team":"infra","github":"overwritten"}'
    });

    expect(outcome).toMatchObject({ result: 'success', passed: true });
    expect(fake.createdBuildIds()).toHaveLength(1);
    const [id] = fake.createdBuildIds();
    expect(bodyOf(fake, 'POST')).toEqual({
      build_ref: REF,
      display_name: 'Sandbox 1',
      provider: 'docker',
      description: 'nightly',
      metadata: { team: 'infra', github: 'overwritten' }
    });
    expect(bodyOf(fake, 'PATCH')).toEqual({ is_active: true, metadata: { team: 'infra', github: GITHUB } });
    expect(fake.view(id)).toMatchObject({ is_active: true, metadata: { team: 'infra', github: GITHUB } });
    expect(methods(fake)[0]).toBe('POST');
    expect(methods(fake).at(-1)).toBe('PATCH');
    expect(methods(fake).filter(m => m === 'PATCH')).toHaveLength(1);
    expect(
      fake.requests.every(
        r => r.path.startsWith('/api/v1/org/acme/builds') && r.headers.authorization === `Bearer ${DREADNODE_TOKEN}`
      )
    ).toBe(true);
    expect(fake.requests.find(r => r.method === 'GET')?.path).toBe(`/api/v1/org/acme/builds/${id}`);
    expect(summary).toMatch(/### Timeline[\s\S]*\| queued \|[\s\S]*\| building \|[\s\S]*\| ready \|/);
    expect(info).toContain(`Created build ${id} (queued)`);
    expect(info.filter(line => line.includes('→'))).toEqual([
      expect.stringContaining(`${id}: queued → building`),
      expect.stringContaining(`${id}: building → ready`)
    ]);
    expect(outputs).toEqual({
      build_id: id,
      status: 'ready',
      result: 'success',
      created_at: new Date(Date.UTC(2026, 10, 24, 9, 0, 0)).toISOString(),
      started_at: '',
      completed_at: new Date(Date.UTC(2026, 10, 24, 9, 2, 0)).toISOString(),
      duration_seconds: '120',
      is_active: 'true'
    });
    expect(summary).toContain('## ✅ Dreadnode build succeeded in 2m');
    expect(summary).toContain('- **Active:** yes');
  });

  it('gives the verdict at once for a build that comes back ready from the create', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock, { plan: { outcome: 'ready', queuedMs: 0, buildingMs: 0 } }));
    const { outcome, outputs } = await run(fake, clock);
    expect(outcome).toMatchObject({ result: 'success', passed: true });
    expect(methods(fake)).toEqual(['POST', 'PATCH']);
    expect(outputs).toMatchObject({ status: 'ready', duration_seconds: '0', is_active: 'true' });
  });

  it("fails with the build's error_message, and neither activates nor annotates it", async () => {
    const clock = new VirtualClock();
    const fake = await startFake(
      newFake(clock, {
        plan: { outcome: 'failed', queuedMs: 5000, buildingMs: 55_000, errorMessage: 'step 3/7: pip install exited 1' }
      })
    );
    const { outcome, outputs } = await run(fake, clock);
    const [id] = fake.createdBuildIds();
    expect(outcome).toMatchObject({
      result: 'failure',
      passed: false,
      message: `Build ${id} failed after 1m (status failed): step 3/7: pip install exited 1. See the build's logs in Dreadnode.`
    });
    expect(methods(fake)).not.toContain('PATCH');
    expect(outputs).toMatchObject({
      status: 'failed',
      result: 'failure',
      is_active: 'false',
      completed_at: expect.stringMatching(/Z$/)
    });
  });

  it('attaches to a build by build_id, keeping its own metadata when annotating it', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock));
    const id = fake.addBuild({ outcome: 'ready', queuedMs: 10_000, buildingMs: 60_000 }, clock.now() - 30_000, {
      metadata: { owner: 'platform', team: 'old' }
    });
    const { outcome, outputs, warning } = await run(fake, clock, {
      build_id: id,
      metadata: '{"team":"infra"}',
      build_ref: '',
      display_name: '',
      sandbox_provider: ''
    });
    expect(outcome).toMatchObject({ result: 'success' });
    expect(methods(fake)).not.toContain('POST');
    expect(bodyOf(fake, 'PATCH')).toEqual({
      is_active: true,
      metadata: { owner: 'platform', team: 'infra', github: GITHUB }
    });
    expect(outputs).toMatchObject({ build_id: id, status: 'ready', duration_seconds: '70', is_active: 'true' });
    expect(warning).toEqual([]);
  });

  it('with wait false, creates and returns at once, is_active as the create answered', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock));
    const { outcome, outputs } = await run(fake, clock, { wait: 'false' });
    expect(outcome).toMatchObject({ result: 'triggered', passed: true });
    expect(methods(fake)).toEqual(['POST']);
    expect(outputs).toMatchObject({
      build_id: fake.createdBuildIds()[0],
      status: 'queued',
      result: 'triggered',
      is_active: 'false'
    });
  });

  it.each<[string, Record<string, string>, object | undefined]>([
    ['activate only', { annotate: 'false' }, { is_active: true }],
    ['annotate only', { activate: 'false' }, { metadata: { github: GITHUB } }],
    ['neither', { activate: 'false', annotate: 'false' }, undefined]
  ])('after a ready build, PATCHes what is asked: %s', async (_what, overrides, patch) => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock, { plan: { outcome: 'ready', queuedMs: 0, buildingMs: 0 } }));
    const { outcome, outputs } = await run(fake, clock, overrides);
    expect(outcome).toMatchObject({ result: 'success' });
    expect(fake.requests.filter(r => r.method === 'PATCH').map(r => JSON.parse(r.body))).toEqual(patch ? [patch] : []);
    expect(outputs.is_active).toBe(patch && 'is_active' in patch ? 'true' : 'false');
  });

  it('passes with a warning when the PATCH keeps failing; is_active stays as last seen', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(
      newFake(clock, {
        plan: { outcome: 'ready', queuedMs: 0, buildingMs: 0 },
        onRequest: failing('PATCH', 500, { body: apiError(500, 'server_error', 'Internal server error') })
      })
    );
    const { outcome, outputs, warning } = await run(fake, clock);
    expect(outcome).toMatchObject({ result: 'success', passed: true });
    expect(warning).toEqual([
      expect.stringMatching(
        /^The build succeeded, but the follow-up check failed: The Dreadnode API answered the update \(PATCH builds\/\{build_id\}\) with 500: Internal server error \(server_error\) \(gave up after 3 attempts\)$/
      )
    ]);
    expect(methods(fake).filter(m => m === 'PATCH')).toHaveLength(3);
    expect(outputs.is_active).toBe('false');
  });

  it.each<[string, FakeDreadnodeOptions['onRequest']]>([
    ['a 502', failing('POST', 502, { body: apiError(502, 'bad_gateway_error', 'Bad gateway') })],
    [
      'an unreadable 201',
      (request, response) => {
        if (request.method !== 'POST') return false;
        response.writeHead(201, { 'content-type': 'text/html' }).end('<html>proxy</html>');
        return true;
      }
    ]
  ])(
    'does not create again after %s that may have created a build: it says what to look for',
    async (_what, onRequest) => {
      const clock = new VirtualClock();
      const fake = await startFake(newFake(clock, { onRequest }));
      const { failure } = await run(fake, clock);
      expect(methods(fake)).toEqual(['POST']);
      expect(failure).toMatch(
        /^The create failed in a way that may still have created a build \(.+\), and there is no telling whether it did/
      );
      expect(failure).toContain(
        `check organization acme for a build with build_ref "${REF}", and if it is there, run the action with build_id set to its id`
      );
      expect(failure).toContain('Not creating again, to avoid a duplicate build');
    }
  );

  it('ends saying the deployment may not offer GET builds/{id} when the build it created answers 404 at every check', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(
      newFake(clock, {
        onRequest: (request, response) => {
          if (request.method !== 'GET') return false;
          response.writeHead(404, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ code: 404, detail: 'Not Found', type: 'not_found_error' }));
          return true;
        }
      })
    );
    const { failure, outputs } = await run(fake, clock);
    const [id] = fake.createdBuildIds();
    expect(failure).toBe(
      `Build ${id} was created, but reading it back (GET /api/v1/org/acme/builds/${id}) answered 404 at every check since: ` +
        'this Dreadnode deployment may not offer that endpoint, which the action assumes (see dreadnode/README.md). Check the build in Dreadnode.'
    );
    expect(outputs).toMatchObject({ build_id: id, result: '' });
  });

  it('does not create again after a create that got no answer in time', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock, { onRequest: request => request.method === 'POST' }));
    const { failure } = await run(fake, clock, { request_timeout: '200ms' });
    expect(failure).toMatch(/no complete answer within 0\.2s\), and there is no telling whether it did/);
    expect(methods(fake)).toEqual(['POST']);
  });

  it.each(['usage_limit_exceeded_error', 'org_sandbox_capacity_exceeded_error', 'e2b_rate_limit_error'])(
    'retries the create on %s whatever the status',
    async type => {
      const clock = new VirtualClock();
      const fake = await startFake(
        newFake(clock, {
          plan: { outcome: 'ready', queuedMs: 0, buildingMs: 0 },
          onRequest: failing('POST', 403, { body: apiError(403, type, 'Try later'), times: 3 })
        })
      );
      const { outcome } = await run(fake, clock);
      expect(outcome).toMatchObject({ result: 'success' });
      expect(methods(fake).filter(m => m === 'POST')).toHaveLength(4);
      expect(fake.createdBuildIds()).toHaveLength(1);
    }
  );

  it.each<[string, Record<string, string>, FakeDreadnodeOptions['onRequest'], string]>([
    [
      'a wrong token',
      { token: 'dn_key_wrong' },
      undefined,
      'The Dreadnode API rejected the token (401): Authentication failed (authentication_error). Use a Dreadnode API key from a secret'
    ],
    [
      'an unknown org',
      { org: 'other' },
      undefined,
      'Not found (404): organization other: Organization not found (not_found_error). Check org (the organization slug) and api_url'
    ],
    [
      'a 403',
      {},
      failing('POST', 403, { body: apiError(403, 'forbidden_error', 'Access forbidden') }),
      'The token is not allowed to create builds in organization acme (403): Access forbidden (forbidden_error).'
    ],
    [
      'a 422',
      {},
      failing('POST', 422, { body: apiError(422, 'validation_error', 'Validation error') }),
      'The Dreadnode API refused the create (POST builds) as invalid (422): Validation error (validation_error): body.provider: Input should be e2b or docker; body.build_ref: Too long'
    ],
    [
      'a 426',
      {},
      failing('POST', 426, { body: apiError(426, 'upgrade_required_error', 'Upgrade required') }),
      'The Dreadnode API answered the create (POST builds) with 426: Upgrade required (upgrade_required_error)'
    ],
    [
      'a 409 without a readable envelope',
      {},
      failing('POST', 409, { body: apiError(409, '', '') }),
      'The Dreadnode API answered the create (POST builds) with 409: {"code":409,"detail":"","type":""}'
    ]
  ])('explains %s, sending the request once', async (_what, overrides, onRequest, message) => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock, { onRequest }));
    const { failure, outputs } = await run(fake, clock, overrides);
    expect(failure).toContain(message);
    expect(methods(fake)).toEqual(['POST']);
    expect(fake.createdBuildIds()).toHaveLength(0);
    expect(outputs.result).toBe('');
  });
});

describe('the Dreadnode backend and client', () => {
  const wire = (fields: Record<string, unknown>) =>
    dreadnodeBuildSchema.parse({
      id: 'b1',
      is_active: false,
      created_at: '2026-11-24T09:00:00Z',
      updated_at: '2026-11-24T09:05:00.123456Z',
      ...fields
    });

  it.each([
    ['queued', 'in_progress'],
    ['building', 'in_progress'],
    ['ready', 'success'],
    ['failed', 'failure'],
    ['archived', 'unknown']
  ])('maps status %s to %s', (status, phase) => {
    expect(toBuildView(wire({ status })).phase).toBe(phase);
  });

  it("reads a missing status as ready, the contract's default", () => {
    expect(toBuildView(wire({}))).toMatchObject({ status: 'ready', phase: 'success' });
  });

  it('takes completion from updated_at only once the build is finished, and has no start time', () => {
    const created = Date.UTC(2026, 10, 24, 9, 0, 0);
    const view = toBuildView(wire({ status: 'ready' }));
    expect(view).toMatchObject({ createdAt: created, completedAt: created + 300_123 });
    expect(view.startedAt).toBeUndefined();
    expect(toBuildView(wire({ status: 'building' })).completedAt).toBeUndefined();
  });

  it('reads a date-time without a zone as UTC, and refuses one that is not a date', () => {
    expect(wire({ created_at: '2026-11-24T09:00:00.5' }).created_at).toBe(Date.UTC(2026, 10, 24, 9, 0, 0, 500));
    expect(wire({ created_at: '2026-11-24T10:00:00+01:00' }).created_at).toBe(Date.UTC(2026, 10, 24, 9, 0, 0));
    expect(
      dreadnodeBuildSchema.safeParse({
        id: 'b1',
        is_active: false,
        created_at: 'yesterday',
        updated_at: '2026-11-24T09:00:00Z'
      }).success
    ).toBe(false);
  });

  it('shows error_message and is_active from the build', () => {
    expect(toBuildView(wire({ status: 'failed', error_message: 'boom', is_active: true }))).toMatchObject({
      errorMessage: 'boom',
      outputs: { is_active: 'true' }
    });
    expect(toBuildView(wire({ status: 'failed', error_message: null })).errorMessage).toBeUndefined();
  });

  it('has no outputs of its own beyond is_active, and no way to cancel a build', () => {
    expect(dreadnodeDefinition.capabilities).toEqual({
      afterSuccessOutputs: ['is_active'],
      pin: false,
      logs: false,
      supersede: false
    });
    const backend = dreadnodeDefinition.backend(
      dreadnodeDefinition.readInputs(
        name =>
          ({
            org: 'acme',
            token: 't',
            api_url: 'http://127.0.0.1:9',
            build_id: '2489e9ad-2ee2-4e00-8ec9-32d5f69181c0'
          })[name] ?? '',
        {}
      ),
      new HttpTransport({ baseUrl: 'http://127.0.0.1:9', token: 't', userAgent: 'test' }),
      {}
    );
    expect(backend.cancel).toBeUndefined();
  });
});
