import type { CallContext } from '../build.js';
import type { Clock } from '../clock.js';
import { formatDuration } from '../duration.js';
import { AbortedError, ApiError, DeadlineError, errorText } from '../errors.js';
import { RETRY_POLICIES, withRetries, type RetryPolicy } from '../retry.js';

/** Short follow-up calls (cancel on timeout, pin, after-success) get their own budget, past the deadline if need be. */
export const FOLLOW_UP_BUDGET_MS = 15_000;
/** Asking for the log's URL and downloading it, after the verdict (and after any cancel): at most this long. */
export const LOG_BUDGET_MS = 20_000;
/** The runner sends SIGTERM 7.5 s after SIGINT and then kills: the cancel must be done well before. */
export const ABORT_CANCEL_BUDGET_MS = 5000;

/**
 * What a cancelled run does with a group of calls: `abandon` them at once; `finish-in-flight`: no new
 * attempt, but a request already sent may be answered (a trigger's answer names the build to
 * cancel); `finish`: carry on (the calls that cancel that build). Whatever the mode, from the first
 * signal no request outlives the abort budget (see graceAfter).
 */
export type AbortMode = 'abandon' | 'finish-in-flight' | 'finish';

/** How a group of calls is bounded and retried. */
export interface CallBudget {
  /** Epoch ms no attempt or wait may run past. */
  deadline: number;
  policy: RetryPolicy;
  onAbort: AbortMode;
  /** The message when no time is left for another attempt. */
  expired: () => string;
}

export interface CallEnvironment {
  clock: Clock;
  requestTimeoutMs: number;
  /** The run's signal: aborted when the workflow run is cancelled. */
  signal?: AbortSignal;
  /** Aborted ABORT_CANCEL_BUDGET_MS after `signal`: what bounds the calls that finish after a cancel. */
  grace?: AbortSignal;
  onRetry?: (error: ApiError, delayMs: number) => void;
}

/**
 * A signal that aborts `ms` after `signal` does, on real time: the requests it bounds are real
 * I/O. The timer does not keep the process alive.
 */
export function graceAfter(signal: AbortSignal | undefined, ms: number): AbortSignal | undefined {
  if (!signal) return undefined;
  const grace = new AbortController();
  const start = (): void => {
    const why = new AbortedError(`no time left ${formatDuration(ms)} after the workflow run's cancel`);
    setTimeout(() => grace.abort(why), ms).unref();
  };
  if (signal.aborted) start();
  else signal.addEventListener('abort', start, { once: true });
  return grace.signal;
}

/** Runs one API call with retries within `budget`, each attempt limited to the request timeout or the time left. */
export async function callWithin<T>(
  attempt: (context: CallContext) => Promise<T>,
  budget: CallBudget,
  { clock, requestTimeoutMs, signal, grace, onRetry }: CallEnvironment
): Promise<T> {
  const retriesAbort = budget.onAbort !== 'finish';
  const requestSignal = budget.onAbort === 'abandon' ? signal : grace;
  let lastFailure: ApiError | undefined;
  try {
    return await withRetries(
      async () => {
        if (retriesAbort) signal?.throwIfAborted();
        grace?.throwIfAborted();
        const left = budget.deadline - clock.now();
        if (left <= 0) throw new DeadlineError(budget.expired());
        try {
          return await attempt({ timeoutMs: Math.min(requestTimeoutMs, left), signal: requestSignal });
        } catch (error) {
          if (error instanceof ApiError) lastFailure = error;
          throw error;
        }
      },
      { clock, policy: budget.policy, deadline: budget.deadline, signal: retriesAbort ? signal : grace, onRetry }
    );
  } catch (error) {
    // The grace period ended in a wait between attempts: the last attempt's failure says why the call never went through.
    if (lastFailure && grace?.aborted && error === grace.reason) {
      throw new AbortedError(`${lastFailure.message}; ${errorText(error)}`);
    }
    throw error;
  }
}

/**
 * Runs a call within the budget a cancelled workflow run leaves: 5 s of the runner's grace period.
 * Used by the post step after a killed main step; the gate's own cancel on abort is bounded the
 * same way (abortCancelBudget and the grace signal).
 */
export function withinAbortBudget<T>(
  call: (context: CallContext) => Promise<T>,
  environment: Pick<CallEnvironment, 'clock' | 'requestTimeoutMs'>
): Promise<T> {
  return callWithin(call, abortCancelBudget(environment.clock), environment);
}

export function abortCancelBudget(clock: Clock): CallBudget {
  return {
    deadline: clock.now() + ABORT_CANCEL_BUDGET_MS,
    policy: RETRY_POLICIES.abortCancel,
    onAbort: 'finish',
    expired: () => `no time left to cancel within ${formatDuration(ABORT_CANCEL_BUDGET_MS)}`
  };
}
