// Where the Devin bundle sends the token, as the runner runs it: only to api_url (no redirect to another
// host, none in debug logs or echoed error bodies), through an https_proxy tunnel without it, and under
// seeded faults (the right verdict, one build, no leak).
import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeDevinApi, type FakeDevinApiOptions } from '../../fakes/devin/api.js';
import { FaultInjector } from '../../fakes/devin/faults.js';
import { closeServer } from '../../fakes/server.js';
import devinKit, { DEVIN_ORG as TEST_ORG, DEVIN_TOKEN as TEST_TOKEN } from '../../harness/kits/devin.js';
import { visibleOutput } from '../../harness/runner.js';
import { runAction, startFake } from '../support/index.js';

let elsewhere: Server | undefined;
afterEach(async () => {
  if (elsewhere) await closeServer(elsewhere);
  elsewhere = undefined;
});

/** Builds pending 100 ms, then running 300 ms, unless the options say otherwise. */
const newFake = (options: FakeDevinApiOptions = {}) =>
  new FakeDevinApi({ plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 300 }, ...options });

/** Another host, that records every request it gets and any credential in it. */
async function startElsewhere() {
  const seen: { url: string; authorization?: string }[] = [];
  elsewhere = createServer((request, response) => {
    seen.push({ url: request.url ?? '', authorization: request.headers.authorization });
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}');
  });
  await new Promise<void>(resolve => elsewhere?.listen(0, '127.0.0.2', resolve));
  return { seen, host: `127.0.0.2:${(elsewhere.address() as AddressInfo).port}` };
}

const inputs = (url: string, overrides: Record<string, string> = {}) => ({
  org_id: TEST_ORG,
  token: TEST_TOKEN,
  api_url: url,
  poll_interval: '100ms',
  timeout: '20s',
  request_timeout: '2s',
  ...overrides
});

describe('the token goes only to api_url', () => {
  it.each([
    ['GET', 302],
    ['GET', 307],
    ['POST', 301],
    ['POST', 308]
  ])('refuses to follow a %s redirected with %d to another host, and names it', async (method, status) => {
    const other = await startElsewhere();
    const fake = await startFake(
      newFake({
        onRequest: (request, response) => {
          if (request.method !== method) return false;
          response.writeHead(status, { location: `http://${other.host}/steal${request.path}` }).end();
          return true;
        }
      })
    );
    const run = await runAction(devinKit, inputs(fake.url));
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      `with a redirect (${status}) to host ${other.host}. The action does not follow redirects`
    );
    expect(other.seen).toEqual([]);
    expect(fake.createdBuildIds()).toHaveLength(method === 'GET' ? 1 : 0);
    expect(
      fake.requests.every(r => !r.path.includes(TEST_TOKEN) && !JSON.stringify(r.query).includes(TEST_TOKEN))
    ).toBe(true);
    expect(visibleOutput(run)).not.toContain(TEST_TOKEN);
  });

  it('keeps debug logging (RUNNER_DEBUG=1) to method, path, status and time', async () => {
    const fake = await startFake(newFake());
    const run = await runAction(devinKit, inputs(fake.url), { env: { RUNNER_DEBUG: '1' } });
    expect(run.exitCode).toBe(0);
    const debug = run.stdout.split('\n').filter(line => line.startsWith('::debug::'));
    expect(debug.length).toBeGreaterThan(3);
    for (const line of debug)
      expect(line).toMatch(
        /^::debug::(GET|POST) \/v3beta1\/organizations\/org-test\/snapshot-setup\/builds\S* -> (\d{3}|failed) \(\d+ ms\)$/
      );
    expect(visibleOutput(run).toLowerCase()).not.toContain('authorization');
    expect(visibleOutput(run)).not.toContain(TEST_TOKEN);
  });

  it('redacts the token from an error body that repeats it', async () => {
    const fake = await startFake(newFake());
    fake.onRequest = new FaultInjector(fake, { seed: 1, rate: 1, kinds: ['echo_token'] }).hook;
    const run = await runAction(devinKit, inputs(fake.url, { timeout: '3s' }));
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('bad credentials header: Bearer ***');
    expect(visibleOutput(run)).not.toContain(TEST_TOKEN);
  });
});

describe('proxy support (self-hosted runners)', () => {
  it('sends requests through https_proxy with a CONNECT tunnel, and no credential to the proxy', async () => {
    const connects: { target: string; headers: Record<string, unknown> }[] = [];
    elsewhere = createServer();
    elsewhere.on('connect', (request, socket) => {
      connects.push({ target: request.url ?? '', headers: request.headers });
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    await new Promise<void>(resolve => elsewhere?.listen(0, '127.0.0.1', resolve));
    const proxy = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
    const run = await runAction(
      devinKit,
      { org_id: TEST_ORG, token: TEST_TOKEN, timeout: '3s', request_timeout: '1s' },
      { env: { https_proxy: proxy, HTTPS_PROXY: proxy } }
    );
    expect(run.exitCode).toBe(1);
    expect(connects.length).toBeGreaterThan(0);
    expect(connects[0].target).toBe('api.devin.ai:443');
    expect(JSON.stringify(connects).toLowerCase()).not.toContain('authorization');
    expect(JSON.stringify(connects)).not.toContain(TEST_TOKEN);
    expect(visibleOutput(run)).not.toContain(TEST_TOKEN);
  });
});

describe('the bundle under seeded faults', () => {
  it.each([11, 12, 13, 14])(
    'seed %d: the right verdict, one build, no leak',
    async seed => {
      const outcome = (['succeeded', 'failed', 'cancelled'] as const)[seed % 3];
      const fake = await startFake(
        newFake({
          plan: { outcome, pendingMs: 200, runningMs: 800 },
          // Not behind a build that ends cancelled: a newer build queued behind it would supersede it
          // (the org's one-build rule), and the gate rightly follows that one.
          newerBuildsAfterTrigger: seed % 2 && outcome !== 'cancelled' ? 130 : 0
        })
      );
      const faults = new FaultInjector(fake, { seed, rate: 0.3, maxRetryAfterSeconds: 1, slowMs: 50 });
      fake.onRequest = faults.hook;
      const run = await runAction(devinKit, inputs(fake.url, { timeout: '60s', request_timeout: '500ms' }), {
        killAfterMs: 60_000
      });
      const expected = { succeeded: 'success', failed: 'failure', cancelled: 'cancelled' }[outcome];
      expect(run.outputs.result).toBe(expected);
      expect(run.exitCode).toBe(outcome === 'succeeded' ? 0 : 1);
      expect(fake.createdBuildIds()).toHaveLength(1);
      expect(faults.total).toBeGreaterThan(0);
      expect(visibleOutput(run)).not.toContain(TEST_TOKEN);
    },
    70_000
  );
});
