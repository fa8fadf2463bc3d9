import { randomUUID } from 'node:crypto';
import { isFinished, type BuildBackend, type BuildView, type CallContext, type Result } from './build.js';
import type { Clock } from './clock.js';
import { formatDuration } from './duration.js';
import { ActionError, ApiError, DeadlineError } from './errors.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, withRetries, type RetryPolicy } from './retry.js';
import { forecastFrom, pollDelay } from './schedule.js';

export interface GateOptions {
  /** Attach to this build instead of triggering one. */
  buildId?: string;
  wait: boolean;
  timeoutMs: number;
  pollIntervalMs: number;
  cancelOnTimeout: boolean;
  /** When the run is aborted (workflow cancelled), cancel the build before stopping; undefined where the API cannot. */
  cancelOnAbort?: boolean;
  /** Limit for one HTTP attempt. */
  requestTimeoutMs: number;
  retryPolicy?: RetryPolicy;
}

export interface Logger {
  info(message: string): void;
  warning(message: string): void;
}

export interface GateDependencies {
  clock: Clock;
  log: Logger;
  /** Told as soon as the build exists, so its id can be saved before anything else can go wrong. */
  onBuildKnown?: (build: BuildView) => void;
  /** Aborted when the workflow run is cancelled; its reason is an AbortedError. */
  signal?: AbortSignal;
}

/** Everything the run learned, kept up to date as it goes so that outputs can be written on any path. */
export interface GateState {
  startedAt: number;
  build?: BuildView;
  result?: Result;
  /** Each status the build was seen in, with the time since the run started. */
  timeline: { elapsedMs: number; status: string }[];
  /** Extra outputs from the backend's follow-up (e.g. `active`). */
  extraOutputs: Record<string, string>;
}

export interface GateOutcome {
  result: Result;
  /** Whether the step passes. */
  passed: boolean;
  message: string;
}

/** A fresh state; `extraOutputNames` are the backend's own outputs, empty until known. */
export function newGateState(startedAt: number, extraOutputNames: readonly string[] = []): GateState {
  return { startedAt, timeline: [], extraOutputs: Object.fromEntries(extraOutputNames.map(name => [name, ''])) };
}

/** Short follow-up calls (cancel, after-success) get their own small budget, past the deadline if need be. */
const FOLLOW_UP_BUDGET_MS = 15_000;
const FOLLOW_UP_POLICY: RetryPolicy = { baseMs: 500, capMs: 4000, maxAttempts: 3 };
/** The runner sends SIGTERM 7.5 s after SIGINT and then kills: the cancel must be done well before. */
export const ABORT_CANCEL_BUDGET_MS = 5000;
export const ABORT_CANCEL_POLICY: RetryPolicy = { baseMs: 200, capMs: 1000, maxAttempts: 4 };
/** Consecutive failed status checks (or checks that do not find the build) before the step fails. */
const POLL_FAILURE_BUDGET = 5;
/** Within one status check, a failed request is retried soon rather than at the next poll. */
const POLL_RETRY_POLICY: RetryPolicy = { baseMs: 1000, capMs: 5000, maxAttempts: 3 };

/**
 * Triggers (or attaches to) a build, waits for its verdict and returns it. API errors that cannot
 * be waited out are thrown as ActionErrors; `state` holds what was learned either way.
 */
export async function runGate(
  backend: BuildBackend,
  options: GateOptions,
  deps: GateDependencies,
  state: GateState
): Promise<GateOutcome> {
  return new Gate(backend, options, deps, state).run();
}

class Gate {
  private readonly deadline: number;
  private readonly policy: RetryPolicy;
  private warnedUnknown = false;

  constructor(
    private readonly backend: BuildBackend,
    private readonly options: GateOptions,
    private readonly deps: GateDependencies,
    private readonly state: GateState
  ) {
    this.deadline = state.startedAt + options.timeoutMs;
    this.policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  }

