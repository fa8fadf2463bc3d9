import type { Clock } from './clock.js';
import { formatDuration } from './duration.js';
import { ApiError, DeadlineError } from './errors.js';

export interface RetryPolicy {
  /** Backoff base and cap for full jitter: random(0, min(cap, base * 2^n)). */
  baseMs: number;
  capMs: number;
  /** Attempts in a row (the first included) before giving up. */
  maxAttempts: number;
}

/** Every retry policy the gate uses, in one place. */
export const RETRY_POLICIES = {
  /** A trigger, an attach, a reconcile: worth waiting for, within the run's deadline. */
  request: { baseMs: 1000, capMs: 30_000, maxAttempts: 5 },
  /** Within one status check, a failed request is retried soon rather than at the next poll. */
  statusCheck: { baseMs: 1000, capMs: 5000, maxAttempts: 3 },
  /** Short follow-up calls after the verdict (cancel on timeout, after-success). */
  followUp: { baseMs: 500, capMs: 4000, maxAttempts: 3 },
  /**
   * The cancel after the workflow run is cancelled (main step, then post step): its 5 s budget, which
   * fits the runner's grace period, ends it rather than a count, so that a short outage is ridden out.
   */
  abortCancel: { baseMs: 200, capMs: 1000, maxAttempts: Infinity }
} as const satisfies Record<string, RetryPolicy>;

/** Full-jitter backoff before retry number `retry` (0 for the first retry). */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  return random() * Math.min(policy.capMs, policy.baseMs * 2 ** retry);
}

/**
 * Parses a Retry-After header, either delay-seconds or an HTTP date, into milliseconds from `now`.
 * Invalid or negative values give undefined: they are ignored rather than trusted.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * A throttled retry spreads 2^3 = 8 times wider than other retries: a 429 usually means many
 * clients at once, and a wide spread is what lets them through with few further 429s (BENCHMARKS.md).
 */
const THROTTLED_SPREAD_STEPS = 3;

/**
 * The wait before the next attempt after `error`: the backoff, but never less than the server's
 * Retry-After. When throttled, the backoff comes on top of Retry-After instead: clients told the
 * same Retry-After would otherwise all come back at the same instant and be throttled again.
 * Undefined when the error is not worth retrying.
 */
export function retryDelay(
  error: unknown,
  retry: number,
  policy: RetryPolicy,
  random: () => number
): number | undefined {
  if (!(error instanceof ApiError) || !error.details.retryable) return undefined;
  const backoff = backoffDelay(error.details.throttled ? retry + THROTTLED_SPREAD_STEPS : retry, policy, random);
  const retryAfter = error.details.retryAfterMs ?? 0;
  return error.details.throttled ? retryAfter + backoff : Math.max(backoff, retryAfter);
}

export interface RetryOptions {
  clock: Clock;
  policy: RetryPolicy;
  /** Epoch ms no attempt or wait may run past. */
  deadline: number;
  signal?: AbortSignal;
  /** Told of each failed attempt that will be retried, with the wait before the next. */
  onRetry?: (error: ApiError, delayMs: number) => void;
}

/**
 * Runs `attempt` until it succeeds, fails in a way not worth retrying, exhausts the policy's
 * attempts, or the deadline comes. Throttled attempts do not use up the policy's attempts: only the
 * deadline bounds them. A wait the server asks for (Retry-After) is honoured up to the deadline:
 * when the next attempt would come after it, this waits until the deadline and only then gives
 * up, so that nothing but the deadline times a run out. The error thrown is the last one, its
 * message saying how many attempts were made when more than one.
 */
export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { clock, policy } = options;
  let failures = 0;
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt();
    } catch (error) {
      const delay = retryDelay(error, attemptNumber - 1, policy, clock.random);
      if (delay === undefined) throw error;
      const apiError = error as ApiError;
      if (!apiError.details.throttled) failures++;
      if (failures >= policy.maxAttempts) throw exhausted(apiError, attemptNumber);
      const untilDeadline = options.deadline - clock.now();
      if (delay >= untilDeadline) {
        await clock.sleep(Math.max(0, untilDeadline), options.signal);
        const attempts = `${attemptNumber} attempt${attemptNumber > 1 ? 's' : ''}`;
        throw new DeadlineError(
          `${apiError.message} (gave up after ${attempts}: the timeout came before the next retry, due in ${formatDuration(delay)})`
        );
      }
      options.onRetry?.(apiError, delay);
      await clock.sleep(delay, options.signal);
    }
  }
}

function exhausted(error: ApiError, attempts: number): ApiError {
  // Still marked retryable: a caller with a longer view (the wait loop) may try again later.
  return new ApiError(`${error.message} (gave up after ${attempts} attempts)`, error.details);
}
