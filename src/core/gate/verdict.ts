// The verdict: what the build's end (or the run's) means for the step.
import { isFinished, type BuildView } from '../build.js';
import { formatDuration } from '../duration.js';
import { errorText } from '../errors.js';
import { buildDuration } from '../time.js';
import { abortCancelBudget, type CallBudget } from './calls.js';
import type { GateRun } from './gate-run.js';
import type { GateOutcome } from './state.js';

/** `Build X succeeded after 4m12s`, without the full stop: a failed pin adds to it. */
export function succeeded(build: BuildView): string {
  return `Build ${build.id} succeeded${after(build)}`;
}

function after(build: BuildView): string {
  const took = buildDuration(build);
  return took === undefined ? '' : ` after ${formatDuration(took)}`;
}

/** The verdict on a finished build. A success is not final until its follow-ups (follow-ups.ts) have run. */
export function verdict(run: GateRun, build: BuildView): GateOutcome {
  const outcome = ((): GateOutcome => {
    switch (build.phase) {
      case 'success':
        return { result: 'success', passed: true, message: `${succeeded(build)}.` };
      case 'cancelled':
        return { result: 'cancelled', passed: false, message: `Build ${build.id} was cancelled${after(build)}.` };
      case 'unknown':
        return {
          result: 'failure',
          passed: false,
          message:
            `Build ${build.id} ended${after(build)} with status "${build.status}", which this action does not know; ` +
            'failing rather than passing on it.'
        };
      default: {
        const reason = build.errorMessage ? `: ${build.errorMessage}` : '';
        return {
          result: 'failure',
          passed: false,
          message: `Build ${build.id} failed${after(build)} (status ${build.status})${reason}.`
        };
      }
    }
  })();
  run.state.result = outcome.result;
  return outcome;
}

/**
 * After the build: when the blueprint it was to carry changed meanwhile (someone else's upload or
 * edit), its verdict is about other contents, and the run says so instead of passing or failing on it.
 * When the blueprint cannot be read again, what the verdict is about cannot be told either.
 */
export async function inconclusive(run: GateRun, outcome: GateOutcome): Promise<GateOutcome> {
  const recheck = run.state.prepared?.recheck;
  if (!recheck || (outcome.result !== 'success' && outcome.result !== 'failure')) return outcome;
  let why: string;
  try {
    const changed = await recheck(attempt => run.call(attempt, run.followUpBudget('the blueprint check', 'abandon')));
    if (!changed) return outcome;
    why = `${changed}, so the verdict is about other contents than this run uploaded`;
  } catch (error) {
    if (run.aborted) throw error;
    why =
      `the blueprint could not be read again after the build (${errorText(error)}), so whether the verdict is ` +
      'about the contents this run uploaded cannot be told';
  }
  run.state.result = 'inconclusive';
  return { result: 'inconclusive', passed: false, message: `Inconclusive: ${outcome.message} But ${why}.` };
}

/** With wait: false, a build that has not finished: started, not waited for. */
export function notWaiting(run: GateRun, build: BuildView): GateOutcome {
  run.state.result = 'triggered';
  return {
    result: 'triggered',
    passed: true,
    message: `Build ${build.id} is ${build.status}; not waiting for it (${run.spelling.setting('wait', 'false')}).`
  };
}

/** The deadline came before the build finished: cancelled if asked (and if the run may). */
export async function timedOut(run: GateRun): Promise<GateOutcome> {
  const build = run.state.build as BuildView;
  const waited = `timed out after ${formatDuration(run.timeoutMs)}`;
  run.state.result = 'timed_out';
  if (isFinished(build)) {
    // It ended cancelled, and the deadline came while the list was watched for a build that superseded it.
    const message =
      `${waited} while watching for a build that superseded build ${build.id} (${build.status}); whether one did, ` +
      'or it was cancelled by hand, cannot be told yet';
    return { result: 'timed_out', passed: false, message };
  }
  let message = `${waited}; build ${build.id} is still ${build.status}`;
  if (run.inputs.cancel_on_timeout) {
    const status = build.status;
    const cancel = run.ownsBuild
      ? await cancelBuild(run, build, run.followUpBudget('the cancel', 'finish'))
      : notOurs(run);
    message = `${waited}; build ${build.id} was ${status} (${run.spelling.name('cancel_on_timeout')}: ${cancel})`;
  }
  return { result: 'timed_out', passed: false, message };
}

/** The workflow run was cancelled: the build is cancelled within the runner's grace period, if the run may. */
export async function aborted(run: GateRun): Promise<GateOutcome> {
  const reason = run.deps.signal?.reason;
  const why = reason instanceof Error ? reason.message : 'The run was cancelled';
  const { build, triggerUnanswered } = run.state;
  run.state.result = 'cancelled';
  const cancelled = (message: string): GateOutcome => ({ result: 'cancelled', passed: false, message });
  if (!build && triggerUnanswered) {
    return cancelled(
      `${why} while the ${run.words.start} was unanswered: a build may have been created, which this run ` +
        "cannot name and so does not cancel. Check the organization's builds."
    );
  }
  if (!build) return cancelled(`${why} before a build was created.`);
  if (isFinished(build)) return cancelled(`${why}; build ${build.id} had already finished (${build.status}).`);
  const leftBecause = !run.backend.cancel
    ? 'the API has no way to cancel builds'
    : !run.ownsBuild
      ? notOurs(run)
      : !run.inputs.cancel_on_abort
        ? `${run.spelling.name('cancel_on_abort')} is false`
        : undefined;
  if (leftBecause) return cancelled(`${why}; build ${build.id} is left ${build.status} (${leftBecause}).`);
  return cancelled(`${why}; build ${build.id}: ${await cancelBuild(run, build, abortCancelBudget(run.clock))}.`);
}

/** Asks the API to cancel the build within `budget`; says how that went. */
async function cancelBuild(run: GateRun, build: BuildView, budget: CallBudget): Promise<string> {
  const { backend } = run;
  const { cancel } = backend;
  if (!cancel) return 'the API has no way to cancel builds';
  try {
    const after = await run.call(context => cancel.call(backend, build.id, context), budget);
    run.observe(after);
    return `cancel requested, the build is now ${after.status}`;
  } catch (error) {
    run.state.cancelFailed = true;
    return `the cancel failed: ${errorText(error)}`;
  }
}

/** Why a found or followed build is left alone. */
function notOurs(run: GateRun): string {
  return `not cancelled: it ${run.howFollowed}, and this run cancels only a build it knows it started`;
}
