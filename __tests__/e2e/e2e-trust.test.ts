// What the action trusts, as the runner sees it: a bundle of the current sources run as a child
// process against servers that behave as the third independent probe found them (a token echoed in
// a 422, a list that lags, a POST slower than request_timeout, another run's build, an answer about
// another build, statuses named like Object.prototype members, a log URL on the runner's loopback,
// ids with `::`, prototype-named booleans, a post step's state that is not what the main step
// wrote, a logs answer that is not a URL). Each test failed against the bundle before that work.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDevinApi, type FakeDevinApiOptions } from '../../fakes/devin/api.js';
import { FakeDreadnodeApi } from '../../fakes/dreadnode/api.js';
import { closeServer, listenOnLoopback, type RecordedRequest } from '../../fakes/server.js';
import devinKit, { DEVIN_ORG, DEVIN_TOKEN } from '../../harness/kits/devin.js';
import dreadnodeKit from '../../harness/kits/dreadnode.js';
import { visibleOutput, type ActionRun } from '../../harness/runner.js';
import { tokenForms } from '../../tools/reliability/matrix.js';
import { errorLines, runAction, startFake, type StepRunOptions } from '../support/index.js';

/** Servers of a test's own (the https front), stopped after it like the fakes. */
const others: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(others.splice(0).map(server => server.stop()));
});

function startDevin(options: FakeDevinApiOptions = {}): Promise<FakeDevinApi> {
  return startFake(new FakeDevinApi({ plan: { outcome: 'succeeded', pendingMs: 150, runningMs: 300 }, ...options }));
}

function run(
  fake: { url: string },
  overrides: Record<string, string> = {},
  options: StepRunOptions = {}
): Promise<ActionRun> {
  const inputs = { org_id: DEVIN_ORG, token: DEVIN_TOKEN, api_url: fake.url, poll_interval: '100ms', ...overrides };
  return runAction(devinKit, inputs, options);
}

/** The post step with the state the main step left, as the runner passes it (STATE_*). */
function runPost(fake: { url: string }, state: Record<string, string>): Promise<ActionRun> {
  const env = Object.fromEntries(Object.entries(state).map(([name, value]) => [`STATE_${name}`, value]));
  return run(fake, {}, { step: 'post', env });
}

// Unref'd: a hook still waiting when its test ends must not hold jest open.
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms).unref());
const isTrigger = (request: RecordedRequest) => request.method === 'POST' && request.path.endsWith('/builds');
const isList = (request: RecordedRequest) => request.method === 'GET' && request.path.endsWith('/builds');

function answer(response: ServerResponse, status: number, body: unknown): true {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  return true;
}

/** Fails when any form of the token is in the step log, an output, the state or the summary. */
function expectNoToken(result: ActionRun, token = DEVIN_TOKEN): void {
  const shown = visibleOutput(result);
  for (const form of tokenForms(token)) expect(shown).not.toContain(form);
}

describe('the token', () => {
  // The loc holds the Authorization header, once plainly and once JSON-escaped (`\u0063og_…` parses to the token).
  const validationError = {
    detail: [
      { loc: ['header', `Bearer ${DEVIN_TOKEN}`], msg: 'invalid' },
      { loc: ['header', 'Bearer \\u0063og_test_token'], msg: `no ${DEVIN_TOKEN}` }
    ]
  };
  const escapedBody = JSON.stringify(validationError).replace('\\\\u0063', '\\u0063');

  const endpoints: [string, (request: RecordedRequest) => boolean, Record<string, string>, 'succeeded' | 'failed'][] = [
    ['the pin', (r: RecordedRequest) => r.path.endsWith('/pin'), { pin: 'true' }, 'succeeded'],
    ['the logs endpoint', (r: RecordedRequest) => r.path.endsWith('/logs'), {}, 'failed']
  ];
  it.each(endpoints)(
    'never reaches the log, the outputs or the summary from a 422 of %s',
    async (_name, matches, inputs, outcome) => {
      const fake = await startDevin({ plan: { outcome, pendingMs: 100, runningMs: 200 } });
      fake.onRequest = (request, response) => {
        if (!matches(request)) return false;
        response.writeHead(422, { 'content-type': 'application/json' }).end(escapedBody);
        return true;
      };
      const result = await run(fake, inputs);
      expect(result.exitCode).toBe(1);
      expect(result.summary).toContain('header');
      expectNoToken(result);
    }
  );
});