  async run(): Promise<GateOutcome> {
    try {
      return await this.trackedRun();
    } catch (error) {
      if (this.deps.signal?.aborted) return this.aborted();
      if (error instanceof DeadlineError) this.state.result = 'timed_out';
      throw error;
    }
  }

  private async trackedRun(): Promise<GateOutcome> {
    const build = this.options.buildId ? await this.attach(this.options.buildId) : await this.trigger();
    this.observe(build);
    this.deps.onBuildKnown?.(build);
    // A cancel that came during the trigger is acted on now that the build's id is known.
    this.deps.signal?.throwIfAborted();
    if (!this.options.wait) return this.notWaiting(build);
    const finished = isFinished(build) ? build : await this.following(build, () => this.waitFor(build));
    if (!finished) return this.timedOut();
    return this.verdict(finished);
  }

  private get clock(): Clock {
    return this.deps.clock;
  }

  /**
   * Limits for one attempt: the request timeout, or less if the deadline is nearer. Requests are
   * abandoned when the run is aborted, except those that must finish (`abortable: false`).
   */
  private context(deadline = this.deadline, abortable = true): CallContext {
    const left = deadline - this.clock.now();
    if (left <= 0)
      throw new DeadlineError(
        `timed out after ${formatDuration(this.options.timeoutMs)} before the build could be ${this.state.build ? 'checked' : 'started'}`
      );
    return {
      timeoutMs: Math.min(this.options.requestTimeoutMs, left),
      signal: abortable ? this.deps.signal : undefined
    };
  }

  private retrying<T>(
    attempt: () => Promise<T>,
    deadline = this.deadline,
    policy = this.policy,
    abortable = true
  ): Promise<T> {
    return withRetries(attempt, {
      clock: this.clock,
      policy,
      deadline,
      signal: abortable ? this.deps.signal : undefined,
      onRetry: (error, delay) => this.deps.log.info(`${error.message}; retrying in ${formatDuration(delay)}`)
    });
  }

  private async attach(buildId: string): Promise<BuildView> {
    const build = await this.retrying(() => this.backend.fetch(buildId, this.context()));
    if (!build) {
      throw new ActionError(
        `Build ${buildId} was not found in the organization's builds. Check build_id and ${this.backend.orgInput}.`
      );
    }
    this.deps.log.info(`Attached to build ${buildId} (${build.status})`);
    return build;
  }

  /**
   * Creates exactly one build. A trigger that failed after it may have reached the server is not
   * simply sent again: the builds list is checked first, and a build it created is adopted.
   */
  private async trigger(): Promise<BuildView> {
    const sentAt = this.clock.now();
    const sinceTrigger = (): number => this.clock.now() - sentAt;
    const idempotencyKey = randomUUID();
    const build = await this.retrying(async () => {
      // The POST is not abandoned on abort: its answer carries the id of the build to cancel.
      this.deps.signal?.throwIfAborted();
      try {
        return await this.backend.trigger(this.context(this.deadline, false), idempotencyKey);
      } catch (error) {
        if (!(error instanceof ApiError && error.details.ambiguous)) throw error;
        const adopted = await this.reconcile(sinceTrigger, error);
        if (adopted) return adopted;
        throw error;
      }
    });
    this.deps.log.info(`Triggered build ${build.id} (${build.status})`);
    return build;
  }

  private async reconcile(sinceTrigger: () => number, cause: ApiError): Promise<BuildView | undefined> {
    let adopted: BuildView | undefined;
    try {
      // Not abandoned on abort either: only its answer says whether there is a build to cancel.
      adopted = await this.retrying(
        () => this.backend.findCreatedSince(sinceTrigger, this.context(this.deadline, false)),
        this.deadline,
        this.policy,
        false
      );
    } catch (error) {
      // Sending the trigger again now could start a second build: stop instead.
      throw new ActionError(
        `The trigger failed in a way that may still have created a build (${cause.message}), and there is no ` +
          `telling whether it did: ${error instanceof Error ? error.message : String(error)}. ` +
          "Not triggering again, to avoid a duplicate build; check the organization's builds and re-run."
      );
    }
    if (adopted) {
      this.deps.log.warning(
        `The trigger failed (${cause.message}) but build ${adopted.id} has appeared since; following that build instead of triggering another.`
      );
    }
    return adopted;
  }

