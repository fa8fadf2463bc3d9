// What comes after the verdict: the pin and the after-success check for a success, the build's log,
// and where to read it when it was not shown.
import type { BuildView, Result } from '../build.js';
import { errorText } from '../errors.js';
import { LOG_FILE_MAX_BYTES } from '../log-download.js';
import { LOG_BUDGET_MS } from './calls.js';
import type { GateRun } from './gate-run.js';
import type { GateOutcome } from './state.js';
import { succeeded } from './verdict.js';

/** After a success: the pin (when asked), then the backend's after-success check. A failed pin fails the step. */
export async function afterSuccess(run: GateRun, build: BuildView, outcome: GateOutcome): Promise<GateOutcome> {
  const notPinned = await pinIfAsked(run, build);
  await checkAfterSuccess(run, build);
  if (!notPinned) return outcome;
  return { ...outcome, passed: false, message: `${succeeded(build)}, but was not pinned: ${notPinned}` };
}

/** Pins the build when asked; says why not when the pin fails, undefined otherwise. */
async function pinIfAsked(run: GateRun, build: BuildView): Promise<string | undefined> {
  const { backend } = run;
  const { pin } = backend;
  if (!run.inputs.pin || !pin) return undefined;
  let why: string | undefined;
  if (!run.ownsBuild) {
    why =
      `build ${build.id} ${run.howFollowed}, and this run pins only a build it knows it started ` +
      '(another run, or the organization, made this one); pin it by hand if it is the one';
  } else {
    try {
      await run.call(context => pin.call(backend, build.id, context), run.followUpBudget('the pin', 'abandon'));
      run.log.info(`Pinned build ${build.id}: new sessions use it until it is unpinned.`);
    } catch (error) {
      why = errorText(error);
    }
  }
  run.state.pin = why === undefined ? { pinned: true } : { pinned: false, error: why };
  return why;
}

/** The backend's own check after a success (its outputs, a pin elsewhere); never fails the step. */
async function checkAfterSuccess(run: GateRun, build: BuildView): Promise<void> {
  const { backend } = run;
  const { afterSuccess: check } = backend;
  if (!check) return;
  try {
    const { outputs, pinnedElsewhere } = await run.call(
      context => check.call(backend, build, context),
      run.followUpBudget('the follow-up check', 'abandon')
    );
    run.state.afterSuccessOutputs = outputs;
    if (pinnedElsewhere && !run.state.pin?.pinned) {
      run.state.pinnedElsewhere = pinnedElsewhere;
      run.log.warning(
        `The organization is pinned to build ${pinnedElsewhere}: new sessions keep using it, not build ${build.id}. ` +
          `Set ${run.spelling.setting('pin', 'true')} to pin each build that succeeds.`
      );
    }
  } catch (error) {
    run.log.warning(`The build succeeded, but the follow-up check failed: ${errorText(error)}`);
  }
}

/**
 * Fetches the build's log when the verdict calls for it (a failure, a cancelled or timed-out
 * build; any verdict with show_logs: always), after any cancel and within LOG_BUDGET_MS. The
 * log never changes the verdict: when there is none, one line says what the API answered.
 */
export async function showLog(run: GateRun, result: Result): Promise<void> {
  const { backend, state } = run;
  const { logUrl } = backend;
  const { show_logs: showLogs = 'never', log_lines: logLines = 0 } = run.inputs;
  const wanted = showLogs === 'always' || (showLogs === 'on_failure' && result !== 'success');
  const logs = run.deps.logs;
  const build = state.build;
  if (!wanted || !logUrl || !logs || !build || run.aborted) return;
  const budget = run.followUpBudget('the log', 'abandon', LOG_BUDGET_MS);
  try {
    const url = await run.call(context => logUrl.call(backend, build.id, context), budget);
    const log = await logs.download(url, {
      lines: logLines,
      timeoutMs: Math.max(1, budget.deadline - run.clock.now()),
      signal: run.deps.signal
    });
    state.log = log;
    const cut = log.truncated ? `; the file keeps the first ${LOG_FILE_MAX_BYTES / 1024 / 1024} MB` : '';
    if (logLines > 0) run.log.group(`Build log (last ${logLines} lines)${cut}`, log.tail);
  } catch (error) {
    const why = errorText(error);
    state.log = { tail: [], unavailable: why };
    run.log.info(`No build log: ${why}`);
  }
}

/** A failure whose log the run did not show says where to read it. */
export function pointToLog(run: GateRun, outcome: GateOutcome): GateOutcome {
  if (outcome.result !== 'failure' || run.state.log?.tail.length) return outcome;
  return { ...outcome, message: `${outcome.message} See the build's logs in ${run.backend.product}.` };
}