describe('duplicate builds', () => {
  it('are not made when the trigger answers 502 after creating its build and the list shows it a second later', async () => {
    const fake = await startDevin();
    let hiddenUntil = Infinity;
    fake.onRequest = (request, response) => {
      if (isTrigger(request)) {
        fake.reply(request); // the build is created; its answer is lost
        hiddenUntil = Date.now() + 1000;
        return answer(response, 502, { detail: 'Bad Gateway' });
      }
      if (isList(request) && Date.now() < hiddenUntil) {
        const reply = fake.reply(request);
        const page = reply.body as { items: { build_id: string }[] };
        const visible = page.items.filter(build => !fake.createdBuildIds().includes(build.build_id));
        return answer(response, reply.status, { ...page, items: visible });
      }
      return false;
    };
    const result = await run(fake, { request_timeout: '1s' });
    expect(fake.createdBuildIds()).toHaveLength(1);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ build_id: fake.createdBuildIds()[0], result: 'success' });
    expect(result.stdout).toContain('It is reported as found');
  }, 60_000);

  it('are not made when the trigger takes longer than request_timeout and creates its build at the end', async () => {
    const fake = await startDevin();
    fake.onRequest = async (request, response) => {
      if (!isTrigger(request)) return false;
      await sleep(1500);
      const reply = fake.reply(request); // processed after the client gave up on it
      if (!response.destroyed) answer(response, reply.status, reply.body);
      return true;
    };
    const result = await run(fake, { request_timeout: '1s' });
    expect(fake.createdBuildIds()).toHaveLength(1);
    expect(fake.requests.filter(isTrigger)).toHaveLength(1);
    expect(result.outputs).toMatchObject({ build_id: fake.createdBuildIds()[0], result: 'success' });
  }, 60_000);
});

describe("another run's build", () => {
  /** A trigger that is never processed, and a manual build another run makes `afterMs` after it. */
  async function strangerAfterTrigger(afterMs: number, status: 'running' | 'succeeded') {
    const fake = await startDevin();
    let stranger: string | undefined;
    fake.onRequest = async (request, response) => {
      if (!isTrigger(request)) return false;
      setTimeout(() => (stranger = fake.addBuild({ status, trigger: 'manual' })), afterMs).unref();
      await sleep(afterMs / 2);
      return answer(response, 502, { detail: 'Bad Gateway' });
    };
    return { fake, stranger: () => stranger as string };
  }

  it('is not cancelled by the post step after the main step was killed with its trigger unanswered', async () => {
    const fake = await startDevin();
    let stranger = '';
    fake.onRequest = async request => {
      if (!isTrigger(request)) return false;
      setTimeout(() => (stranger = fake.addBuild({ status: 'running', trigger: 'manual' })), 1000).unref();
      await sleep(60_000); // never processed, never answered
      return true;
    };
    const onSpawn = (child: ChildProcess) => {
      const kill = setInterval(() => {
        if (!stranger) return;
        clearInterval(kill);
        setTimeout(() => child.kill('SIGKILL'), 1000).unref(); // killed at about 2 s, before any cancel
      }, 20);
    };
    const main = await run(fake, {}, { onSpawn, killAfterMs: 30_000 });
    expect(main.signal).toBe('SIGKILL');
    const post = await runPost(fake, main.state);
    expect(post.stdout).toContain(`Build ${stranger} (running) has been created since; nothing is cancelled`);
    expect(fake.requests.filter(request => request.path.endsWith('/cancel'))).toHaveLength(0);
    expect(fake.build(stranger)?.status).toBe('running');
  }, 60_000);

  it('found after a 502 is followed, but neither cancelled on timeout nor pinned', async () => {
    const running = await strangerAfterTrigger(1000, 'running');
    const timedOut = await run(running.fake, { request_timeout: '1s', timeout: '6s', cancel_on_timeout: 'true' });
    expect(timedOut.outputs).toMatchObject({ build_id: running.stranger(), result: 'timed_out' });
    expect(timedOut.stdout).toContain('not cancelled: it was found after the trigger');
    expect(timedOut.summary).toContain('Found, not started by this run');
    expect(timedOut.state.build_id).toBeUndefined();
    expect(running.fake.requests.filter(request => request.path.endsWith('/cancel'))).toHaveLength(0);

    const succeeded = await strangerAfterTrigger(1000, 'succeeded');
    const pinned = await run(succeeded.fake, { request_timeout: '1s', pin: 'true' });
    expect(pinned.outputs).toMatchObject({ build_id: succeeded.stranger(), result: 'success', pinned: 'false' });
    expect(errorLines(pinned).join('\n')).toContain('this run pins only a build it knows it started');
    expect(succeeded.fake.requests.filter(request => request.path.endsWith('/pin'))).toHaveLength(0);
  }, 60_000);

  it('is not said to be absent by the post step while a POST could still land', async () => {
    const fake = await startDevin();
    fake.onRequest = async (request, response) => {
      if (!isTrigger(request)) return false;
      await sleep(9000); // processed 9 s after it was sent
      const reply = fake.reply(request);
      if (!response.destroyed) answer(response, reply.status, reply.body);
      return true;
    };
    const onSpawn = (child: ChildProcess) => {
      const kill = setInterval(() => {
        if (!fake.requests.some(isTrigger)) return;
        clearInterval(kill);
        setTimeout(() => child.kill('SIGKILL'), 800).unref();
      }, 20);
    };
    const main = await run(fake, {}, { onSpawn, killAfterMs: 30_000 });
    const post = await runPost(fake, main.state);
    expect(post.stdout).not.toContain('no build was created');
    expect(post.stdout).toContain('No build has appeared since, but the trigger may still create one');
    expect(fake.requests.filter(request => request.path.endsWith('/cancel'))).toHaveLength(0);
  }, 60_000);
});

