import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { ServerResponse } from 'node:http';
import {
  DREADNODE_ORG,
  DREADNODE_TOKEN,
  FakeDreadnodeApi,
  type DreadnodeRequest,
  type FakeDreadnodeOptions
} from '../fake-api/dreadnode.js';
import { VirtualClock } from '../fake-api/virtual-clock.js';
import { ActionError, ApiError, DeadlineError } from '../src/core/errors.js';
import { newGateState, runGate } from '../src/core/gate.js';
import { HttpTransport } from '../src/core/http.js';
import { gateOutputs, gateSummary } from '../src/core/report.js';
import { dreadnodeAction } from '../src/dreadnode/action.js';
import { DREADNODE_EXTRA_OUTPUTS, DreadnodeBackend, toBuildView } from '../src/dreadnode/backend.js';
import { DreadnodeClient, dreadnodeBuildSchema } from '../src/dreadnode/client.js';
import { readDreadnodeInputs } from '../src/dreadnode/inputs.js';

const REF = 'registry.example/sandbox:1';
const GITHUB = { repository: 'octo/app', sha: 'abc123', run_url: 'https://github.com/octo/app/actions/runs/42' };
const RUNNER_ENV = {
  GITHUB_REPOSITORY: 'octo/app',
  GITHUB_SHA: 'abc123',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '42'
};
const saved: Record<string, string | undefined> = {};
beforeAll(() => {
  for (const [name, value] of Object.entries(RUNNER_ENV)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
});
afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

let api: FakeDreadnodeApi | undefined;
afterEach(async () => {
  await api?.stop();
  api = undefined;
});

async function fakeOn(clock: VirtualClock, options: FakeDreadnodeOptions = {}): Promise<FakeDreadnodeApi> {
  api = new FakeDreadnodeApi({
    now: clock.now,
    plan: { outcome: 'ready', queuedMs: 20_000, buildingMs: 100_000 },
    ...options
  });
  await api.start();
  return api;
}

/**
 * The action as its definition builds it (inputs, client, backend), run through the shared gate
 * on the virtual clock; what @actions/core would get is collected instead.
 */
async function gateRun(
  fake: FakeDreadnodeApi,
  clock: VirtualClock,
  overrides: Record<string, string> = {},
  signal?: AbortSignal
) {
  const given: Record<string, string> = {
    org: DREADNODE_ORG,
    token: DREADNODE_TOKEN,
    api_url: fake.url,
    build_ref: REF,
    display_name: 'Sandbox 1',
    sandbox_provider: 'docker',
    ...overrides
  };
  const inputs = readDreadnodeInputs(name => given[name] ?? '');
  const transport = new HttpTransport({
    baseUrl: inputs.api_url,
    token: inputs.token,
    userAgent: 'snapshot-build-action/test'
  });
  const lines = { info: [] as string[], warning: [] as string[] };
  const state = newGateState(clock.now(), dreadnodeAction.extraOutputs);
  const outcome = await runGate(
    dreadnodeAction.backend(inputs, transport),
    {
      buildId: inputs.build_id,
      wait: inputs.wait,
      timeoutMs: inputs.timeout,
      pollIntervalMs: inputs.poll_interval,
      requestTimeoutMs: inputs.request_timeout,
      cancelOnTimeout: false,
      cancelOnAbort: false
    },
    { clock, signal, log: { info: line => lines.info.push(line), warning: line => lines.warning.push(line) } },
    state
  ).catch((error: Error) => error);
  return { outcome, state, outputs: gateOutputs(state), ...lines };
}

const methods = (fake: FakeDreadnodeApi) => fake.requests.map(r => r.method);
const bodyOf = (fake: FakeDreadnodeApi, method: string) =>
  JSON.parse(fake.requests.find(r => r.method === method)?.body ?? 'null');
const messageOf = (outcome: unknown) => (outcome as Error).message;

/** An onRequest hook that answers the first `times` requests of `method` with an APIErrorPayload. */
function failing(
  method: string,
  status: number,
  type: string,
  detail: string,
  times = Infinity,
  headers: Record<string, string> = {}
) {
  let left = times;
  return (request: DreadnodeRequest, response: ServerResponse): boolean => {
    if (request.method !== method || left-- <= 0) return false;
    const errors =
      status === 422
        ? [
            { loc: ['body', 'provider'], msg: 'Input should be e2b or docker', type: 'enum' },
            { loc: ['body', 'build_ref'], msg: 'Too long', type: 'string_too_long' }
          ]
        : undefined;
    response
      .writeHead(status, { 'content-type': 'application/json', ...headers })
      .end(JSON.stringify({ code: status, detail, type, errors }));
    return true;
  };
}

describe('the Dreadnode gate against the fake API (virtual time)', () => {
  it('creates one build, follows it from queued to ready, then marks it active and annotates it in one PATCH', async () => {
    const clock = new VirtualClock();
    const fake = await fakeOn(clock);
    const { outcome, state, outputs, info } = await gateRun(fake, clock, {
      description: 'nightly',
      metadata: '{"team":"infra","github":"overwritten"}'
    });

    expect(outcome).toMatchObject({ result: 'success', passed: true });
    expect(fake.created).toHaveLength(1);
    const [id] = fake.created;
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
    expect(state.timeline.map(t => t.status)).toEqual(['queued', 'building', 'ready']);
    expect(info).toContain(`Triggered build ${id} (queued)`);
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
    const summary = gateSummary('Dreadnode build', state, 'done');
    expect(summary).toContain('## Dreadnode build');
    expect(summary).toContain('| Is active | true |');
  });

  it('gives the verdict at once for a build that comes back ready from the create', async () => {
    const clock = new VirtualClock();
    const fake = await fakeOn(clock, { plan: { outcome: 'ready', queuedMs: 0, buildingMs: 0 } });
    const { outcome, outputs } = await gateRun(fake, clock);
    expect(outcome).toMatchObject({ result: 'success', passed: true });
    expect(methods(fake)).toEqual(['POST', 'PATCH']);
    expect(outputs).toMatchObject({ status: 'ready', duration_seconds: '0', is_active: 'true' });
  });

  it("fails with the build's error_message, and neither activates nor annotates it", async () => {
    const clock = new VirtualClock();
    const fake = await fakeOn(clock, {
      plan: { outcome: 'failed', queuedMs: 5000, buildingMs: 55_000, errorMessage: 'step 3/7: pip install exited 1' }
    });
    const { outcome, outputs } = await gateRun(fake, clock);
    const [id] = fake.created;
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

  it('times out with the last status and never tries to cancel (the API cannot)', async () => {
    const clock = new VirtualClock();
    const fake = await fakeOn(clock, { plan: { outcome: 'ready', queuedMs: 1000, buildingMs: 3_600_000 } });
    const { outcome, state, outputs } = await gateRun(fake, clock, { timeout: '2m' });
    const [id] = fake.created;
    expect(outcome).toMatchObject({
      result: 'timed_out',
      passed: false,
      message: `timed out after 2m; build ${id} is still building`
    });
    expect(new Set(methods(fake))).toEqual(new Set(['POST', 'GET']));
    expect(outputs).toMatchObject({
      status: 'building',
      result: 'timed_out',
      completed_at: '',
      duration_seconds: '',
      is_active: 'false'
    });
    expect(clock.now() - state.startedAt).toBeLessThanOrEqual(120_000);
  });

  it('stops without a cancel when the run is aborted', async () => {
    const clock = new VirtualClock();
    const abort = new AbortController();
    const fake = await fakeOn(clock, {
      onRequest: request => {
        if (request.method === 'GET') abort.abort(new ActionError('The workflow run was cancelled (SIGINT)'));
        return false;
      }
    });
    const { outcome } = await gateRun(fake, clock, {}, abort.signal);
    expect(outcome).toMatchObject({
      result: 'cancelled',
      passed: false,
      message: expect.stringContaining(`build ${fake.created[0]} is left`)
    });
    expect(new Set(methods(fake))).toEqual(new Set(['POST', 'GET']));
  });

  it('attaches to a build by build_id, keeping its own metadata when annotating it', async () => {
    const clock = new VirtualClock();
    const fake = await fakeOn(clock);
    const id = fake.addBuild({ outcome: 'ready', queuedMs: 10_000, buildingMs: 60_000 }, clock.now() - 30_000, {
      metadata: { owner: 'platform', team: 'old' }
    });
    const { outcome, outputs, warning } = await gateRun(fake, clock, { build_id: id, metadata: '{"team":"infra"}' });
    expect(outcome).toMatchObject({ result: 'success' });
    expect(methods(fake)).not.toContain('POST');
    expect(bodyOf(fake, 'PATCH')).toEqual({
      is_active: true,
      metadata: { owner: 'platform', team: 'infra', github: GITHUB }
    });
    expect(outputs).toMatchObject({ build_id: id, status: 'ready', duration_seconds: '70', is_active: 'true' });
    expect(warning).toEqual([]);
  });

  it('fails clearly when the build to attach to does not exist', async () => {
    const clock = new VirtualClock();
    const fake = await fakeOn(clock);
    const { outcome } = await gateRun(fake, clock, { build_id: '2489e9ad-2ee2-4e00-8ec9-32d5f69181c0' });
    expect(outcome).toBeInstanceOf(ActionError);
    expect(messageOf(outcome)).toContain('Build 2489e9ad-2ee2-4e00-8ec9-32d5f69181c0 was not found');
    expect(methods(fake)).toEqual(['GET']);
  });

  it('with wait false, creates and returns at once, is_active as the create answered', async () => {
    const clock = new VirtualClock();
    const fake = await fakeOn(clock);
    const { outcome, outputs } = await gateRun(fake, clock, { wait: 'false' });
    expect(outcome).toMatchObject({ result: 'triggered', passed: true });
    expect(methods(fake)).toEqual(['POST']);
    expect(outputs).toMatchObject({
      build_id: fake.created[0],
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
    const fake = await fakeOn(clock, { plan: { outcome: 'ready', queuedMs: 0, buildingMs: 0 } });
    const { outcome, outputs } = await gateRun(fake, clock, overrides);
    expect(outcome).toMatchObject({ result: 'success' });
    expect(fake.requests.filter(r => r.method === 'PATCH').map(r => JSON.parse(r.body))).toEqual(patch ? [patch] : []);
    expect(outputs.is_active).toBe(patch && 'is_active' in patch ? 'true' : 'false');
  });

  it('passes with a warning when the PATCH keeps failing; is_active stays as last seen', async () => {
    const clock = new VirtualClock();
    const fake = await fakeOn(clock, {
      plan: { outcome: 'ready', queuedMs: 0, buildingMs: 0 },
      onRequest: failing('PATCH', 500, 'server_error', 'Internal server error')
    });
    const { outcome, outputs, warning } = await gateRun(fake, clock);
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
    ['a 502', failing('POST', 502, 'bad_gateway_error', 'Bad gateway')],
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
      const fake = await fakeOn(clock, { onRequest });
      const { outcome } = await gateRun(fake, clock);
      expect(outcome).toBeInstanceOf(ActionError);
      expect(methods(fake)).toEqual(['POST']);
      expect(messageOf(outcome)).toMatch(
        /^The trigger failed in a way that may still have created a build \(.+\), and there is no telling whether it did/
      );
      expect(messageOf(outcome)).toContain(
        `check organization acme for a build with build_ref "${REF}", and if it is there, run the action with build_id set to its id`
      );
      expect(messageOf(outcome)).toContain('Not triggering again, to avoid a duplicate build');
    }
  );

  it('does not create again after a create that got no answer in time', async () => {
    const clock = new VirtualClock();
    const fake = await fakeOn(clock, { onRequest: request => request.method === 'POST' });
    const { outcome } = await gateRun(fake, clock, { request_timeout: '200ms' });
    expect(messageOf(outcome)).toMatch(/no complete answer within 0\.2s\), and there is no telling whether it did/);
    expect(methods(fake)).toEqual(['POST']);
  });

  it('sends the create again after an error that proves nothing was created (503), and creates one build', async () => {
    const clock = new VirtualClock();
    const fake = await fakeOn(clock, {
      plan: { outcome: 'ready', queuedMs: 0, buildingMs: 0 },
      onRequest: failing('POST', 503, 'server_error', 'Unavailable', 2)
    });
    const { outcome, info } = await gateRun(fake, clock);
    expect(outcome).toMatchObject({ result: 'success' });
    expect(methods(fake)).toEqual(['POST', 'POST', 'POST', 'PATCH']);
    expect(fake.created).toHaveLength(1);
    expect(info.filter(line => line.includes('retrying in'))).toHaveLength(2);
  });

  it('honours Retry-After on a 429, retried like any throttled request', async () => {
    const clock = new VirtualClock();
    const fake = await fakeOn(clock, {
      onRequest: failing('GET', 429, 'e2b_rate_limit_error', 'Rate limited', 1, { 'retry-after': '40' })
    });
    const { outcome, info } = await gateRun(fake, clock);
    expect(outcome).toMatchObject({ result: 'success' });
    expect(info).toContainEqual(
      expect.stringMatching(/with 429: Rate limited \(e2b_rate_limit_error\); retrying in (4\d|5\d)s$/)
    );
    expect(clock.sleeps.some(ms => ms >= 40_000)).toBe(true);
  });

  it.each(['usage_limit_exceeded_error', 'org_sandbox_capacity_exceeded_error', 'e2b_rate_limit_error'])(
    'retries the create on %s whatever the status',
    async type => {
      const clock = new VirtualClock();
      const fake = await fakeOn(clock, {
        plan: { outcome: 'ready', queuedMs: 0, buildingMs: 0 },
        onRequest: failing('POST', 403, type, 'Try later', 3)
      });
      const { outcome } = await gateRun(fake, clock);
      expect(outcome).toMatchObject({ result: 'success' });
      expect(methods(fake).filter(m => m === 'POST')).toHaveLength(4);
      expect(fake.created).toHaveLength(1);
    }
  );

  it.each<[string, Record<string, string>, FakeDreadnodeOptions['onRequest'], number, string]>([
    [
      'a wrong token',
      { token: 'dn_key_wrong' },
      undefined,
      401,
      'The Dreadnode API rejected the token (401): Authentication failed (authentication_error). Use a Dreadnode API key from a secret'
    ],
    [
      'an unknown org',
      { org: 'other' },
      undefined,
      404,
      'Not found (404): organization other: Organization not found (not_found_error). Check org (the organization slug) and api_url'
    ],
    [
      'a 403',
      {},
      failing('POST', 403, 'forbidden_error', 'Access forbidden'),
      403,
      'The token is not allowed to create builds in organization acme (403): Access forbidden (forbidden_error).'
    ],
    [
      'a 422',
      {},
      failing('POST', 422, 'validation_error', 'Validation error'),
      422,
      'The Dreadnode API refused the create (POST builds) as invalid (422): Validation error (validation_error): body.provider: Input should be e2b or docker; body.build_ref: Too long'
    ],
    [
      'a 426',
      {},
      failing('POST', 426, 'upgrade_required_error', 'Upgrade required'),
      426,
      'The Dreadnode API answered the create (POST builds) with 426: Upgrade required (upgrade_required_error)'
    ],
    [
      'a 409 without a readable envelope',
      {},
      failing('POST', 409, '', ''),
      409,
      'The Dreadnode API answered the create (POST builds) with 409: {"code":409,"detail":"","type":""}'
    ]
  ])('explains %s, sending the request once', async (_what, overrides, onRequest, status, message) => {
    const clock = new VirtualClock();
    const fake = await fakeOn(clock, { onRequest });
    const { outcome, state } = await gateRun(fake, clock, overrides);
    expect(outcome).toBeInstanceOf(ApiError);
    expect((outcome as ApiError).details).toMatchObject({ status, retryable: false });
    expect(messageOf(outcome)).toContain(message);
    expect(methods(fake)).toEqual(['POST']);
    expect(fake.created).toHaveLength(0);
    expect(state.result).toBeUndefined();
  });

  it('refuses a redirect and names its host', async () => {
    const clock = new VirtualClock();
    const fake = await fakeOn(clock, {
      onRequest: (_request, response) => {
        response.writeHead(307, { location: 'https://elsewhere.example:8443/api/v1/org/acme/builds' }).end();
        return true;
      }
    });
    const { outcome } = await gateRun(fake, clock);
    expect(messageOf(outcome)).toBe(
      'The Dreadnode API answered the create (POST builds) with a redirect (307) to host elsewhere.example:8443. ' +
        'The action does not follow redirects, so the token is never sent elsewhere; set api_url to the final address.'
    );
    expect(methods(fake)).toEqual(['POST']);
  });

  it('keeps the token out of messages even when the API echoes it', async () => {
    const clock = new VirtualClock();
    const fake = await fakeOn(clock, {
      onRequest: failing('POST', 400, 'invalid_error', `bad key ${DREADNODE_TOKEN}`)
    });
    const { outcome } = await gateRun(fake, clock);
    expect(messageOf(outcome)).toBe(
      'The Dreadnode API answered the create (POST builds) with 400: bad key *** (invalid_error)'
    );
  });

  it('reports timed_out when the timeout comes while the create is being retried', async () => {
    const clock = new VirtualClock();
    const fake = await fakeOn(clock, {
      onRequest: failing('POST', 503, 'server_error', 'Unavailable', Infinity, { 'retry-after': '120' })
    });
    const { outcome, state } = await gateRun(fake, clock, { timeout: '5m' });
    expect(outcome).toBeInstanceOf(DeadlineError);
    expect(state.result).toBe('timed_out');
    expect(fake.created).toHaveLength(0);
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

  it('refuses to cancel: the API has no way to', async () => {
    const backend = new DreadnodeBackend(
      new DreadnodeClient(new HttpTransport({ baseUrl: 'http://127.0.0.1:9', token: 't', userAgent: 'test' }), 'acme'),
      'acme',
      {
        activate: true,
        annotate: true,
        github: {}
      }
    );
    await expect(backend.cancel('b1')).rejects.toThrow(
      new ActionError('The Dreadnode API has no way to cancel a build; build b1 is left as it is.')
    );
  });

  it('has no outputs of its own beyond is_active', () => {
    expect(DREADNODE_EXTRA_OUTPUTS).toEqual(['is_active']);
  });
});

describe('the fake Dreadnode API', () => {
  it('validates the create like the API: 422 with an APIErrorPayload listing each field', async () => {
    const clock = new VirtualClock();
    const fake = await fakeOn(clock);
    const answer = await fetch(`${fake.url}/api/v1/org/acme/builds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DREADNODE_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ build_ref: 'x', metadata: [1] })
    });
    expect(answer.status).toBe(422);
    expect(await answer.json()).toEqual({
      code: 422,
      detail: 'Validation error',
      type: 'validation_error',
      errors: [
        { loc: ['body', 'display_name'], msg: 'Field required', type: 'missing' },
        { loc: ['body', 'provider'], msg: 'Field required', type: 'missing' },
        { loc: ['body', 'metadata'], msg: 'Input should be a valid dictionary', type: 'object_type' }
      ]
    });
    expect(fake.created).toHaveLength(0);
  });

  it('wants the bearer token', async () => {
    const clock = new VirtualClock();
    const fake = await fakeOn(clock);
    const answer = await fetch(`${fake.url}/api/v1/org/acme/builds/x`);
    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual({ code: 401, detail: 'Authentication failed', type: 'authentication_error' });
  });
});
