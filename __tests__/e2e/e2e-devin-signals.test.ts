import { describe, expect, it } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { FakeDevinApi, type RecordedRequest } from '../../fakes/devin/api.js';
import devinKit, { DEVIN_ORG as TEST_ORG, DEVIN_TOKEN as TEST_TOKEN } from '../../harness/kits/devin.js';
import { visibleOutput } from '../../harness/runner.js';
import { runAction, startFake } from '../support/index.js';

// A cancelled workflow run, as the runner does it: SIGINT, SIGTERM 7.5 s later, then a kill.
// The action has to get its cancel to the API within 5 s of the first signal.

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** A fake API whose builds run for 10 minutes, and that tells when a request of a kind arrives. */
function watchedFake(options: { delayPostMs?: number } = {}) {
  const arrivals: { request: RecordedRequest; at: number }[] = [];
  const fake = new FakeDevinApi({
    plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 600_000 },
    onRequest: async request => {
      arrivals.push({ request, at: Date.now() });
      if (request.method === 'POST' && !request.path.endsWith('/cancel') && options.delayPostMs)
        await sleep(options.delayPostMs);
      return false;
    }
  });
  const waitFor = async (match: (r: RecordedRequest) => boolean): Promise<number> => {
    for (let i = 0; i < 200; i++) {
      const found = arrivals.find(a => match(a.request));
      if (found) return found.at;
      await sleep(25);
    }
    throw new Error('request never arrived');
  };
  return { fake, waitFor };
}

const { isTrigger, isCancel } = devinKit;

function inputs(url: string, overrides: Record<string, string> = {}) {
  return { org_id: TEST_ORG, token: TEST_TOKEN, api_url: url, poll_interval: '200ms', timeout: '5m', ...overrides };
}

describe('a cancelled workflow run', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'on %s while waiting, cancels the build within 5 s, writes outputs and exits non-zero',
    async signal => {
      const { fake, waitFor } = watchedFake();
      await startFake(fake);
      let sentAt = 0;
      const run = await runAction(devinKit, inputs(fake.url), {
        onSpawn: (child: ChildProcess) =>
          void waitFor(isTrigger).then(async () => {
            await sleep(500);
            sentAt = Date.now();
            child.kill(signal);
          })
      });
      const cancelAt = await waitFor(isCancel);
      const [id] = fake.createdBuildIds();
      expect(cancelAt - sentAt).toBeLessThan(5000);
      expect(run.exitCode).toBe(1);
      expect(fake.requests.filter(isCancel).map(r => r.path)).toEqual([
        expect.stringContaining(`/builds/${id}/cancel`)
      ]);
      expect(run.outputs).toMatchObject({ build_id: id, result: 'cancelled', status: 'cancelled' });
      expect(run.stdout).toContain(
        `::error::The workflow run was cancelled (${signal}); build ${id}: cancel requested, the build is now cancelled.`
      );
      expect(run.summary).toContain('cancelled');
      expect(visibleOutput(run)).not.toContain(TEST_TOKEN);
    }
  );

  it('on SIGINT during the trigger, cancels the build as soon as its id is known', async () => {
    const { fake, waitFor } = watchedFake({ delayPostMs: 1000 });
    await startFake(fake);
    const run = await runAction(devinKit, inputs(fake.url), {
      onSpawn: child => void waitFor(isTrigger).then(() => child.kill('SIGINT'))
    });
    const [id] = fake.createdBuildIds();
    expect(id).toBeDefined();
    expect(run.exitCode).toBe(1);
    expect(fake.requests.filter(isCancel).map(r => r.path)).toEqual([expect.stringContaining(`/builds/${id}/cancel`)]);
    expect(fake.requests.filter(r => r.method === 'GET')).toHaveLength(0); // no polling after the signal
    expect(run.outputs).toMatchObject({ build_id: id, result: 'cancelled' });
  });

  it('leaves the build running when cancel_on_abort is false', async () => {
    const { fake, waitFor } = watchedFake();
    await startFake(fake);
    const run = await runAction(devinKit, inputs(fake.url, { cancel_on_abort: 'false' }), {
      onSpawn: child =>
        void waitFor(isTrigger).then(async () => {
          await sleep(300);
          child.kill('SIGINT');
        })
    });
    const [id] = fake.createdBuildIds();
    expect(run.exitCode).toBe(1);
    expect(fake.requests.filter(isCancel)).toHaveLength(0);
    expect(run.stdout).toContain(`is left running (cancel_on_abort is false)`);
    expect(run.outputs).toMatchObject({ build_id: id, result: 'cancelled', status: 'running' });
  });
});

describe('the post step (post-if: cancelled())', () => {
  it('cancels the saved build when the main step was killed before finishing', async () => {
    const { fake } = watchedFake();
    await startFake(fake);
    const id = fake.addBuild({
      status: 'running',
      trigger: 'manual',
      createdAt: Date.now() - 60_000,
      startedAt: Date.now() - 50_000
    });
    const run = await runAction(devinKit, inputs(fake.url), { step: 'post', env: { STATE_build_id: id } });
    expect(run.exitCode).toBe(0);
    expect(fake.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      `POST /v3beta1/organizations/${TEST_ORG}/snapshot-setup/builds/${id}/cancel`
    ]);
    expect(run.stdout).toContain(`cancelled build ${id} (now cancelled)`);
    expect(visibleOutput(run)).not.toContain(TEST_TOKEN);
  });

  it('does nothing when the main step finished, or never had a build', async () => {
    const { fake } = watchedFake();
    await startFake(fake);
    const finished = await runAction(devinKit, inputs(fake.url), {
      step: 'post',
      env: { STATE_build_id: 'bld_0000000000000000', STATE_main_finished: 'true' }
    });
    const none = await runAction(devinKit, inputs(fake.url), { step: 'post' });
    expect([finished.exitCode, none.exitCode]).toEqual([0, 0]);
    expect(fake.requests).toHaveLength(0);
  });

  it('warns, without failing, when the cancel cannot be made', async () => {
    const { fake } = watchedFake();
    await startFake(fake);
    const run = await runAction(devinKit, inputs(fake.url, { token: 'cog_wrong_token' }), {
      step: 'post',
      env: { STATE_build_id: 'bld_0000000000000000' }
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(
      '::warning::Could not cancel build bld_0000000000000000: The Devin API rejected the token (401)'
    );
  });
});
