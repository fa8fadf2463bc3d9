import { afterEach, describe, expect, it } from '@jest/globals';
import { FakeDevinApi, type FakeDevinApiOptions } from '../fake-api/devin.js';
import { ActionError, ApiError, DeadlineError } from '../src/core/errors.js';
import { runDevinGate } from '../fake-api/devin-gate.js';
import { VirtualClock } from '../fake-api/virtual-clock.js';

let api: FakeDevinApi | undefined;
afterEach(async () => {
  await api?.stop();
  api = undefined;
});

async function start(clock: VirtualClock, options: FakeDevinApiOptions = {}): Promise<FakeDevinApi> {
  api = new FakeDevinApi({ now: clock.now, ...options });
  await api.start();
  return api;
}

const listRequests = (fake: FakeDevinApi) => fake.requests.filter(r => r.method === 'GET');

describe('the Devin gate against the fake API (virtual time)', () => {
  it('triggers one build, follows it from pending to succeeded and reports it active', async () => {
    const clock = new VirtualClock();
    const fake = await start(clock, { plan: { outcome: 'succeeded', pendingMs: 25_000, runningMs: 180_000 } });
    const { outcome, state, logs, known } = await runDevinGate(fake, clock);

    expect(outcome).toMatchObject({ result: 'success', passed: true });
    expect(fake.createdBuildIds()).toHaveLength(1);
    const [id] = fake.createdBuildIds();
    expect(known).toEqual([id]);
    expect(state.timeline.map(t => t.status)).toEqual(['pending', 'running', 'succeeded']);
    expect(state.extraOutputs).toEqual({ active: 'true' });
    expect(state.build?.completedAt).toBeDefined();
    // One line per status change, not one per poll.
    expect(logs.filter(line => line.includes('→'))).toEqual([
      expect.stringContaining(`Build ${id}: pending → running`),
      expect.stringContaining(`Build ${id}: running → succeeded`)
    ]);
    // 1 snapshot list + 1 POST + ~one list per 10 s of a 205 s build + 1 active check.
    expect(fake.requests.length).toBeGreaterThanOrEqual(23);
    expect(fake.requests.length).toBeLessThanOrEqual(27);
    const post = fake.requests.find(r => r.method === 'POST');
    expect(post?.body).toBe('{}');
    expect(post?.headers['content-type']).toBe('application/json');
    expect(post?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.requests.every(r => r.headers['user-agent'] === 'snapshot-build-action/test')).toBe(true);
    expect(listRequests(fake).every(r => r.query.first !== undefined)).toBe(true);
  });

  it.each<['failed' | 'cancelled', string, string]>([
    ['failed', 'failure', 'failed after'],
    ['cancelled', 'cancelled', 'was cancelled']
  ])('fails the step when the build is %s', async (terminal, result, words) => {
    const clock = new VirtualClock();
    const fake = await start(clock, { plan: { outcome: terminal, pendingMs: 5000, runningMs: 60_000 } });
    const { outcome, state } = await runDevinGate(fake, clock);
    expect(outcome).toMatchObject({ result, passed: false, message: expect.stringContaining(words) });
    expect(state.build?.status).toBe(terminal);
    expect(state.extraOutputs).toEqual({ active: '' });
  });

  it('finds the build on page 3 by following end_cursor', async () => {
    const clock = new VirtualClock();
    const fake = await start(clock, {
      newerBuildsAfterTrigger: 230,
      plan: { outcome: 'succeeded', pendingMs: 1000, runningMs: 15_000 }
    });
    const { outcome } = await runDevinGate(fake, clock, { gate: { pollIntervalMs: 5000 } });
    expect(outcome).toMatchObject({ result: 'success' });
    const afters = listRequests(fake)
      .map(r => r.query.after)
      .filter(Boolean);
    expect(new Set(afters).size).toBe(2);
  });

  it('times out with the last status and cancels when asked to', async () => {
    const clock = new VirtualClock();
    const fake = await start(clock, { plan: { outcome: 'succeeded', pendingMs: 1000, runningMs: 3_600_000 } });
    const { outcome, state } = await runDevinGate(fake, clock, { gate: { timeoutMs: 120_000, cancelOnTimeout: true } });
    const [id] = fake.createdBuildIds();
    expect(outcome).toMatchObject({
      result: 'timed_out',
      passed: false,
      message: expect.stringMatching(
        new RegExp(
          `^timed out after 2m; build ${id} is still running \\(cancel_on_timeout: cancel requested, the build is now cancelled\\)$`
        )
      )
    });
    expect(fake.requests.filter(r => r.path.endsWith('/cancel'))).toHaveLength(1);
    expect(state.build?.status).toBe('cancelled');
    expect(clock.now() - state.startedAt).toBeLessThanOrEqual(120_000);
  });

  it('reports timed_out when the timeout comes while requests are still being retried', async () => {
    const clock = new VirtualClock();
    const fake = await start(clock, {
      onRequest: (_req, res) => {
        res.writeHead(503, { 'retry-after': '120' }).end();
        return true;
      }
    });
    const { outcome, state } = await runDevinGate(fake, clock, { gate: { timeoutMs: 300_000 } });
    expect(outcome).toBeInstanceOf(DeadlineError);
    expect((outcome as Error).message).toMatch(
      /503.*\(gave up after 3 attempts: the next retry would pass the timeout\)$/
    );
    expect(state.result).toBe('timed_out');
    expect(fake.createdBuildIds()).toHaveLength(0);
    expect(clock.now() - state.startedAt).toBeLessThanOrEqual(300_000);
  });

  it("adopts the build that a trigger answered with 502 created, found on the API's clock, rather than trigger again", async () => {
    const clock = new VirtualClock();
    const fake = await start(clock, { olderBuilds: 5 });
    // Someone's manual build from a minute ago must not be taken for ours.
    fake.addBuild({ status: 'running', trigger: 'manual', createdAt: clock.now() - 60_000 });
    let posts = 0;
    fake.onRequest = (request, response) => {
      if (request.method !== 'POST' || posts++ > 0) return false;
      fake.reply(request); // carried out, then the gateway fails
      response.writeHead(502).end();
      return true;
    };
    const { outcome, warnings } = await runDevinGate(fake, clock);
    expect(fake.createdBuildIds()).toHaveLength(1);
    expect(posts).toBe(1);
    expect(outcome).toMatchObject({ result: 'success' });
    expect(warnings).toEqual([
      expect.stringContaining(
        `but build ${fake.createdBuildIds()[0]} has appeared since; following that build instead of triggering another`
      )
    ]);
  });

  it('sends the same Idempotency-Key on every retry of one trigger', async () => {
    const clock = new VirtualClock();
    const fake = await start(clock);
    let posts = 0;
    fake.onRequest = (request, response) => {
      if (request.method !== 'POST' || ++posts > 2) return false;
      response.writeHead(503).end(); // refused before any work: safe to send again
      return true;
    };
    const { outcome } = await runDevinGate(fake, clock);
    expect(outcome).toMatchObject({ result: 'success' });
    const keys = fake.requests.filter(r => r.method === 'POST').map(r => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(fake.createdBuildIds()).toHaveLength(1);
  });

  it('stops, rather than risk a second build, when the list gives no clock to tell new builds from old', async () => {
    const clock = new VirtualClock();
    const fake = await start(clock);
    fake.onRequest = (request, response) => {
      if (request.method === 'POST') {
        response.writeHead(504).end();
        return true;
      }
      const reply = fake.reply(request);
      response.sendDate = false;
      response.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
      return true;
    };
    const { outcome } = await runDevinGate(fake, clock);
    expect(outcome).toBeInstanceOf(ActionError);
    expect((outcome as Error).message).toContain(
      "there is no telling whether it did: the API's answer has no Date header"
    );
    expect(fake.requests.filter(r => r.method === 'POST')).toHaveLength(1);
  });

  it('leaves the build running on timeout by default', async () => {
    const clock = new VirtualClock();
    const fake = await start(clock, { plan: { outcome: 'succeeded', pendingMs: 1000, runningMs: 3_600_000 } });
    const { outcome } = await runDevinGate(fake, clock, { gate: { timeoutMs: 60_000 } });
    expect(outcome).toMatchObject({ result: 'timed_out' });
    expect(fake.requests.filter(r => r.path.endsWith('/cancel'))).toHaveLength(0);
  });

  it('keeps waiting through a status it does not know, warning once, and never passes on it', async () => {
    const clock = new VirtualClock();
    const fake = await start(clock);
    const id = fake.addBuild({
      status: 'running',
      trigger: 'manual',
      createdAt: clock.now() - 60_000,
      startedAt: clock.now() - 50_000
    });
    fake.setStatusOverride(id, 'paused');
    const { outcome, warnings, state } = await runDevinGate(fake, clock, { gate: { buildId: id, timeoutMs: 300_000 } });
    expect(outcome).toMatchObject({
      result: 'timed_out',
      message: expect.stringContaining(`build ${id} is still paused`)
    });
    expect(warnings.filter(w => w.includes('"paused"'))).toHaveLength(1);
    expect(state.build?.phase).toBe('unknown');
    expect(listRequests(fake).length).toBeGreaterThan(25);
  });

  it('attaches to an existing build without triggering one', async () => {
    const clock = new VirtualClock();
    const fake = await start(clock);
    const id = fake.addBuild({
      status: 'running',
      trigger: 'manual',
      createdAt: clock.now() - 60_000,
      startedAt: clock.now() - 50_000
    });
    const { outcome, state } = await runDevinGate(fake, clock, { gate: { buildId: id, timeoutMs: 30_000 } });
    expect(fake.requests.filter(r => r.method === 'POST')).toHaveLength(0);
    expect(outcome).toMatchObject({ result: 'timed_out' });
    expect(state.build?.id).toBe(id);
  });

  it('fails clearly when the build to attach to does not exist', async () => {
    const clock = new VirtualClock();
    const fake = await start(clock);
    const { outcome } = await runDevinGate(fake, clock, { gate: { buildId: 'bld_doesnotexist00' } });
    expect(outcome).toBeInstanceOf(ActionError);
    expect((outcome as Error).message).toBe(
      "Build bld_doesnotexist00 was not found in the organization's builds. Check build_id and org_id."
    );
  });

  it('with wait false, triggers and returns at once', async () => {
    const clock = new VirtualClock();
    const fake = await start(clock);
    const { outcome, state } = await runDevinGate(fake, clock, { gate: { wait: false } });
    expect(outcome).toMatchObject({ result: 'triggered', passed: true });
    expect(state.build?.status).toBe('pending');
    expect(fake.requests.map(r => r.method)).toEqual(['POST']);
  });

  it.each<[{ token?: string; org?: string }, number, string]>([
    [
      { token: 'cog_wrong' },
      401,
      'The Devin API rejected the token (401). Use a service-user credential (it starts with cog_)'
    ],
    [
      { org: 'org-other' },
      404,
      "Not found (404): organization org-other does not exist, or api_url is not the Devin API's base URL. Check org_id"
    ]
  ])('turns HTTP errors into messages a user can act on (%j)', async (who, status, message) => {
    const clock = new VirtualClock();
    const fake = await start(clock);
    const { outcome } = await runDevinGate(fake, clock, { org: who.org, token: who.token });
    expect(outcome).toBeInstanceOf(ApiError);
    expect((outcome as ApiError).details.status).toBe(status);
    expect((outcome as Error).message).toContain(message);
    expect(fake.createdBuildIds()).toHaveLength(0);
    expect(fake.requests).toHaveLength(1);
  });

  it.each([
    [
      'POST',
      403,
      'The token is not allowed to trigger snapshot builds in org-test (403). Give the service user the ManageOrgSnapshots permission'
    ],
    [
      'GET',
      403,
      'The token is not allowed to list snapshot builds in org-test (403). Give the service user the ManageRepoBlueprints permission'
    ],
    [
      'POST',
      422,
      'The Devin API refused the trigger (POST builds) as invalid (422): body.reason: field required; query.x: bad'
    ],
    ['POST', 418, 'The Devin API answered the trigger (POST builds) with 418: {"detail":"I\'m a teapot'],
    ['GET', 302, 'answered the builds list (GET builds) with a redirect (302) to host elsewhere.example:8443']
  ])('explains a %s answered with %d', async (method, status, message) => {
    const clock = new VirtualClock();
    const fake = await start(clock, {
      onRequest: (req, res) => {
        if (req.method !== method) return false;
        const body =
          status === 422
            ? {
                detail: [
                  { loc: ['body', 'reason'], msg: 'field required', type: 'missing' },
                  { loc: ['query', 'x'], msg: 'bad', type: 'x' }
                ]
              }
            : { detail: status === 418 ? "I'm a teapot" : 'Forbidden' };
        res.writeHead(status, {
          'content-type': 'application/json',
          location: 'https://elsewhere.example:8443/v3beta1'
        });
        res.end(JSON.stringify(body));
        return true;
      }
    });
    const { outcome } = await runDevinGate(fake, clock);
    expect(outcome).toBeInstanceOf(ApiError);
    expect((outcome as Error).message).toContain(message);
    // The trigger comes first: a list that fails is a build that cannot be followed.
    expect(fake.createdBuildIds()).toHaveLength(method === 'GET' ? 1 : 0);
  });
});
