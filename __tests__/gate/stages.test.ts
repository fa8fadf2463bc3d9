// Each of the gate's stages alone (src/core/gate/), on a virtual clock, against a backend that
// answers from a script: what a stage decides from what it is told. Whole runs against the fakes
// are in gate-contract.test.ts and the <api>-gate suites; the settle window in settle-window.test.ts.
import { describe, expect, it } from '@jest/globals';
import { VirtualClock } from '../../harness/virtual-clock.js';
import type { BuildBackend, BuildView } from '../../src/core/build.js';
import { ApiError } from '../../src/core/errors.js';
import { afterSuccess, pointToLog, showLog } from '../../src/core/gate/follow-ups.js';
import { GateRun } from '../../src/core/gate/gate-run.js';
import { startBuild } from '../../src/core/gate/start.js';
import { newGateState, type BuildOrigin } from '../../src/core/gate/state.js';
import { aborted, inconclusive, timedOut, verdict } from '../../src/core/gate/verdict.js';
import { waitFor } from '../../src/core/gate/wait.js';
import { ACTION_SPELLING, type GateInputs } from '../../src/core/inputs.js';

const S = 1000;

function view(overrides: Partial<BuildView> = {}): BuildView {
  return { id: 'bld_1', status: 'running', phase: 'in_progress', ...overrides };
}

/** A backend whose methods are the test's; any other call fails the test. */
function backend(methods: Partial<BuildBackend> = {}): BuildBackend {
  const unexpected = (name: string) => () => Promise.reject(new Error(`unexpected call: ${name}`));
  return {
    product: 'Devin',
    orgInput: 'org_id',
    words: { start: 'trigger', started: 'triggered', starting: 'triggering' },
    trigger: unexpected('trigger'),
    findCreatedSince: unexpected('findCreatedSince'),
    fetch: unexpected('fetch'),
    ...methods
  };
}

function gateRun(api: BuildBackend, inputs: Partial<GateInputs> = {}, origin?: BuildOrigin, signal?: AbortSignal) {
  const clock = new VirtualClock();
  const lines: string[] = [];
  const log = {
    info: (line: string) => lines.push(line),
    warning: (line: string) => lines.push(line),
    group: () => {}
  };
  const state = newGateState(clock.now());
  state.origin = origin;
  const all: GateInputs = {
    token: 't',
    api_url: 'http://127.0.0.1:1',
    timeout: 60 * S,
    poll_interval: 10 * S,
    request_timeout: 30 * S,
    wait: true,
    ...inputs
  };
  return { run: new GateRun(api, all, { clock, log, signal, spelling: ACTION_SPELLING }, state), clock, lines, state };
}

describe('start', () => {
  it('attaches to build_id, and says which input to check when it is not found', async () => {
    const { run } = gateRun(backend({ fetch: async () => undefined }), { build_id: 'bld_9' });
    await expect(startBuild(run)).rejects.toThrow(
      "Build bld_9 was not found in the organization's builds. Check build_id and org_id."
    );
  });

  it('calls a build its trigger answered with "created"', async () => {
    const { run } = gateRun(backend({ trigger: async () => view() }));
    await expect(startBuild(run)).resolves.toEqual({ build: view(), origin: 'created' });
    expect(run.state.triggerUnanswered).toBe(false);
  });
});

describe('wait', () => {
  it('returns a finished build at once, and undefined when the deadline comes first', async () => {
    const done = view({ status: 'succeeded', phase: 'success' });
    expect(await waitFor(gateRun(backend()).run, done)).toBe(done);
    const { run, clock } = gateRun(backend({ fetch: async () => view() }), { timeout: 35 * S });
    expect(await waitFor(run, view())).toBeUndefined();
    expect(clock.now() - run.state.runStartedAt).toBe(35 * S);
  });

  it('stops after five checks in a row that do not find the build, with what the backend can say', async () => {
    const api = backend({ fetch: async () => undefined, neverFound: id => `${id} is in no list` });
    await expect(waitFor(gateRun(api).run, view())).rejects.toThrow('bld_1 is in no list');
  });

  it('names the build it cannot follow when the API keeps failing', async () => {
    const api = backend({ fetch: () => Promise.reject(new ApiError('no', { status: 500, retryable: true })) });
    await expect(waitFor(gateRun(api, { timeout: 3600 * S }).run, view())).rejects.toThrow(
      'Build bld_1 was started but cannot be followed: status checks failed 5 times in a row; the last error: no'
    );
  });
});