  /** Says which build could not be followed when the API stops answering in a way worth waiting for. */
  private async following<T>(build: BuildView, wait: () => Promise<T>): Promise<T> {
    try {
      return await wait();
    } catch (error) {
      if (!(error instanceof ApiError) || this.deps.signal?.aborted) throw error;
      throw new ApiError(`Build ${build.id} was started but cannot be followed: ${error.message}`, error.details);
    }
  }

  /** Polls until the build finishes; undefined when the deadline comes first. */
  private async waitFor(build: BuildView): Promise<BuildView | undefined> {
    // The build's age on our clock: from when we triggered it, or the API's creation time.
    const bornAt = this.options.buildId ? (build.createdAt ?? this.clock.now()) : this.clock.now();
    const nextPollDelay = (): number =>
      pollDelay(
        this.clock.now() - bornAt,
        this.options.pollIntervalMs,
        forecastFrom(this.backend.recentDurationsMs?.() ?? []),
        this.clock.random
      );
    let failures = 0;
    let missing = 0;
    let delay = nextPollDelay();
    for (;;) {
      await this.sleepWithin(delay);
      if (this.clock.now() >= this.deadline) return undefined;
      delay = nextPollDelay();
      let current: BuildView | undefined;
      try {
        current = await this.retrying(
          () => this.backend.fetch(build.id, this.context()),
          this.deadline,
          POLL_RETRY_POLICY
        );
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
        this.deps.log.info(`Status check failed (${failures}/${POLL_FAILURE_BUDGET}): ${error.message}`);
        // A transient failure is retried sooner than the next poll when the backoff allows, but
        // never sooner than the server's Retry-After.
        const backoff = Math.min(
          backoffDelay(failures - 1, this.policy, this.clock.random),
          this.options.pollIntervalMs
        );
        delay = Math.max(backoff, error.details.retryAfterMs ?? 0);
        continue;
      }
      if (!current) {
        missing++;
        if (missing >= POLL_FAILURE_BUDGET) {
          throw new ActionError(
            `Build ${build.id} can no longer be found in the organization's builds (missing from ${missing} checks in a row).`
          );
        }
        this.deps.log.warning(
          `Build ${build.id} was not found in the organization's builds (${missing}/${POLL_FAILURE_BUDGET}); checking again.`
        );
        continue;
      }
      missing = 0;
      this.observe(current);
      if (isFinished(current)) return current;
    }
  }

  /** Sleeps, but not past the deadline (the loop then notices the deadline). */
  private async sleepWithin(ms: number): Promise<void> {
    await this.clock.sleep(Math.max(0, Math.min(ms, this.deadline - this.clock.now())), this.deps.signal);
  }

  /** Records a sighting of the build: a timeline entry and a log line when the status changes. */
  private observe(build: BuildView): void {
    const previous = this.state.build?.status;
    this.state.build = build;
    if (previous === build.status) return;
    const elapsedMs = this.clock.now() - this.state.startedAt;
    this.state.timeline.push({ elapsedMs, status: build.status });
    if (previous !== undefined) {
      this.deps.log.info(`Build ${build.id}: ${previous} → ${build.status} (${formatDuration(elapsedMs)} elapsed)`);
    }
    if (build.phase === 'unknown' && !this.warnedUnknown) {
      this.warnedUnknown = true;
      this.deps.log.warning(
        `Build ${build.id} has status "${build.status}", which this action does not know; treating it as not finished and waiting.`
      );
    }
  }

  private notWaiting(build: BuildView): GateOutcome | Promise<GateOutcome> {
    if (isFinished(build)) return this.verdict(build);
    this.state.result = 'triggered';
    return {
      result: 'triggered',
      passed: true,
      message: `Build ${build.id} is ${build.status}; not waiting for it (wait: false).`
    };
  }

