// The fake Devin API's seeded fault injection (faults.ts): hostile statuses and error bodies,
// scheduled faults, and hangs and slow answers on a virtual clock.
import { FakeDevinApi, type DevinBuildWire } from '../../fakes/devin/api.js';
import { FaultInjector } from '../../fakes/devin/faults.js';
import { HOSTILE_FRAGMENTS } from '../../fakes/hostile.js';
import { VirtualClock } from '../../harness/virtual-clock.js';
import { HttpTransport } from '../../src/core/http.js';
import { startFake } from '../support/index.js';
import {
  BUILDS,
  call,
  manualClock,
  T0,
  TOKEN,
  trigger,
  type Page,
  type ValidationErrorBody
} from '../support/fake-devin.js';

describe('hostile faults', () => {
  it('hostile_status gives our build a hostile status in lists and in single-build answers alike', async () => {
    // A clock that stands still: the fault rewrites a build in progress only; on the real one, ours ends after 700 ms.
    const api = await startFake(new FakeDevinApi({ now: manualClock().now }));
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