describe('an answer about another build', () => {
  it('to a read by id is not taken for the attached build', async () => {
    const fake = await startDevin();
    const other = fake.addBuild({ status: 'succeeded', trigger: 'manual' });
    const asked = fake.addBuild({ status: 'running', trigger: 'manual' });
    fake.onRequest = (request, response) => {
      if (!request.path.endsWith(`/builds/${asked}`)) return false;
      return answer(response, 200, fake.build(other));
    };
    const result = await run(fake, { build_id: asked });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.build_id).not.toBe(other);
    expect(result.outputs.result).not.toBe('success');
    expect(errorLines(result).join('\n')).toContain(`with another build (${other})`);
  });

  it("to a cancel does not replace the build's id and status", async () => {
    const fake = await startDevin({ plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 600_000 } });
    const other = fake.addBuild({ status: 'cancelled', trigger: 'manual' });
    fake.onRequest = (request, response) => {
      if (!request.path.endsWith('/cancel')) return false;
      return answer(response, 200, fake.build(other));
    };
    const result = await run(fake, { timeout: '2s', cancel_on_timeout: 'true' });
    const [ours] = fake.createdBuildIds();
    expect(result.outputs).toMatchObject({ build_id: ours, status: 'running', result: 'timed_out' });
    expect(result.stdout).toContain(`with another build (${other})`);
  });
});

describe('a status named like an Object.prototype member', () => {
  it.each(['constructor', 'toString', '__proto__'])('(%s) is waited out by the Devin gate', async status => {
    const fake = await startDevin({ plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 600 } });
    fake.onRequest = () => {
      for (const id of fake.createdBuildIds()) {
        fake.setStatusOverride(id, real => (real === 'succeeded' ? undefined : status));
      }
      return false;
    };
    const result = await run(fake);
    expect(result.outputs.result).toBe('success');
  });

  it.each(['constructor', 'hasOwnProperty'])('(%s) is waited out by the Dreadnode gate', async status => {
    const fake = new FakeDreadnodeApi({ plan: { queuedMs: 100, buildingMs: 500, outcome: 'ready' } });
    fake.onRequest = (request, response) => {
      if (request.method !== 'GET') return false;
      const reply = fake.reply(request);
      const body = reply.body as { status?: string };
      return answer(response, reply.status, body.status === 'ready' ? body : { ...body, status });
    };
    await startFake(fake);
    const result = await runAction(dreadnodeKit, dreadnodeKit.inputs(fake, { poll_interval: '100ms' }));
    expect(result.outputs.result).toBe('success');
  });
});

