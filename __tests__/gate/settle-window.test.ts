// The settle window after a trigger that may have been carried out, in process on a virtual clock:
// how long the list is watched, how its reads are spaced, when the trigger is sent again, and the
// clear error when the run's timeout comes first. The runner-exact cases are in e2e-trust.test.ts.
import { describe, expect, it } from '@jest/globals';
import type { ServerResponse } from 'node:http';
import { FakeDevinApi } from '../../fakes/devin/api.js';
import type { RecordedRequest } from '../../fakes/server.js';
import { mainStepInProcess } from '../../harness/in-process.js';
import { DEVIN_ORG, DEVIN_TOKEN } from '../../harness/kits/devin.js';
import { VirtualClock } from '../../harness/virtual-clock.js';
import { settleWindowMs } from '../../src/core/gate/start.js';
import { devinDefinition } from '../../src/devin/definition.js';
import { startFake } from '../support/index.js';

const isTrigger = (request: RecordedRequest) => request.method === 'POST' && request.path.endsWith('/builds');
const isList = (request: RecordedRequest) => request.method === 'GET' && request.path.endsWith('/builds');

/** A fake whose first `lost` triggers answer 502 without creating anything. */
async function startLosing(clock: VirtualClock, lost: number): Promise<FakeDevinApi> {
  const fake = new FakeDevinApi({ now: clock.now, plan: { outcome: 'succeeded', pendingMs: 1000, runningMs: 5000 } });
  fake.onRequest = (request: RecordedRequest, response: ServerResponse) => {
    if (!isTrigger(request) || fake.requests.filter(isTrigger).length > lost) return false;
    response.writeHead(502, { 'content-type': 'application/json' }).end('{"detail":"Bad Gateway"}');
    return true;
  };
  return startFake(fake);
}

function run(fake: FakeDevinApi, clock: VirtualClock, overrides: Record<string, string> = {}) {
  const inputs = { org_id: DEVIN_ORG, token: DEVIN_TOKEN, api_url: fake.url, poll_interval: '1s', ...overrides };
  return mainStepInProcess(devinDefinition, inputs, { clock });
}

describe('the settle window', () => {
  it('is twice request_timeout, and at least 10 s', () => {
    expect(settleWindowMs(1000)).toBe(10_000);
    expect(settleWindowMs(30_000)).toBe(60_000);
  });

  it('watches the list with six reads a fifth of the window apart, the last at its end, before the trigger is sent again', async () => {
    const clock = new VirtualClock();
    const fake = await startLosing(clock, 1);
    const { outputs } = await run(fake, clock, { request_timeout: '30s' });
    expect(outputs.result).toBe('success');
    expect(fake.createdBuildIds()).toHaveLength(1);
    const [first, second] = fake.requests.filter(isTrigger);
    expect(first.headers['idempotency-key']).toBe(second.headers['idempotency-key']);
    const reads = fake.requests.filter(request => isList(request) && request.at < second.at).map(r => r.at - first.at);
    expect(reads).toHaveLength(6);
    // Never back to back: 12 s apart (60 s / 5), the last at the window's end.
    expect(reads.slice(1).map((at, i) => at - reads[i])).toEqual([12_000, 12_000, 12_000, 12_000, 12_000]);
    expect(second.at - first.at).toBeGreaterThanOrEqual(60_000);
  });

  it("stops with a clear error that says a build may exist when the run's timeout comes first", async () => {
    const clock = new VirtualClock();
    const fake = await startLosing(clock, 1);
    const { report, outputs } = await run(fake, clock, { request_timeout: '30s', timeout: '20s' });
    expect(fake.requests.filter(isTrigger)).toHaveLength(1);
    expect(outputs.result).toBe('');
    expect(report.failure).toContain("none had appeared when the run's timeout (20s) came");
    expect(report.failure).toContain("a build may exist: check the organization's builds before re-running");
  });
});
