// The first stage: a build to follow, triggered (with its settle window) or attached to.
import { randomUUID } from 'node:crypto';
import type { BuildView, TriggerTime } from '../build.js';
import { formatDuration } from '../duration.js';
import { ActionError, ApiError, DeadlineError, errorText } from '../errors.js';
import { RETRY_POLICIES } from '../retry.js';
import { capitalize } from '../text.js';
import type { GateRun } from './gate-run.js';
import type { BuildOrigin } from './state.js';

/**
 * After a trigger that may have been carried out, the list is watched at least this long (and at
 * least two request timeouts: a POST that timed out may still be processed) before the trigger is
 * sent again: a list that lags, or a POST slower than request_timeout, shows its build within it.
 */
export const SETTLE_MIN_MS = 10_000;
/** The gaps between reads of the list in a settle window (one read at once, one after each gap): never back to back. */
const SETTLE_GAPS = 5;

/** How long the list is watched after an ambiguous trigger before it is sent again. */
export function settleWindowMs(requestTimeoutMs: number): number {
  return Math.max(2 * requestTimeoutMs, SETTLE_MIN_MS);
}

/** The build the run follows: the one build_id names, or the one its trigger made. */
export async function startBuild(run: GateRun): Promise<{ build: BuildView; origin: BuildOrigin }> {
  const buildId = run.inputs.build_id;
  return buildId ? { build: await attach(run, buildId), origin: 'attached' } : trigger(run);
}

async function attach(run: GateRun, buildId: string): Promise<BuildView> {
  const build = await run.call(context => run.backend.fetch(buildId, context), run.runBudget());
  if (!build) {
    throw new ActionError(
      `Build ${buildId} was not found in the organization's builds. ` +
        `Check ${run.spelling.name('build_id')} and ${run.spelling.name(run.backend.orgInput)}.`
    );
  }
  run.log.info(`Attached to build ${buildId} (${build.status})`);
  return build;
}

/**
 * Creates exactly one build. A refusal that proves nothing was made (429, 503, a refused
 * connection) is sent again with the same key. After a failure that may have been carried out
 * (a timeout, 500, 502, 504, a reset after sending, an unreadable success), the list is watched
 * for a settle window (`settle`): a build that appears is followed as found; only when none has
 * appeared by the window's end is the trigger sent again, with the same key.
 */
async function trigger(run: GateRun): Promise<{ build: BuildView; origin: 'created' | 'found' }> {
  const sentAt = run.clock.now();
  const triggerTime = { sentAt, now: () => run.clock.now() };
  const idempotencyKey = randomUUID();
  run.deps.onTriggerSending?.(sentAt);
  run.state.triggerUnanswered = true;
  let lastAmbiguous: ApiError | undefined;
  try {
    const answer = await run.call(
      async context => {
        try {
          return { build: await run.backend.trigger(context, idempotencyKey), origin: 'created' as const };
        } catch (error) {
          // Once the workflow run is cancelled nothing is watched or sent again: the build stays unnamed.
          if (run.aborted) throw error;
          if (!(error instanceof ApiError && error.details.ambiguous)) {
            // A refusal proves nothing was made; an ambiguous failure keeps the flag.
            if (!lastAmbiguous) run.state.triggerUnanswered = false;
            throw error;
          }
          lastAmbiguous = error;
          const found = await settle(run, triggerTime, error);
          if (found) return { build: found, origin: 'found' as const };
          throw error;
        }
      },
      run.runBudget(RETRY_POLICIES.request, 'finish-in-flight')
    );
    run.state.triggerUnanswered = false;
    if (answer.origin === 'created') {
      run.log.info(`${capitalize(run.words.started)} build ${answer.build.id} (${answer.build.status})`);
    }
    return answer;
  } catch (error) {
    // After an ambiguous attempt, whatever stops the trigger leaves a build that may exist.
    const retriesEnded = error instanceof ApiError || error instanceof DeadlineError;
    if (lastAmbiguous && retriesEnded && !run.aborted) {
      throw mayExist(run, lastAmbiguous, `the last attempt ended with: ${error.message}`);
    }
    throw error;
  }
}

/**
 * Watches the list after an ambiguous trigger, with reads SETTLE_GAPS apart over the settle window
 * (the first at once, the last at its end), for the build the trigger may have made. Returns it,
 * or undefined when none has appeared by the end. Stops with an error that says a build may exist
 * when the run's timeout comes first, when the list cannot be read at the end, or when the evidence
 * cannot tell (two candidates, clocks that disagree).
 */
async function settle(run: GateRun, trigger: TriggerTime, cause: ApiError): Promise<BuildView | undefined> {
  const { start, starting } = run.words;
  const windowMs = settleWindowMs(run.requestTimeoutMs);
  const end = run.clock.now() + windowMs;
  run.log.info(
    `The ${start} failed in a way that may still create a build (${cause.message}); ` +
      `watching the organization's builds for ${formatDuration(windowMs)} before ${starting} again.`
  );
  for (;;) {
    const readAt = run.clock.now();
    if (readAt >= run.deadline) {
      throw mayExist(run, cause, `none had appeared when the run's timeout (${formatDuration(run.timeoutMs)}) came`);
    }
    let found: BuildView | undefined;
    let unreadable: ApiError | undefined;
    try {
      found = await run.call(context => run.backend.findCreatedSince(trigger, context), run.runBudget());
    } catch (error) {
      if (run.aborted) throw error;
      if (!(error instanceof ApiError && error.details.retryable)) throw mayExist(run, cause, errorText(error));
      unreadable = error;
    }
    if (found) {
      run.log.warning(
        `The ${start} failed (${cause.message}) but build ${found.id} has appeared since; following it ` +
          `for its verdict instead of ${starting} another. It is reported as found, not as this run's: ` +
          'another run with the same credentials could have made it, so this run never cancels or pins it.'
      );
      return found;
    }
    if (readAt >= end) {
      if (unreadable) throw mayExist(run, cause, errorText(unreadable));
      return undefined;
    }
    await run.sleepWithin(Math.min(windowMs / SETTLE_GAPS, end - run.clock.now()));
  }
}

/** The error when a trigger may have made a build that cannot be named: never sent again. */
function mayExist(run: GateRun, cause: ApiError, why: string): ActionError {
  const { start, starting } = run.words;
  return new ActionError(
    `The ${start} failed in a way that may still have created a build (${cause.message}), and there is no ` +
      `telling whether it did: ${why}. Not ${starting} again, to avoid a duplicate build; a build may exist: ` +
      "check the organization's builds before re-running."
  );
}