describe('the log download', () => {
  let tls: { key: string; cert: string; dir: string } | undefined;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'tls-'));
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
        ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]
      ],
      { stdio: 'ignore' }
    );
    tls = { dir, key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  });

  /** An https front for `fake` on 127.0.0.1, with a certificate the child trusts through NODE_EXTRA_CA_CERTS. */
  async function httpsFront(fake: FakeDevinApi): Promise<{ url: string }> {
    const { key, cert } = tls as { key: string; cert: string };
    const server: HttpsServer = createHttpsServer({ key, cert }, (incoming, outgoing) => {
      const target = new URL(incoming.url ?? '/', fake.url);
      const forward = httpRequest(target, { method: incoming.method, headers: incoming.headers }, answered => {
        outgoing.writeHead(answered.statusCode ?? 502, answered.headers);
        answered.pipe(outgoing);
      });
      incoming.pipe(forward);
    });
    const url = (await listenOnLoopback(server as never)).replace('http://', 'https://');
    others.push({ stop: () => closeServer(server as never) });
    return { url };
  }

  it("is refused over http to the runner's loopback when the API is https", async () => {
    const fake = await startDevin({ plan: { outcome: 'failed', pendingMs: 100, runningMs: 200 } });
    const front = await httpsFront(fake);
    const { dir } = tls as { dir: string };
    const result = await run(front, {}, { env: { NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') } });
    expect(result.outputs.result).toBe('failure');
    expect(fake.requests.some(request => request.path.endsWith('/logs'))).toBe(true);
    expect(fake.logStorage.requests).toHaveLength(0);
    expect(result.stdout).toContain('No build log: the logs endpoint answered with a URL that is not https (http:)');
    rmSync(dir, { recursive: true, force: true });
  });

  it('masks nothing the logs endpoint names when it is not a URL', async () => {
    const fake = await startDevin({ plan: { outcome: 'failed', pendingMs: 100, runningMs: 200 } });
    fake.onRequest = (request, response) =>
      request.path.endsWith('/logs') ? answer(response, 200, { url: 'failed' }) : false;
    const result = await run(fake);
    expect(result.stdout).not.toContain('::add-mask::failed');
    expect(result.stdout).toContain('No build log: the logs endpoint answered with a URL that cannot be read');
  });
});

describe('outputs', () => {
  it('hold an id with :: exactly, as the state does, and the summary shows it with no invisible character', async () => {
    const fake = await startDevin();
    fake.onRequest = (request, response) => {
      if (!isTrigger(request)) return false;
      const reply = fake.reply(request);
      return answer(response, reply.status, { ...(reply.body as object), build_id: 'bld::1' });
    };
    const result = await run(fake, { wait: 'false' });
    expect(result.outputs.build_id).toBe('bld::1');
    expect(result.state.build_id).toBe('bld::1');
    expect(result.summary).not.toContain('\u200b');
  });
});

describe('inputs and state read by own keys', () => {
  it.each([
    ['wait', 'toString'],
    ['pin', '__proto__'],
    ['cancel_on_abort', 'constructor']
  ])('refuse %s: %s as an input error, with no request sent', async (name, value) => {
    const fake = await startDevin();
    const result = await run(fake, { [name]: value });
    expect(result.exitCode).toBe(1);
    expect(errorLines(result).join('\n')).toContain(`Input "${name}" must be true or false`);
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ['a build id that leaves its path', { build_id: '..' }, 'the saved build_id is not a build id'],
    ['a build id with a line break', { build_id: 'bld_1\n::warning::pwned' }, 'the saved build_id is not a build id'],
    ['a time that is not one', { trigger_sent_at: '1e3' }, 'the saved trigger_sent_at is not a time in milliseconds'],
    ['a flag the main step never writes', { main_finished: 'yes' }, 'the saved main_finished is not "true"']
  ])('make the post step send nothing and say why: %s', async (_name, state, why) => {
    const fake = await startDevin();
    const post = await runPost(fake, state);
    expect(fake.requests).toHaveLength(0);
    expect(post.stdout).toContain(`The post step sends nothing: ${why}.`);
    expect(post.stdout).not.toMatch(/^::warning::pwned/m);
    expect(post.exitCode).toBe(0);
  });
});
