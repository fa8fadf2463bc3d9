// A cancelled workflow run, on the Devin bundle as the runner signals it: the main step's cancel on
// SIGINT or SIGTERM, and the post step's cancel of the build the main step saved.
import { describe, expect, it } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { FakeDevinApi, type RecordedRequest } from '../../fakes/devin/api.js';
import type { RequestHook } from '../../fakes/server.js';
import devinKit, { DEVIN_ORG as TEST_ORG, DEVIN_TOKEN as TEST_TOKEN } from '../../harness/kits/devin.js';
import { visibleOutput, type ActionRun } from '../../harness/runner.js';
import { errorLines, failing, runAction, startFake } from '../support/index.js';

// A cancelled workflow run, as the runner does it: SIGINT, SIGTERM 7.5 s later, then a kill.
// The action has to get its cancel to the API within 5 s of the first signal.

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * A fake API whose builds run for 10 minutes, and that tells when a request of a kind arrives;
 * `answer` may answer (or hold) a request before the fake does, as a RequestHook.
 */
function watchedFake(options: { delayPostMs?: number; answer?: RequestHook } = {}) {
  const arrivals: { request: RecordedRequest; at: number }[] = [];
  const fake = new FakeDevinApi({
    plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 600_000 },
    onRequest: async (request, response) => {
      arrivals.push({ request, at: Date.now() });
      if (request.method === 'POST' && !request.path.endsWith('/cancel') && options.delayPostMs)
        await sleep(options.delayPostMs);
      return options.answer ? options.answer(request, response) : false;
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

/** SIGINT to the step 300 ms after its trigger reached the fake: the workflow run cancelled mid-build. */
function sigintAfterTrigger(waitFor: ReturnType<typeof watchedFake>['waitFor']) {
  return (child: ChildProcess): void =>
    void waitFor(isTrigger).then(async () => {
      await sleep(300);
      child.kill('SIGINT');
    });
}

const { isTrigger, isCancel } = devinKit;

function inputs(url: string, overrides: Record<string, string> = {}) {
  return { org_id: TEST_ORG, token: TEST_TOKEN, api_url: url, poll_interval: '200ms', timeout: '5m', ...overrides };
}

/** The state a step saved, as the runner passes it to the post step (STATE_*). */
function savedState(run: ActionRun): Record<string, string> {
  return Object.fromEntries(Object.entries(run.state).map(([name, value]) => [`STATE_${name}`, value]));
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

  it('on SIGINT during a trigger that then fails in a way that may have made a build, watches nothing and stops', async () => {
    // The trigger's answer is a 502 that comes after the signal: no settle window, no second trigger.
    const { fake, waitFor } = watchedFake({
      delayPostMs: 1000,
      answer: failing(isTrigger, 502, { body: { detail: 'Bad gateway' } })
    });
    await startFake(fake);
    const run = await runAction(devinKit, inputs(fake.url), {
      onSpawn: child => void waitFor(isTrigger).then(() => child.kill('SIGINT'))
    });
    expect(run.exitCode).toBe(1);
    expect(fake.requests.filter(isTrigger)).toHaveLength(1);
    expect(fake.requests.filter(request => request.method === 'GET')).toHaveLength(0);
    expect(run.stdout).not.toContain('watching the organization');
    expect(run.stdout).toContain(
      '::error::The workflow run was cancelled (SIGINT) while the trigger was unanswered: a build may have been created'
    );
    expect(run.outputs).toMatchObject({ build_id: '', result: 'cancelled' });
    // The post step then names what appeared since the trigger; it cancels nothing.
    expect(run.state.main_finished).toBeUndefined();
  });

  it('says the cancel ran out of time, not that it was "cancelled", when the API does not answer it', async () => {
    const held: RequestHook = request => isCancel(request); // never answered
    const { fake, waitFor } = watchedFake({ answer: held });
    await startFake(fake);
    const run = await runAction(devinKit, inputs(fake.url), {
      onSpawn: sigintAfterTrigger(waitFor)
    });
    const [id] = fake.createdBuildIds();
    expect(run.exitCode).toBe(1);
    const [error] = errorLines(run);
    expect(error).toMatch(
      new RegExp(
        `^::error::The workflow run was cancelled \\(SIGINT\\); build ${id}: the cancel failed: POST \\S+/builds/${id}/cancel: `
      )
    );
    // The grace period's end cuts the request short; its own time limit, capped at the same instant, may come first.
    expect(error).toMatch(
      /: (no time left 5s after the workflow run's cancel|no complete answer within [\d.]+s .*)\.$/
    );
    expect(run.state).toMatchObject({ build_id: id, cancel_failed: 'true', main_finished: 'true' });
  });

  it('leaves the build running when cancel_on_abort is false', async () => {
    const { fake, waitFor } = watchedFake();
    await startFake(fake);
    const run = await runAction(devinKit, inputs(fake.url, { cancel_on_abort: 'false' }), {
      onSpawn: sigintAfterTrigger(waitFor)
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

  it("sends the main step's cancel again when it did not complete (the API answers it 503 for 6 s), for that build only", async () => {
    let firstCancelAt: number | undefined;
    const unavailable = failing(request => {
      if (!isCancel(request)) return false;
      firstCancelAt ??= Date.now();
      return Date.now() - firstCancelAt < 6000;
    }, 503);
    const { fake, waitFor } = watchedFake({ answer: unavailable });
    await startFake(fake);
    const main = await runAction(devinKit, inputs(fake.url), {
      onSpawn: sigintAfterTrigger(waitFor)
    });
    const [id] = fake.createdBuildIds();
    expect(main.exitCode).toBe(1);
    expect(main.stdout).toContain(`::error::The workflow run was cancelled (SIGINT); build ${id}: the cancel failed: `);
    expect(main.stdout).toContain(`The cancel of build ${id} did not complete: the post step sends it again.`);
    expect(main.state).toMatchObject({ build_id: id, cancel_failed: 'true', main_finished: 'true' });
    expect(fake.build(id)?.status).toBe('running');

    const post = await runAction(devinKit, inputs(fake.url), { step: 'post', env: savedState(main) });
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toContain(
      `The main step's cancel of build ${id} did not complete; cancelled build ${id} (now cancelled).`
    );
    expect(fake.build(id)?.status).toBe('cancelled');
    expect(new Set(fake.requests.filter(isCancel).map(request => request.path))).toEqual(
      new Set([`/v3beta1/organizations/${TEST_ORG}/snapshot-setup/builds/${id}/cancel`])
    );
    expect(visibleOutput(post)).not.toContain(TEST_TOKEN);
  }, 40_000);

  it.each([
    [
      'a flag the main step never writes',
      { main_finished: 'true', build_id: 'bld_0000000000000000', cancel_failed: 'yes' },
      'the saved cancel_failed is not "true"'
    ],
    [
      'a failed cancel of a build this run did not start',
      { main_finished: 'true', followed_build_id: 'bld_0000000000000000', cancel_failed: 'true' },
      'the saved cancel_failed comes without a build_id'
    ]
  ])('sends nothing when the state holds %s, and says why', async (_name, state, why) => {
    const { fake } = watchedFake();
    await startFake(fake);
    const env = Object.fromEntries(Object.entries(state).map(([name, value]) => [`STATE_${name}`, value]));
    const run = await runAction(devinKit, inputs(fake.url), { step: 'post', env });
    expect(run.exitCode).toBe(0);
    expect(fake.requests).toHaveLength(0);
    expect(run.stdout).toContain(`::warning::The post step sends nothing: ${why}.`);
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