describe('verdict', () => {
  const verdicts: [Partial<BuildView>, string, boolean, string][] = [
    [{ status: 'succeeded', phase: 'success' }, 'success', true, 'Build bld_1 succeeded after 1m.'],
    [{ status: 'cancelled', phase: 'cancelled' }, 'cancelled', false, 'Build bld_1 was cancelled after 1m.'],
    [
      { status: 'failed', phase: 'failure', errorMessage: 'boom' },
      'failure',
      false,
      'failed after 1m (status failed): boom.'
    ],
    [
      { status: 'exploded', phase: 'unknown' },
      'failure',
      false,
      'with status "exploded", which this action does not know'
    ]
  ];
  it.each(verdicts)('gives %j the result %s', (fields, result, passed, message) => {
    const { run, state } = gateRun(backend());
    const outcome = verdict(run, view({ ...fields, startedAt: 0, completedAt: 60 * S }));
    expect(outcome).toMatchObject({ result, passed });
    expect(outcome.message).toContain(message);
    expect(state.result).toBe(result);
  });

  it('cancels on timeout only a build the run may cancel', async () => {
    const cancels: string[] = [];
    const api = backend({ cancel: async id => (cancels.push(id), view({ status: 'cancelled', phase: 'cancelled' })) });
    for (const origin of ['created', 'found'] as const) {
      const { run, state } = gateRun(api, { cancel_on_timeout: true }, origin);
      state.build = view();
      const outcome = await timedOut(run);
      expect(outcome.result).toBe('timed_out');
      if (origin === 'found') expect(outcome.message).toContain('not cancelled: it was found');
    }
    expect(cancels).toEqual(['bld_1']);
  });

  it('records a cancel on a cancelled workflow run that did not complete, for the post step', async () => {
    const abort = new AbortController();
    abort.abort(new Error('The workflow run was cancelled (SIGINT)'));
    const unavailable = () => Promise.reject(new ApiError('answered 503', { status: 503, retryable: true }));
    const { run, state, clock } = gateRun(
      backend({ cancel: unavailable }),
      { cancel_on_abort: true },
      'created',
      abort.signal
    );
    state.build = view();
    const started = clock.now();
    expect((await aborted(run)).message).toMatch(
      /^The workflow run was cancelled \(SIGINT\); build bld_1: the cancel failed: answered 503/
    );
    expect(state.cancelFailed).toBe(true);
    // Retried until its 5 s budget ends, not for a count of attempts.
    expect(clock.now() - started).toBe(5 * S);
  });

  it('leaves a found build running when the workflow run is cancelled', async () => {
    const abort = new AbortController();
    abort.abort(new Error('The workflow run was cancelled (SIGINT)'));
    const api = backend({ cancel: () => Promise.reject(new Error('must not cancel')) });
    const { run, state } = gateRun(api, { cancel_on_abort: true }, 'found', abort.signal);
    state.build = view();
    expect((await aborted(run)).message).toBe(
      "The workflow run was cancelled (SIGINT); build bld_1 is left running (not cancelled: it was found after the trigger's answer was lost, and this run cancels only a build it knows it started)."
    );
  });
});

