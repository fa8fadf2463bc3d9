// Builds that supersede the run's own under the org's one-build rule, in process on a virtual clock
// and over real HTTP to the fake, whose timestamps are whole seconds (its default): a successor of
// the same second, followed on evidence and never by its place in the list; a build of that second
// that the evidence places before ours, never followed; one it cannot place, named in a clear error;
// a successor the list shows late, watched for before "cancelled"; and the chain's bound. The
// runner-exact cases are in e2e-devin-supersede.test.ts.
import { describe, expect, it } from '@jest/globals';
import { FakeDevinApi, type FakeDevinApiOptions } from '../../fakes/devin/api.js';
import type { RecordedRequest } from '../../fakes/server.js';
import { mainStepInProcess } from '../../harness/in-process.js';
import devinKit, { DEVIN_ORG, DEVIN_TOKEN } from '../../harness/kits/devin.js';
import { VirtualClock } from '../../harness/virtual-clock.js';
import { SUPERSEDE_CHAIN_MAX } from '../../src/core/gate/supersede.js';
import { newGateState } from '../../src/core/gate/state.js';
import { gateOutputs, SUPERSEDED_IDS_MAX_CHARS } from '../../src/core/outputs.js';
import { BUILD_ID_PATTERN } from '../../src/core/untrusted.js';
import { devinDefinition } from '../../src/devin/definition.js';
import { startFake } from '../support/index.js';

/** A whole second on the virtual clock, and half a second into it, when the runs trigger. */
const SECOND = Date.UTC(2026, 10, 24, 9, 0, 0);
const T0 = SECOND + 500;
const PLAN = { outcome: 'succeeded', pendingMs: 2000, runningMs: 20_000 } as const;
const isTrigger = (request: RecordedRequest) => request.method === 'POST' && request.path.endsWith('/builds');
const isList = (request: RecordedRequest) => request.method === 'GET' && request.path.endsWith('/builds');

/**
 * A fake under the org's rules on `clock`, with a build someone started at `busySince` that runs
 * `busyMs` (ours queues behind it), and `onTrigger` called at our trigger (to schedule others' builds).
 */
async function orgFake(
  clock: VirtualClock,
  { busySince = T0 - 3000, busyMs = 60_000, onTrigger = () => {}, ...options }: OrgOptions = {}
): Promise<FakeDevinApi & { busy: string }> {
  const fake = await startFake(new FakeDevinApi({ now: clock.now, plan: PLAN, orgRules: true, ...options }));
  const busy = fake.scheduleBuild({ at: busySince, plan: { outcome: 'succeeded', pendingMs: 100, runningMs: busyMs } });
  let triggered = false;
  fake.onRequest = request => {
    if (isTrigger(request) && !triggered) {
      triggered = true;
      onTrigger(fake);
    }
    return false;
  };
  return Object.assign(fake, { busy });
}

interface OrgOptions extends FakeDevinApiOptions {
  busySince?: number;
  busyMs?: number;
  onTrigger?: (fake: FakeDevinApi) => void;
}

function run(fake: FakeDevinApi, clock: VirtualClock, overrides: Record<string, string> = {}) {
  const inputs = { org_id: DEVIN_ORG, token: DEVIN_TOKEN, api_url: fake.url, poll_interval: '5s', ...overrides };
  return mainStepInProcess(devinDefinition, inputs, { clock });
}

/** Cancels a build through the API, as a person in the web app would. */
async function cancelByHand(fake: FakeDevinApi, id: string): Promise<void> {
  const path = `/v3beta1/organizations/${DEVIN_ORG}/snapshot-setup/builds/${id}/cancel`;
  const response = await fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEVIN_TOKEN}` }
  });
  expect(response.status).toBe(200);
}

describe('a successor created in the second of our build', () => {
  it.each(['newest-first', 'oldest-first'] as const)(
    'is followed while it waits (pending: an older queued build would have been cancelled), list %s',
    async listOrder => {
      const clock = new VirtualClock(T0);
      let newer = '';
      const fake = await orgFake(clock, {
        listOrder,
        onTrigger: api => (newer = api.scheduleBuild({ at: T0 + 300, trigger: 'manual' }))
      });
      const { outputs, warning } = await run(fake, clock);
      const [ours] = fake.createdBuildIds();
      expect(fake.supersededBy(ours)).toBe(newer);
      expect([fake.build(ours)?.created_at, fake.build(newer)?.created_at]).toEqual([SECOND / 1000, SECOND / 1000]);
      expect(outputs).toMatchObject({ build_id: newer, result: 'success', superseded_build_ids: ours });
      expect(warning).toContain(
        `Build ${ours} was superseded by build ${newer}; the verdict is about build ${newer}'s blueprints. ` +
          'This run did not start that build, so it never cancels or pins it.'
      );
    }
  );

  it('is followed once it has started in a later second than ours was created', async () => {
    const clock = new VirtualClock(T0);
    let newer = '';
    // The busy build ends at T0 + 700: the successor, created at T0 + 300, starts then, in the next second.
    const fake = await orgFake(clock, {
      busyMs: 3600,
      onTrigger: api => (newer = api.scheduleBuild({ at: T0 + 300, plan: { ...PLAN, pendingMs: 0 } }))
    });
    const { outputs } = await run(fake, clock);
    const [ours] = fake.createdBuildIds();
    expect(fake.supersededBy(ours)).toBe(newer);
    expect(outputs).toMatchObject({ build_id: newer, result: 'success', superseded_build_ids: ours });
  });
});

