// What only the Devin action does, run in process through the core's entry on a virtual clock;
// the behaviour both actions share is in gate-contract.test.ts.
import { describe, expect, it } from '@jest/globals';
import { FakeDevinApi, type FakeDevinApiOptions } from '../../fakes/devin/api.js';
import { mainStepInProcess } from '../../harness/in-process.js';
import { DEVIN_ORG, DEVIN_TOKEN } from '../../harness/kits/devin.js';
import { VirtualClock } from '../../harness/virtual-clock.js';
import { devinDefinition } from '../../src/devin/definition.js';
import packageJson from '../../package.json' with { type: 'json' };
import { failing, startFake } from '../support/index.js';

/** A fake on `clock`. */
const newFake = (clock: VirtualClock, options: FakeDevinApiOptions = {}) =>
  new FakeDevinApi({ now: clock.now, ...options });

function run(fake: FakeDevinApi, clock: VirtualClock, overrides: Record<string, string> = {}) {
  const inputs = { org_id: DEVIN_ORG, token: DEVIN_TOKEN, api_url: fake.url, ...overrides };
  return mainStepInProcess(devinDefinition, inputs, { clock });
}

const listRequests = (fake: FakeDevinApi) => fake.requests.filter(r => r.method === 'GET');

describe('the Devin gate against the fake API (virtual time)', () => {
  it('triggers with an empty body and an Idempotency-Key, checks with one list a poll, and reports it active', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(
      newFake(clock, { plan: { outcome: 'succeeded', pendingMs: 25_000, runningMs: 180_000 } })
    );
    const { outputs } = await run(fake, clock);

    expect(outputs).toMatchObject({ result: 'success', active: 'true' });
    // 1 POST + about one list per 10 s of a 205 s build + 1 active check.
    expect(fake.requests.length).toBeGreaterThanOrEqual(22);
    expect(fake.requests.length).toBeLessThanOrEqual(26);
    const post = fake.requests.find(r => r.method === 'POST');
    expect(post?.body).toBe('{}');
    expect(post?.headers['content-type']).toBe('application/json');
    expect(post?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.requests.every(r => r.headers['user-agent'] === `snapshot-build-action/${packageJson.version}`)).toBe(
      true
    );
    expect(listRequests(fake).every(r => r.query.first !== undefined)).toBe(true);
    expect(listRequests(fake).at(-1)?.query).toMatchObject({ first: '1', active: 'true' });
  });

  it('fails the step when the build is cancelled', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(
      newFake(clock, { plan: { outcome: 'cancelled', pendingMs: 5000, runningMs: 60_000 } })
    );
    const { report, outputs } = await run(fake, clock);
    expect(report.failure).toMatch(/^Build bld_\w+ was cancelled after 1m\.$/);
    expect(outputs).toMatchObject({ status: 'cancelled', result: 'cancelled', active: '' });
  });

  it('reads a build pushed off the first page by id from then on, one request a check', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(
      newFake(clock, {
        newerBuildsAfterTrigger: 230,
        plan: { outcome: 'succeeded', pendingMs: 1000, runningMs: 15_000 }
      })
    );
    const { outputs } = await run(fake, clock, { poll_interval: '5s' });
    const [id] = fake.createdBuildIds();
    expect(outputs).toMatchObject({ build_id: id, result: 'success' });
    const checks = listRequests(fake).filter(r => !r.query.active);
    expect(checks.filter(r => r.path.endsWith('/builds'))).toHaveLength(1);
    expect(checks.filter(r => r.path.endsWith(`/builds/${id}`)).length).toBeGreaterThanOrEqual(3);
    expect(checks.some(r => r.query.after)).toBe(false);
  });

  it('times out and cancels when cancel_on_timeout is set', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(
      newFake(clock, { plan: { outcome: 'succeeded', pendingMs: 1000, runningMs: 3_600_000 } })
    );
    const { report, outputs } = await run(fake, clock, { timeout: '2m', cancel_on_timeout: 'true' });
    const [id] = fake.createdBuildIds();
    expect(report.failure).toBe(
      `timed out after 2m; build ${id} was running (cancel_on_timeout: cancel requested, the build is now cancelled)`
    );
    expect(fake.requests.filter(r => r.path.endsWith('/cancel'))).toHaveLength(1);
    expect(outputs).toMatchObject({ status: 'cancelled', result: 'timed_out' });
  });

  it('leaves the build running when the run is aborted with cancel_on_abort false', async () => {
    const clock = new VirtualClock();
    const abort = new AbortController();
    const fake = await startFake(
      newFake(clock, {
        onRequest: request => {
          if (request.method === 'GET') abort.abort(new Error('The workflow run was cancelled (SIGTERM)'));
          return false;
        }
      })
    );
    const inputs = { org_id: DEVIN_ORG, token: DEVIN_TOKEN, api_url: fake.url, cancel_on_abort: 'false' };
    const { report } = await mainStepInProcess(devinDefinition, inputs, { clock, signal: abort.signal });
    expect(report.failure).toMatch(/is left pending \(cancel_on_abort is false\)\.$/);
    expect(fake.requests.filter(r => r.path.endsWith('/cancel'))).toHaveLength(0);
  });

  it('sends the same Idempotency-Key on every retry of one trigger', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock));
    let posts = 0;
    fake.onRequest = (request, response) => {
      if (request.method !== 'POST' || ++posts > 2) return false;
      response.writeHead(503).end(); // refused before any work: safe to send again
      return true;
    };
    const { outputs } = await run(fake, clock);
    expect(outputs.result).toBe('success');
    const keys = fake.requests.filter(r => r.method === 'POST').map(r => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(fake.createdBuildIds()).toHaveLength(1);
  });

  it("does not take someone's manual build from a minute before the trigger for the one a 502 created", async () => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock, { olderBuilds: 5 }));
    fake.addBuild({ status: 'running', trigger: 'manual', createdAt: clock.now() - 60_000 });
    let posts = 0;
    fake.onRequest = (request, response) => {
      if (request.method !== 'POST' || posts++ > 0) return false;
      fake.reply(request); // carried out, then the gateway fails
      response.writeHead(502).end();
      return true;
    };
    const { outputs, warning } = await run(fake, clock);
    expect(fake.createdBuildIds()).toHaveLength(1);
    expect(outputs).toMatchObject({ build_id: fake.createdBuildIds()[0], result: 'success' });
    expect(warning).toEqual([expect.stringContaining(`but build ${fake.createdBuildIds()[0]} has appeared since`)]);
  });

  /** A fake whose first trigger fails with `status` after (or, with `created` false, without) making its build. */
  function failFirstTrigger(fake: FakeDevinApi, status: number, created: boolean, date?: () => string) {
    let posts = 0;
    fake.onRequest = (request, response) => {
      if (request.method === 'POST' && posts++ === 0) {
        if (created) fake.reply(request);
        response.writeHead(status).end();
        return true;
      }
      if (!date) return false;
      const reply = fake.reply(request);
      response.sendDate = false;
      const headers = { 'content-type': 'application/json', ...(date() ? { date: date() } : {}) };
      response.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
      return true;
    };
  }

  it("without a Date header, judges by the runner's clock: a 504 that made nothing is sent again, once", async () => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock, { olderBuilds: 5 }));
    failFirstTrigger(fake, 504, false, () => '');
    const { outputs } = await run(fake, clock);
    expect(fake.requests.filter(r => r.method === 'POST')).toHaveLength(2);
    expect(fake.createdBuildIds()).toHaveLength(1);
    expect(outputs).toMatchObject({ build_id: fake.createdBuildIds()[0], result: 'success' });
  });

  it("without a Date header, adopts the build a 502 made, by the runner's clock", async () => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock, { olderBuilds: 5 }));
    fake.addBuild({ status: 'succeeded', trigger: 'manual', createdAt: clock.now() - 5 * 60_000 });
    failFirstTrigger(fake, 502, true, () => '');
    const { outputs, warning } = await run(fake, clock);
    expect(fake.createdBuildIds()).toHaveLength(1);
    expect(outputs).toMatchObject({ build_id: fake.createdBuildIds()[0], result: 'success' });
    expect(warning).toEqual([expect.stringContaining('has appeared since')]);
  });

  it("stops when the API's clock runs hours behind the runner's, rather than adopt an older build", async () => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock, { plan: { outcome: 'failed', pendingMs: 1000, runningMs: 60_000 } }));
    // Someone's manual build that succeeded an hour ago looks "new" on a clock three hours behind.
    fake.addBuild({ status: 'succeeded', trigger: 'manual', createdAt: clock.now() - 60 * 60_000 });
    failFirstTrigger(fake, 502, true, () => new Date(clock.now() - 3 * 3_600_000).toUTCString());
    const { report, outputs } = await run(fake, clock);
    expect(report.failure).toMatch(
      /there is no telling whether it did: 2 builds were created around the time of the trigger \(bld_\w+, bld_\w+\)/
    );
    expect(report.failure).toContain('Not triggering again, to avoid a duplicate build');
    expect(outputs).toMatchObject({ result: '', build_id: '' });
    expect(fake.requests.filter(r => r.method === 'POST')).toHaveLength(1);
  });

  it("sends the trigger again when neither clock shows a build since it, though the API's clock is hours off", async () => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock, { olderBuilds: 3 }));
    failFirstTrigger(fake, 500, false, () => new Date(clock.now() + 3 * 3_600_000).toUTCString());
    const { outputs } = await run(fake, clock);
    expect(fake.requests.filter(r => r.method === 'POST')).toHaveLength(2);
    expect(fake.createdBuildIds()).toHaveLength(1);
    expect(outputs).toMatchObject({ build_id: fake.createdBuildIds()[0], result: 'success' });
  });

  it("stops when only the runner's clock places the one new build after the trigger", async () => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock, { olderBuilds: 0 }));
    failFirstTrigger(fake, 502, true, () => new Date(clock.now() + 3 * 3_600_000).toUTCString());
    const { report } = await run(fake, clock);
    expect(report.failure).toMatch(
      /build bld_\w+ was created around the time of the trigger, but not after it by both the runner's clock and the API's \(they disagree by 3h\)/
    );
    expect(fake.requests.filter(r => r.method === 'POST')).toHaveLength(1);
  });

  it('stops when two builds were made since the trigger (another run at the same time), naming both', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock));
    let posts = 0;
    fake.onRequest = (request, response) => {
      if (request.method !== 'POST' || posts++ > 0) return false;
      fake.reply(request);
      fake.addBuild({ status: 'pending', trigger: 'manual', createdAt: clock.now() });
      response.writeHead(502).end();
      return true;
    };
    const { report } = await run(fake, clock);
    expect(report.failure).toMatch(
      /2 builds were created around the time of the trigger \(bld_\w+, bld_\w+\), so which one it made cannot be told/
    );
    expect(fake.requests.filter(r => r.method === 'POST')).toHaveLength(1);
  });

  it("never adopts an 'auto' build, whenever it was created", async () => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock));
    let posts = 0;
    fake.onRequest = (request, response) => {
      if (request.method !== 'POST' || posts++ > 0) return false;
      fake.addBuild({ status: 'pending', trigger: 'auto', createdAt: clock.now() });
      response.writeHead(502).end(); // nothing of ours was made
      return true;
    };
    const { outputs } = await run(fake, clock);
    expect(fake.createdBuildIds()).toHaveLength(1);
    expect(outputs).toMatchObject({ build_id: fake.createdBuildIds()[0], result: 'success' });
  });

  it('fails a build whose status it does not know once the build has a completion time, naming the status', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(
      newFake(clock, { plan: { outcome: 'succeeded', pendingMs: 1000, runningMs: 30_000 } })
    );
    fake.onRequest = request => {
      const [id] = fake.createdBuildIds();
      if (request.method === 'GET' && id && fake.build(id)?.completed_at) fake.setStatusOverride(id, 'archived');
      return false;
    };
    const { report, outputs } = await run(fake, clock, { timeout: '1h' });
    expect(report.failure).toMatch(
      /^Build bld_\w+ ended after 30s with status "archived", which this action does not know; failing rather than passing on it\./
    );
    expect(outputs).toMatchObject({ result: 'failure', status: 'archived' });
  });

  it('keeps waiting through a status it does not know, warning once, and never passes on it', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock));
    const id = fake.addBuild({
      status: 'running',
      trigger: 'manual',
      createdAt: clock.now() - 60_000,
      startedAt: clock.now() - 50_000
    });
    fake.setStatusOverride(id, 'paused');
    const { report, warning } = await run(fake, clock, { build_id: id, timeout: '5m' });
    expect(report.failure).toBe(`timed out after 5m; build ${id} is still paused`);
    expect(warning.filter(w => w.includes('"paused"'))).toHaveLength(1);
    expect(listRequests(fake).length).toBeGreaterThan(25);
  });

  it.each([
    ['an expired URL', "the log's host (127.0.0.1:PORT) answered 403"],
    ['a URL that is not https', 'the logs endpoint answered with a URL that is not https (ftp:)']
  ])('says in one line why there is no log: %s', async (what, line) => {
    const clock = new VirtualClock();
    // The fake's clock jumps past the URL's 10 minutes once it is issued; the run's does not.
    let jump = 0;
    const fake = await startFake(
      newFake(clock, {
        now: () => clock.now() + jump,
        plan: { outcome: 'failed', pendingMs: 1000, runningMs: 30_000 }
      })
    );
    fake.onRequest = (request, response) => {
      if (!request.path.endsWith('/logs')) return false;
      const reply = fake.reply(request);
      const body = reply.body as { url: string; expires_at: number };
      if (what === 'an expired URL') jump = 11 * 60_000;
      const url = what === 'an expired URL' ? body.url : body.url.replace(/^http:/, 'ftp:');
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...body, url }));
      return true;
    };
    const { info, outputs } = await run(fake, clock);
    const port = new URL(fake.logStorage.url).port;
    expect(info.filter(l => l.startsWith('No build log:'))).toEqual([`No build log: ${line.replace('PORT', port)}`]);
    expect(outputs).toMatchObject({ result: 'failure', log_path: '' });
  });

  it('warns about an org id that starts with neither org- nor org_, and still asks the API', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock));
    const { warning } = await run(fake, clock, { org_id: 'acme-42' });
    expect(warning).toContainEqual(
      'org_id "acme-42" does not start with org- or org_ as Devin\'s organization ids do; if the API answers 404, check it.'
    );
    expect(fake.requests.length).toBeGreaterThan(0);
  });

  it('explains an unknown org', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock));
    const { report } = await run(fake, clock, { org_id: 'org-other' });
    expect(report.failure).toBe(
      "Not found (404): organization org-other does not exist, or api_url is not the Devin API's base URL. Check org_id (the organization id, org-… or org_…) and api_url."
    );
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
    const body =
      status === 422
        ? {
            detail: [
              { loc: ['body', 'reason'], msg: 'field required', type: 'missing' },
              { loc: ['query', 'x'], msg: 'bad', type: 'x' }
            ]
          }
        : { detail: status === 418 ? "I'm a teapot" : 'Forbidden' };
    const headers = { location: 'https://elsewhere.example:8443/v3beta1' };
    const fake = await startFake(newFake(clock, { onRequest: failing(method, status, { body, headers }) }));
    const { report } = await run(fake, clock);
    expect(report.failure).toContain(message);
    // The trigger comes first: a list that fails is a build that cannot be followed.
    expect(fake.createdBuildIds()).toHaveLength(method === 'GET' ? 1 : 0);
  });
});