describe('follow-ups', () => {
  const success = { result: 'success', passed: true, message: 'Build bld_1 succeeded.' } as const;
  const done = view({ status: 'succeeded', phase: 'success' });

  it('fails a success whose pin fails, and keeps the after-success outputs', async () => {
    const api = backend({
      pin: () => Promise.reject(new ApiError('refused (409)', { status: 409, retryable: false })),
      afterSuccess: async () => ({ outputs: { active: 'false' } })
    });
    const { run, state } = gateRun(api, { pin: true }, 'created');
    const outcome = await afterSuccess(run, done, success);
    expect(outcome).toEqual({
      result: 'success',
      passed: false,
      message: 'Build bld_1 succeeded, but was not pinned: refused (409)'
    });
    expect(state.pin).toEqual({ pinned: false, error: 'refused (409)' });
    expect(state.afterSuccessOutputs).toEqual({ active: 'false' });
  });

  it('never pins a found build', async () => {
    const api = backend({ pin: () => Promise.reject(new Error('must not pin')) });
    const { run, state } = gateRun(api, { pin: true }, 'found');
    expect((await afterSuccess(run, done, success)).passed).toBe(false);
    expect(state.pin?.error).toContain('this run pins only a build it knows it started');
  });

  it('fetches no log for a success with show_logs: on_failure, and says why there is none otherwise', async () => {
    const urls: string[] = [];
    const api = backend({
      logUrl: async id => (urls.push(id), Promise.reject(new ApiError('404', { retryable: false })))
    });
    const quiet = gateRun(api, { show_logs: 'on_failure' });
    quiet.state.build = done;
    await showLog(quiet.run, 'success');
    expect(urls).toEqual([]);
    const failed = gateRun(api, { show_logs: 'on_failure' });
    failed.run.deps.logs = { download: () => Promise.reject(new Error('not reached')) };
    failed.state.build = view({ status: 'failed', phase: 'failure' });
    await showLog(failed.run, 'failure');
    expect(failed.state.log).toEqual({ tail: [], unavailable: '404' });
    expect(failed.lines).toContain('No build log: 404');
  });

  it('points a failure to its logs only when the log was not shown', () => {
    const failure = { result: 'failure', passed: false, message: 'Build bld_1 failed (status failed).' } as const;
    const { run, state } = gateRun(backend());
    expect(pointToLog(run, failure).message).toBe("Build bld_1 failed (status failed). See the build's logs in Devin.");
    state.log = { tail: [], unavailable: '404' };
    expect(pointToLog(run, failure).message).toBe("Build bld_1 failed (status failed). See the build's logs in Devin.");
    state.log = { tail: ['npm ERR! missing script: setup'] };
    expect(pointToLog(run, failure)).toBe(failure);
    expect(pointToLog(gateRun(backend()).run, { ...failure, result: 'cancelled' }).message).toBe(failure.message);
  });
});

describe('the blueprint check after the build', () => {
  const success = { result: 'success', passed: true, message: 'Build bld_1 succeeded.' } as const;
  const prepared = (recheck: () => Promise<string | undefined>) =>
    ({ result: 'uploaded', summary: 'Uploaded.', followSuperseding: false, recheck }) as const;

  it('makes a verdict inconclusive when the blueprint changed, or cannot be read again', async () => {
    const changed = gateRun(backend());
    changed.state.prepared = prepared(async () => "blueprint bp_1 of acme/app was changed after this run's upload");
    expect(await inconclusive(changed.run, success)).toEqual({
      result: 'inconclusive',
      passed: false,
      message:
        "Inconclusive: Build bld_1 succeeded. But blueprint bp_1 of acme/app was changed after this run's upload, so the verdict is about other contents than this run uploaded."
    });
    const unread = gateRun(backend());
    unread.state.prepared = prepared(() =>
      Promise.reject(new ApiError('the blueprints list answered 403', { status: 403, retryable: false }))
    );
    expect(await inconclusive(unread.run, success)).toEqual({
      result: 'inconclusive',
      passed: false,
      message:
        'Inconclusive: Build bld_1 succeeded. But the blueprint could not be read again after the build (the blueprints list answered 403), so whether the verdict is about the contents this run uploaded cannot be told.'
    });
    expect(unread.state.result).toBe('inconclusive');
    const same = gateRun(backend());
    same.state.prepared = prepared(async () => undefined);
    expect(await inconclusive(same.run, success)).toBe(success);
  });

  it('leaves a cancelled workflow run to the abort: no verdict from a check it stopped', async () => {
    const abort = new AbortController();
    const { run, state } = gateRun(backend(), {}, 'created', abort.signal);
    state.prepared = prepared(() => {
      abort.abort(new Error('The workflow run was cancelled (SIGINT)'));
      return Promise.reject(new Error('stopped'));
    });
    await expect(inconclusive(run, success)).rejects.toThrow('stopped');
  });
});