describe('a build of our second that is older than ours', () => {
  it('is never followed: ours, cancelled by hand while queued, is reported cancelled after the watch', async () => {
    const clock = new VirtualClock(T0);
    // Running since T0 - 300 (our second), for a minute: it started before ours was cancelled.
    const fake = await orgFake(clock, { busySince: T0 - 400 });
    const hook = fake.onRequest;
    let cancelled = false;
    fake.onRequest = async (request, response) => {
      const [ours] = fake.createdBuildIds();
      if (ours && !isTrigger(request) && !cancelled) {
        cancelled = true;
        await cancelByHand(fake, ours);
      }
      return hook?.(request, response) ?? false;
    };
    const { outputs, report, info } = await run(fake, clock);
    const [ours] = fake.createdBuildIds();
    expect(outputs).toMatchObject({ build_id: ours, result: 'cancelled', superseded_build_ids: '' });
    expect(report.failure).toMatch(new RegExp(`^Build ${ours} was cancelled`));
    expect(info).toContain(
      `Build ${ours} was cancelled before it started; watching the organization's builds for 10s for a build that superseded it.`
    );
  });
});

describe('a build of our second that the list showed while ours was queued', () => {
  it('is older, never followed, though it started in the second ours was created and cancelled in', async () => {
    const clock = new VirtualClock(T0);
    // Running since T0 - 300 (our second), for a minute.
    const fake = await orgFake(clock, { busySince: T0 - 400 });
    let reads = 0;
    fake.onRequest = async request => {
      const [ours] = fake.createdBuildIds();
      // After one look at the list that shows ours queued beside it, still in our second.
      if (ours && request.method === 'GET' && ++reads === 2) await cancelByHand(fake, ours);
      return false;
    };
    const { outputs, report } = await run(fake, clock, { poll_interval: '100ms' });
    const [ours] = fake.createdBuildIds();
    expect(fake.build(ours)).toMatchObject({ completed_at: SECOND / 1000, started_at: null });
    expect(fake.build(fake.busy)).toMatchObject({ created_at: SECOND / 1000, started_at: SECOND / 1000 });
    expect(outputs).toMatchObject({ build_id: ours, result: 'cancelled', superseded_build_ids: '' });
    expect(report.failure).toMatch(new RegExp(`^Build ${ours} was cancelled`));
  });
});

describe('a build the evidence cannot place', () => {
  it('stops the run with a clear error naming it: neither "cancelled" nor its verdict', async () => {
    const clock = new VirtualClock(T0);
    const fake = await orgFake(clock, {
      busySince: T0 - 400,
      // Ours is superseded in its second by a build the list shows only after the run has stopped.
      onTrigger: api => void api.scheduleBuild({ at: T0 + 200, trigger: 'manual', listLagMs: 600_000 })
    });
    const { outputs, report } = await run(fake, clock);
    const [ours] = fake.createdBuildIds();
    expect(outputs).toMatchObject({ build_id: ours, status: 'cancelled', result: '', superseded_build_ids: '' });
    expect(report.failure).toBe(
      `Build ${ours} was cancelled, and build ${fake.busy}, created in the same second, may have superseded it or may be ` +
        "older: the API's timestamps (whole seconds) and what this run saw of the list cannot tell. Neither build " +
        `${ours}'s cancel nor another build's verdict is reported; check the organization's builds, and re-run.`
    );
  });
});