  private async verdict(build: BuildView): Promise<GateOutcome> {
    const took = buildDuration(build);
    const after = took === undefined ? '' : ` after ${formatDuration(took)}`;
    switch (build.phase) {
      case 'success':
        this.state.result = 'success';
        await this.followUp(build);
        return { result: 'success', passed: true, message: `Build ${build.id} succeeded${after}.` };
      case 'cancelled':
        this.state.result = 'cancelled';
        return { result: 'cancelled', passed: false, message: `Build ${build.id} was cancelled${after}.` };
      default: {
        this.state.result = 'failure';
        const reason = build.errorMessage ? `: ${build.errorMessage}` : '';
        return {
          result: 'failure',
          passed: false,
          message: `Build ${build.id} failed${after} (status ${build.status})${reason}. See the build's logs in ${this.backend.product}.`
        };
      }
    }
  }

  private async followUp(build: BuildView): Promise<void> {
    const { afterSuccess } = this.backend;
    if (!afterSuccess) return;
    const deadline = this.clock.now() + FOLLOW_UP_BUDGET_MS;
    try {
      const outputs = await this.retrying(
        () => afterSuccess.call(this.backend, build, this.context(deadline)),
        deadline,
        FOLLOW_UP_POLICY
      );
      Object.assign(this.state.extraOutputs, outputs);
    } catch (error) {
      this.deps.log.warning(
        `The build succeeded, but the follow-up check failed: ${error instanceof Error ? error.message : String(error)}`
      );
    }
  }

  private async timedOut(): Promise<GateOutcome> {
    const build = this.state.build as BuildView;
    let cancelled = '';
    if (this.options.cancelOnTimeout) cancelled = await this.cancelAfterTimeout(build);
    this.state.result = 'timed_out';
    return {
      result: 'timed_out',
      passed: false,
      message: `timed out after ${formatDuration(this.options.timeoutMs)}; build ${build.id} is still ${build.status}${cancelled}`
    };
  }

  private async aborted(): Promise<GateOutcome> {
    const reason = this.deps.signal?.reason;
    const why = reason instanceof Error ? reason.message : 'The run was cancelled';
    const build = this.state.build;
    this.state.result = 'cancelled';
    if (!build) return { result: 'cancelled', passed: false, message: `${why} before a build was created.` };
    if (isFinished(build))
      return {
        result: 'cancelled',
        passed: false,
        message: `${why}; build ${build.id} had already finished (${build.status}).`
      };
    if (!this.options.cancelOnAbort) {
      const because =
        this.options.cancelOnAbort === undefined ? 'the API has no way to cancel builds' : 'cancel_on_abort is false';
      return {
        result: 'cancelled',
        passed: false,
        message: `${why}; build ${build.id} is left ${build.status} (${because}).`
      };
    }
    const cancel = await this.cancelBuild(build, ABORT_CANCEL_BUDGET_MS, ABORT_CANCEL_POLICY);
    return { result: 'cancelled', passed: false, message: `${why}; build ${build.id}: ${cancel}.` };
  }

  private async cancelAfterTimeout(build: BuildView): Promise<string> {
    return ` (cancel_on_timeout: ${await this.cancelBuild(build, FOLLOW_UP_BUDGET_MS, FOLLOW_UP_POLICY)})`;
  }

  /** Asks the API to cancel the build, within its own small budget; says how that went. */
  private async cancelBuild(build: BuildView, budgetMs: number, policy: RetryPolicy): Promise<string> {
    const deadline = this.clock.now() + budgetMs;
    try {
      const after = await this.retrying(
        () => this.backend.cancel(build.id, this.context(deadline, false)),
        deadline,
        policy,
        false
      );
      this.observe(after);
      return `cancel requested, the build is now ${after.status}`;
    } catch (error) {
      return `the cancel failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}

/** How long the build ran: from start (or creation) to completion, when both are known. */
export function buildDuration(build: BuildView): number | undefined {
  const from = build.startedAt ?? build.createdAt;
  if (from === undefined || build.completedAt === undefined) return undefined;
  return Math.max(0, build.completedAt - from);
}
