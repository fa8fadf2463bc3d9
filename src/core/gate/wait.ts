// The wait: polls until the build finishes, or the deadline comes.
import { isFinished, type BuildView } from '../build.js';
import { ActionError, ApiError, DeadlineError } from '../errors.js';
import { backoffDelay, RETRY_POLICIES } from '../retry.js';
import { pollDelay } from '../schedule.js';
import type { GateRun } from './gate-run.js';

/** Consecutive failed status checks (or checks that do not find the build) before the step fails. */
const POLL_FAILURE_BUDGET = 5;

/** The build once finished; undefined when the deadline comes first. */
export async function waitFor(run: GateRun, build: BuildView): Promise<BuildView | undefined> {
  if (isFinished(build)) return build;
  try {
    return await poll(run, build);
  } catch (error) {
    // Says which build could not be followed when the API stops answering in a way worth waiting for.
    if (!(error instanceof ApiError) || run.aborted) throw error;
    throw new ApiError(`Build ${build.id} was started but cannot be followed: ${error.message}`, error.details);
  }
}

async function poll(run: GateRun, build: BuildView): Promise<BuildView | undefined> {
  const { backend, clock } = run;
  const intervalMs = run.pollIntervalMs;
  const nextPollDelay = (): number => pollDelay(intervalMs, clock.random);
  let failures = 0;
  let missing = 0;
  let everFound = false;
  let delay = nextPollDelay();
  for (;;) {
    await run.sleepWithin(delay);
    if (clock.now() >= run.deadline) return undefined;
    delay = nextPollDelay();
    let current: BuildView | undefined;
    try {
      current = await run.call(context => backend.fetch(build.id, context), run.runBudget(RETRY_POLICIES.statusCheck));
      failures = 0;
    } catch (error) {
      if (error instanceof DeadlineError) return undefined;
      if (!(error instanceof ApiError && error.details.retryable)) throw error;
      failures++;
      if (failures >= POLL_FAILURE_BUDGET) {
        throw new ApiError(`status checks failed ${failures} times in a row; the last error: ${error.message}`, {
          ...error.details,
          retryable: false
        });
      }
      run.log.info(`Status check failed (${failures}/${POLL_FAILURE_BUDGET}): ${error.message}`);
      // A transient failure is retried sooner than the next poll when the backoff allows, but
      // never sooner than the server's Retry-After.
      const backoff = Math.min(backoffDelay(failures - 1, RETRY_POLICIES.request, clock.random), intervalMs);
      delay = Math.max(backoff, error.details.retryAfterMs ?? 0);
      continue;
    }
    if (!current) {
      missing++;
      if (missing >= POLL_FAILURE_BUDGET) {
        throw new ActionError(
          !everFound && backend.neverFound
            ? backend.neverFound(build.id)
            : `Build ${build.id} can no longer be found in the organization's builds (missing from ${missing} checks in a row).`
        );
      }
      run.log.warning(
        `Build ${build.id} was not found in the organization's builds (${missing}/${POLL_FAILURE_BUDGET}); checking again.`
      );
      continue;
    }
    missing = 0;
    everFound = true;
    run.observe(current);
    if (isFinished(current)) return current;
  }
}