describe('a successor the list shows late', () => {
  it('is found by watching the list after ours was cancelled while queued', async () => {
    const clock = new VirtualClock(T0);
    let newer = '';
    const fake = await orgFake(clock, {
      onTrigger: api => (newer = api.scheduleBuild({ at: T0 + 1500, trigger: 'manual', listLagMs: 3000 }))
    });
    const { outputs, info } = await run(fake, clock, { poll_interval: '2s' });
    const [ours] = fake.createdBuildIds();
    expect(outputs).toMatchObject({ build_id: newer, result: 'success', superseded_build_ids: ours });
    expect(info).toContain(
      `Build ${ours} was cancelled before it started; watching the organization's builds for 10s for a build that superseded it.`
    );
  });

  it('is watched for at least 10 s, with three reads, before a build cancelled while queued is called cancelled', async () => {
    const clock = new VirtualClock(T0);
    const fake = await orgFake(clock);
    let cancelledAt = 0;
    fake.onRequest = async request => {
      const [ours] = fake.createdBuildIds();
      if (ours && !isTrigger(request) && !cancelledAt) {
        cancelledAt = clock.now();
        await cancelByHand(fake, ours);
      }
      return false;
    };
    const { outputs } = await run(fake, clock);
    expect(outputs.result).toBe('cancelled');
    // The poll that saw it cancelled (the cancel came just before it), then the watch: a look at once, and two 5 s apart.
    const reads = fake.requests.filter(request => isList(request) && request.at >= cancelledAt);
    expect(reads.map(request => request.at - cancelledAt)).toEqual([0, 0, 5000, 10_000]);
  });

  it("ends timed out, not cancelled, when the run's timeout comes during the watch", async () => {
    const clock = new VirtualClock(T0);
    const fake = await orgFake(clock, {
      onTrigger: api => void api.scheduleBuild({ at: T0 + 1000, trigger: 'manual', listLagMs: 600_000 })
    });
    const { outputs, report } = await run(fake, clock, { timeout: '12s' });
    const [ours] = fake.createdBuildIds();
    expect(outputs).toMatchObject({ build_id: ours, result: 'timed_out' });
    expect(report.failure).toBe(
      `timed out after 12s while watching for a build that superseded build ${ours} (cancelled); whether one did, or ` +
        'it was cancelled by hand, cannot be told yet'
    );
  });
});

describe('the chain of supersedes', () => {
  it(`stops with a clear error after ${SUPERSEDE_CHAIN_MAX} supersedes, naming every build of the chain in the output`, async () => {
    const clock = new VirtualClock(T0);
    const successors: string[] = [];
    const fake = await orgFake(clock, {
      busyMs: 3_600_000,
      onTrigger: api => {
        // One every 10 s, so that the run (reading every 5 s) follows them one by one; ids of 200 characters.
        for (let k = 1; k <= SUPERSEDE_CHAIN_MAX + 1; k++) {
          const id = api.scheduleBuild({ at: T0 + k * 10_000, trigger: 'manual' });
          const long = `bld_${String(k).padStart(3, '0')}_${'x'.repeat(192)}`;
          api.renameBuild(id, long);
          successors.push(long);
        }
      }
    });
    const { outputs, report } = await run(fake, clock, { timeout: '1h' });
    const [ours] = fake.createdBuildIds();
    const chain = [ours, ...successors.slice(0, SUPERSEDE_CHAIN_MAX - 1)];
    expect(outputs.superseded_build_ids).toBe(chain.join(','));
    expect(outputs.build_id).toBe(successors[SUPERSEDE_CHAIN_MAX - 1]);
    expect(report.failure).toContain(
      `was superseded by build ${successors[SUPERSEDE_CHAIN_MAX]}: ${SUPERSEDE_CHAIN_MAX} supersedes in a row since this run's build, and the run follows no more.`
    );
  });
});

describe('the superseded_build_ids output', () => {
  it('holds every chain the run follows: the longest ids the run accepts, as many as it follows', () => {
    const longest = 'b'.repeat(200);
    expect(BUILD_ID_PATTERN.test(longest)).toBe(true);
    expect(BUILD_ID_PATTERN.test(`${longest}b`)).toBe(false);
    const state = newGateState(0);
    state.superseded = Array.from({ length: SUPERSEDE_CHAIN_MAX }, (_, i) => `${i}`.padStart(200, 'b'));
    const value = gateOutputs(state, devinDefinition.capabilities, text => text).superseded_build_ids;
    expect(value).toBe(state.superseded.join(','));
    expect(value).toHaveLength(SUPERSEDED_IDS_MAX_CHARS);
    expect(devinKit.backendOutputsAfterSuccess.superseded_build_ids).toBe('');
  });
});
