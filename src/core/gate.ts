import { randomUUID } from 'node:crypto';
import {
  isFinished,
  type BuildBackend,
  type BuildView,
  type CallContext,
  type Result,
  type TriggerTime
} from './build.js';
import type { Clock } from './clock.js';
import { formatDuration } from './duration.js';
import { AbortedError, ActionError, ApiError, DeadlineError, errorText } from './errors.js';
import { backoffDelay, RETRY_POLICIES, withRetries, type RetryPolicy } from './retry.js';
import { LOG_FILE_MAX_BYTES, type LogDownload } from './log-download.js';
import { pollDelay } from './schedule.js';

export interface GateOptions {
  /** Attach to this build instead of triggering one. */
  buildId?: string;
  wait: boolean;
  timeoutMs: number;
  pollIntervalMs: number;
  cancelOnTimeout: boolean;
  /** When the run is aborted (workflow cancelled), cancel the build before stopping. */
  cancelOnAbort: boolean;
  /** Limit for one HTTP attempt. */
  requestTimeoutMs: number;
  /** After a success, pin the org to the build (where the API can). */
  pin: boolean;
  /** When to fetch and show the build's log (where the API has one). */
  showLogs: ShowLogs;
  /** How many of the log's last lines to show. */
  logLines: number;
}

export type ShowLogs = 'on_failure' | 'always' | 'never';

/** Downloads a build's log from the URL its API gives (masking the URL once checked); see log-download.ts. */
export interface LogFetcher {
  download(url: string, options: { lines: number; timeoutMs: number; signal?: AbortSignal }): Promise<LogDownload>;
}

export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  /** Lines in a collapsed group of the step log, none of them read as a runner command. */
  group(title: string, lines: readonly string[]): void;
}

/**
 * How the run knows the build it follows: `created`, named by the answer to this run's trigger;
 * `attached`, named by the build_id input; `found`, seen in the list after a trigger whose answer
 * was lost. A found build is followed for its verdict but is never cancelled or pinned: another
 * run with the same credentials could have made it, and nothing in the list tells them apart.
 */
export type BuildOrigin = 'created' | 'attached' | 'found';

export interface GateDependencies {
  clock: Clock;
  log: Logger;
  /** Told as soon as the build is known, so its id can be saved before anything else can go wrong. */
  onBuildKnown?: (build: BuildView, origin: BuildOrigin) => void;
  /**
   * Told just before the first trigger attempt is sent, with the runner's time: saved, it lets a
   * post step find and cancel a build whose trigger the main step, killed, never heard back from.
   */
  onTriggerSending?: (sentAt: number) => void;
  /** Aborted when the workflow run is cancelled; its reason is an AbortedError. */
  signal?: AbortSignal;
  /** How the build's log is downloaded; without it, no log is fetched. */
  logs?: LogFetcher;
}

/** Everything the run learned, kept up to date as it goes so that outputs can be written on any path. */
export interface GateState {
  /** When this run started, on the run's clock (not when the build did). */
  runStartedAt: number;
  build?: BuildView;
  /** How the run knows `build`. */
  origin?: BuildOrigin;
  result?: Result;
  /** Each status the build was seen in, with the time since the run started. */
  timeline: { elapsedMs: number; status: string }[];
  /** The backend's own outputs as its follow-up after a success set them (e.g. `active`); '' until then. */
  followUpOutputs: Record<string, string>;
  /** A trigger was sent and no answer named its build: one may exist that the run cannot name. */
  triggerUnanswered: boolean;
  /** After a success with `pin: true`: whether the build was pinned, or why not. */
  pin?: { pinned: boolean; error?: string };
  /** The org is pinned to another build than this successful one (new sessions keep using that one). */
  pinnedElsewhere?: string;
  /** The end of the build's log, when it was asked for: sanitized lines, or why there is none. */
  log?: BuildLog;
}

/** What the run got of the build's log. */
export interface BuildLog {
  /** The last lines, each already through the sanitizing boundary (src/core/untrusted.ts). */
  tail: string[];
  /** Where the whole log was written on the runner; undefined when nothing was downloaded. */
  path?: string;
  /** The download stopped at the size cap. */
  truncated?: boolean;
  /** Why there is no log, in the API's words (sanitized), e.g. "the logs endpoint answered 404". */
  unavailable?: string;
}

export interface GateOutcome {
  result: Result;
  /** Whether the step passes. */
  passed: boolean;
  message: string;
}

/** A fresh state; `backendOutputNames` are the backend's own outputs, empty until known. */
export function newGateState(runStartedAt: number, backendOutputNames: readonly string[] = []): GateState {
  return {
    runStartedAt,
    triggerUnanswered: false,
    timeline: [],
    followUpOutputs: Object.fromEntries(backendOutputNames.map(name => [name, '']))
  };
}

/** Short follow-up calls (cancel on timeout, pin, after-success) get their own budget, past the deadline if need be. */
const FOLLOW_UP_BUDGET_MS = 15_000;
/** Asking for the log's URL and downloading it, after the verdict (and after any cancel): at most this long. */
export const LOG_BUDGET_MS = 20_000;
/** The runner sends SIGTERM 7.5 s after SIGINT and then kills: the cancel must be done well before. */
const ABORT_CANCEL_BUDGET_MS = 5000;
/** Consecutive failed status checks (or checks that do not find the build) before the step fails. */
const POLL_FAILURE_BUDGET = 5;
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

/**
 * What a cancelled run does with a group of calls: `abandon` them at once; `finish-in-flight`: no new
 * attempt, but a request already sent may be answered (a trigger's answer names the build to
 * cancel); `finish`: carry on (the calls that find or cancel that build). Whatever the mode, from
 * the first signal no request outlives the abort budget (see graceAfter).
 */
type AbortMode = 'abandon' | 'finish-in-flight' | 'finish';

/** How a group of calls is bounded and retried. */
interface CallBudget {
  /** Epoch ms no attempt or wait may run past. */
  deadline: number;
  policy: RetryPolicy;
  onAbort: AbortMode;
  /** The message when no time is left for another attempt. */
  expired: () => string;
}

interface CallEnvironment {
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
function graceAfter(signal: AbortSignal | undefined, ms: number): AbortSignal | undefined {
  if (!signal) return undefined;
  const grace = new AbortController();
  const start = (): void => {
    const why = new AbortedError(`no answer within ${formatDuration(ms)} of the workflow run's cancel`);
    setTimeout(() => grace.abort(why), ms).unref();
  };
  if (signal.aborted) start();
  else signal.addEventListener('abort', start, { once: true });
  return grace.signal;
}

/** Runs one API call with retries within `budget`, each attempt limited to the request timeout or the time left. */
function callWithin<T>(
  attempt: (context: CallContext) => Promise<T>,
  budget: CallBudget,
  { clock, requestTimeoutMs, signal, grace, onRetry }: CallEnvironment
): Promise<T> {
  const retriesAbort = budget.onAbort !== 'finish';
  const requestSignal = budget.onAbort === 'abandon' ? signal : grace;
  return withRetries(
    () => {
      if (retriesAbort) signal?.throwIfAborted();
      grace?.throwIfAborted();
      const left = budget.deadline - clock.now();
      if (left <= 0) throw new DeadlineError(budget.expired());
      return attempt({ timeoutMs: Math.min(requestTimeoutMs, left), signal: requestSignal });
    },
    { clock, policy: budget.policy, deadline: budget.deadline, signal: retriesAbort ? signal : grace, onRetry }
  );
}

/**
 * Runs a call (a cancel, or the reconcile before it) within the budget a cancelled workflow run
 * leaves: 5 s of the runner's grace period. Used by the post step after a killed main step; the
 * gate's own cancel on abort is bounded the same way (abortCancelBudget and the grace signal).
 */
export function withinAbortBudget<T>(
  call: (context: CallContext) => Promise<T>,
  environment: Pick<CallEnvironment, 'clock' | 'requestTimeoutMs'>
): Promise<T> {
  return callWithin(call, abortCancelBudget(environment.clock), environment);
}

function abortCancelBudget(clock: Clock): CallBudget {
  return {
    deadline: clock.now() + ABORT_CANCEL_BUDGET_MS,
    policy: RETRY_POLICIES.abortCancel,
    onAbort: 'finish',
    expired: () => `no time left to cancel within ${formatDuration(ABORT_CANCEL_BUDGET_MS)}`
  };
}

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
  private readonly calls: CallEnvironment;
  private warnedUnknown = false;

  constructor(
    private readonly backend: BuildBackend,
    private readonly options: GateOptions,
    private readonly deps: GateDependencies,
    private readonly state: GateState
  ) {
    this.deadline = state.runStartedAt + options.timeoutMs;
    this.calls = {
      clock: deps.clock,
      requestTimeoutMs: options.requestTimeoutMs,
      signal: deps.signal,
      grace: graceAfter(deps.signal, ABORT_CANCEL_BUDGET_MS),
      onRetry: (error, delay) => this.deps.log.info(`${error.message}; retrying in ${formatDuration(delay)}`)
    };
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
    const { build, origin } = this.options.buildId
      ? { build: await this.attach(this.options.buildId), origin: 'attached' as const }
      : await this.trigger();
    this.state.origin = origin;
    this.observe(build);
    this.deps.onBuildKnown?.(build, origin);
    // A cancel that came during the trigger is acted on now that the build's id is known.
    this.deps.signal?.throwIfAborted();
    if (!this.options.wait) return this.notWaiting(build);
    let finished: BuildView | undefined = build;
    if (!isFinished(build)) {
      try {
        finished = await this.waitFor(build);
      } catch (error) {
        throw this.cannotFollow(build, error);
      }
    }
    const outcome = finished ? await this.verdict(finished) : await this.timedOut();
    await this.showLog(outcome.result);
    return outcome;
  }

  private get clock(): Clock {
    return this.deps.clock;
  }

  private get words(): BuildBackend['words'] {
    return this.backend.words;
  }

  /** The run's own budget: up to the `timeout` deadline. */
  private runBudget(policy: RetryPolicy = RETRY_POLICIES.request, onAbort: AbortMode = 'abandon'): CallBudget {
    return {
      deadline: this.deadline,
      policy,
      onAbort,
      expired: () =>
        `timed out after ${formatDuration(this.options.timeoutMs)} before the build could be ${this.state.build ? 'checked' : this.words.started}`
    };
  }

  /** A budget of its own from now on, for what comes after the verdict (past the deadline if need be). */
  private followUpBudget(what: string, onAbort: AbortMode, budgetMs = FOLLOW_UP_BUDGET_MS): CallBudget {
    return {
      deadline: this.clock.now() + budgetMs,
      policy: RETRY_POLICIES.followUp,
      onAbort,
      expired: () => `no time left for ${what} within ${formatDuration(budgetMs)}`
    };
  }

  private call<T>(attempt: (context: CallContext) => Promise<T>, budget: CallBudget): Promise<T> {
    return callWithin(attempt, budget, this.calls);
  }

  private async attach(buildId: string): Promise<BuildView> {
    const build = await this.call(context => this.backend.fetch(buildId, context), this.runBudget());
    if (!build) {
      throw new ActionError(
        `Build ${buildId} was not found in the organization's builds. Check build_id and ${this.backend.orgInput}.`
      );
    }
    this.deps.log.info(`Attached to build ${buildId} (${build.status})`);
    return build;
  }

  /**
   * Creates exactly one build. A refusal that proves nothing was made (429, 503, a refused
   * connection) is sent again with the same key. After a failure that may have been carried out
   * (a timeout, 500, 502, 504, a reset after sending, an unreadable success), the list is watched
   * for a settle window (`settle`): a build that appears is followed as found; only when none has
   * appeared by the window's end is the trigger sent again, with the same key.
   */
  private async trigger(): Promise<{ build: BuildView; origin: 'created' | 'found' }> {
    const sentAt = this.clock.now();
    const triggerTime = { sentAt, now: () => this.clock.now() };
    const idempotencyKey = randomUUID();
    this.deps.onTriggerSending?.(sentAt);
    this.state.triggerUnanswered = true;
    let lastAmbiguous: ApiError | undefined;
    try {
      const answer = await this.call(
        async context => {
          try {
            return { build: await this.backend.trigger(context, idempotencyKey), origin: 'created' as const };
          } catch (error) {
            if (!(error instanceof ApiError && error.details.ambiguous)) {
              // A refusal proves nothing was made; an ambiguous failure keeps the flag.
              if (!this.deps.signal?.aborted && !lastAmbiguous) this.state.triggerUnanswered = false;
              throw error;
            }
            lastAmbiguous = error;
            const found = await this.settle(triggerTime, error);
            if (found) return { build: found, origin: 'found' as const };
            throw error;
          }
        },
        this.runBudget(RETRY_POLICIES.request, 'finish-in-flight')
      );
      this.state.triggerUnanswered = false;
      if (answer.origin === 'created') {
        this.deps.log.info(`${capitalize(this.words.started)} build ${answer.build.id} (${answer.build.status})`);
      }
      return answer;
    } catch (error) {
      // After an ambiguous attempt, whatever stops the trigger leaves a build that may exist.
      const retriesEnded = error instanceof ApiError || error instanceof DeadlineError;
      if (lastAmbiguous && retriesEnded && !this.deps.signal?.aborted) {
        throw this.mayExist(lastAmbiguous, `the last attempt ended with: ${error.message}`);
      }
      throw error;
    }
  }

  /**
   * Watches the list after an ambiguous trigger, with reads SETTLE_GAPS apart over the settle window
   * (the first at once, the last at its end), for the build the trigger may have made. Returns it, or undefined when
   * none has appeared by the end. Stops with an error that says a build may exist when the run's
   * timeout comes first, when the list cannot be read at the end, or when the evidence cannot tell
   * (two candidates, clocks that disagree).
   */
  private async settle(trigger: TriggerTime, cause: ApiError): Promise<BuildView | undefined> {
    const windowMs = settleWindowMs(this.options.requestTimeoutMs);
    const end = this.clock.now() + windowMs;
    this.deps.log.info(
      `The ${this.words.start} failed in a way that may still create a build (${cause.message}); ` +
        `watching the organization's builds for ${formatDuration(windowMs)} before ${this.words.starting} again.`
    );
    for (;;) {
      const readAt = this.clock.now();
      if (readAt >= this.deadline) {
        throw this.mayExist(
          cause,
          `none had appeared when the run's timeout (${formatDuration(this.options.timeoutMs)}) came`
        );
      }
      let found: BuildView | undefined;
      let unreadable: ApiError | undefined;
      try {
        found = await this.call(
          context => this.backend.findCreatedSince(trigger, context),
          this.runBudget(RETRY_POLICIES.request)
        );
      } catch (error) {
        if (this.deps.signal?.aborted) throw error;
        if (!(error instanceof ApiError && error.details.retryable)) throw this.mayExist(cause, errorText(error));
        unreadable = error;
      }
      if (found) {
        this.deps.log.warning(
          `The ${this.words.start} failed (${cause.message}) but build ${found.id} has appeared since; following it ` +
            `for its verdict instead of ${this.words.starting} another. It is reported as found, not as this run's: ` +
            'another run with the same credentials could have made it, so this run never cancels or pins it.'
        );
        return found;
      }
      if (readAt >= end) {
        if (unreadable) throw this.mayExist(cause, errorText(unreadable));
        return undefined;
      }
      await this.sleepWithin(Math.min(windowMs / SETTLE_GAPS, end - this.clock.now()));
    }
  }

  /** The error when a trigger may have made a build that cannot be named: never sent again. */
  private mayExist(cause: ApiError, why: string): ActionError {
    const { start, starting } = this.words;
    return new ActionError(
      `The ${start} failed in a way that may still have created a build (${cause.message}), and there is no ` +
        `telling whether it did: ${why}. Not ${starting} again, to avoid a duplicate build; a build may exist: ` +
        "check the organization's builds before re-running."
    );
  }

  /** Says which build could not be followed when the API stops answering in a way worth waiting for. */
  private cannotFollow(build: BuildView, error: unknown): unknown {
    if (!(error instanceof ApiError) || this.deps.signal?.aborted) return error;
    return new ApiError(`Build ${build.id} was started but cannot be followed: ${error.message}`, error.details);
  }

  /** Polls until the build finishes; undefined when the deadline comes first. */
  private async waitFor(build: BuildView): Promise<BuildView | undefined> {
    const nextPollDelay = (): number => pollDelay(this.options.pollIntervalMs, this.clock.random);
    let failures = 0;
    let missing = 0;
    let everFound = false;
    let delay = nextPollDelay();
    for (;;) {
      await this.sleepWithin(delay);
      if (this.clock.now() >= this.deadline) return undefined;
      delay = nextPollDelay();
      let current: BuildView | undefined;
      try {
        current = await this.call(
          context => this.backend.fetch(build.id, context),
          this.runBudget(RETRY_POLICIES.statusCheck)
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
          backoffDelay(failures - 1, RETRY_POLICIES.request, this.clock.random),
          this.options.pollIntervalMs
        );
        delay = Math.max(backoff, error.details.retryAfterMs ?? 0);
        continue;
      }
      if (!current) {
        missing++;
        if (missing >= POLL_FAILURE_BUDGET) {
          throw new ActionError(
            !everFound && this.backend.neverFound
              ? this.backend.neverFound(build.id)
              : `Build ${build.id} can no longer be found in the organization's builds (missing from ${missing} checks in a row).`
          );
        }
        this.deps.log.warning(
          `Build ${build.id} was not found in the organization's builds (${missing}/${POLL_FAILURE_BUDGET}); checking again.`
        );
        continue;
      }
      missing = 0;
      everFound = true;
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
    const elapsedMs = this.clock.now() - this.state.runStartedAt;
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
      case 'success': {
        this.state.result = 'success';
        const notPinned = await this.pinIfAsked(build);
        await this.followUp(build);
        if (notPinned) {
          return {
            result: 'success',
            passed: false,
            message: `Build ${build.id} succeeded${after}, but was not pinned: ${notPinned}`
          };
        }
        return { result: 'success', passed: true, message: `Build ${build.id} succeeded${after}.` };
      }
      case 'cancelled':
        this.state.result = 'cancelled';
        return { result: 'cancelled', passed: false, message: `Build ${build.id} was cancelled${after}.` };
      case 'unknown':
        this.state.result = 'failure';
        return {
          result: 'failure',
          passed: false,
          message:
            `Build ${build.id} ended${after} with status "${build.status}", which this action does not know; ` +
            `failing rather than passing on it. See the build in ${this.backend.product}.`
        };
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

  /** Pins the build when asked; says why not when the pin fails, undefined otherwise. */
  private async pinIfAsked(build: BuildView): Promise<string | undefined> {
    const { pin } = this.backend;
    if (!this.options.pin || !pin) return undefined;
    if (this.state.origin === 'found') {
      const why =
        `build ${build.id} was found after the ${this.words.start}'s answer was lost, and this run pins only a ` +
        'build it knows it started (another run may have made this one); pin it by hand if it is the one';
      this.state.pin = { pinned: false, error: why };
      this.setOwnOutput('pinned', 'false');
      return why;
    }
    try {
      await this.call(context => pin.call(this.backend, build.id, context), this.followUpBudget('the pin', 'abandon'));
      this.state.pin = { pinned: true };
      this.setOwnOutput('pinned', 'true');
      this.deps.log.info(`Pinned build ${build.id}: new sessions use it until it is unpinned.`);
      return undefined;
    } catch (error) {
      const why = errorText(error);
      this.state.pin = { pinned: false, error: why };
      this.setOwnOutput('pinned', 'false');
      return why;
    }
  }

  /** Sets one of the backend's own outputs, when the action has it. */
  private setOwnOutput(name: string, value: string): void {
    if (name in this.state.followUpOutputs) this.state.followUpOutputs[name] = value;
  }

  private async followUp(build: BuildView): Promise<void> {
    const { afterSuccess } = this.backend;
    if (!afterSuccess) return;
    try {
      const { outputs, pinnedElsewhere } = await this.call(
        context => afterSuccess.call(this.backend, build, context),
        this.followUpBudget('the follow-up check', 'abandon')
      );
      Object.assign(this.state.followUpOutputs, outputs);
      if (pinnedElsewhere && !this.state.pin?.pinned) {
        this.state.pinnedElsewhere = pinnedElsewhere;
        this.deps.log.warning(
          `The organization is pinned to build ${pinnedElsewhere}: new sessions keep using it, not build ${build.id}. ` +
            'Set pin: true to pin each build that succeeds.'
        );
      }
    } catch (error) {
      this.deps.log.warning(`The build succeeded, but the follow-up check failed: ${errorText(error)}`);
    }
  }

  /**
   * Fetches the build's log when the verdict calls for it (a failure, a cancelled or timed-out
   * build; any verdict with show_logs: always), after any cancel and within LOG_BUDGET_MS. The
   * log never changes the verdict: when there is none, one line says what the API answered.
   */
  private async showLog(result: Result): Promise<void> {
    const { logUrl } = this.backend;
    const build = this.state.build;
    const { showLogs, logLines } = this.options;
    const wanted = showLogs === 'always' || (showLogs === 'on_failure' && result !== 'success');
    if (!wanted || !logUrl || !this.deps.logs || !build || this.deps.signal?.aborted) return;
    const logs = this.deps.logs;
    const budget = this.followUpBudget('the log', 'abandon', LOG_BUDGET_MS);
    try {
      const url = await this.call(context => logUrl.call(this.backend, build.id, context), budget);
      const log = await logs.download(url, {
        lines: logLines,
        timeoutMs: Math.max(1, budget.deadline - this.clock.now()),
        signal: this.deps.signal
      });
      this.state.log = log;
      this.setOwnOutput('log_path', log.path);
      const cut = log.truncated ? `; the file keeps the first ${LOG_FILE_MAX_BYTES / 1024 / 1024} MB` : '';
      if (logLines > 0) {
        this.deps.log.group(`Build log (last ${logLines} lines)${cut}`, log.tail);
      }
    } catch (error) {
      const why = errorText(error);
      this.state.log = { tail: [], unavailable: why };
      this.deps.log.info(`No build log: ${why}`);
    }
  }

  private async timedOut(): Promise<GateOutcome> {
    const build = this.state.build as BuildView;
    let cancelled = '';
    if (this.options.cancelOnTimeout) {
      const cancel =
        this.state.origin === 'found'
          ? this.notOurs()
          : await this.cancelBuild(build, this.followUpBudget('the cancel', 'finish'));
      cancelled = ` (cancel_on_timeout: ${cancel})`;
    }
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
    if (!build && this.state.triggerUnanswered) {
      return {
        result: 'cancelled',
        passed: false,
        message:
          `${why} while the ${this.words.start} was unanswered: a build may have been created, which this run ` +
          "cannot name and so does not cancel. Check the organization's builds."
      };
    }
    if (!build) return { result: 'cancelled', passed: false, message: `${why} before a build was created.` };
    if (isFinished(build)) {
      return {
        result: 'cancelled',
        passed: false,
        message: `${why}; build ${build.id} had already finished (${build.status}).`
      };
    }
    if (!this.backend.cancel || !this.options.cancelOnAbort || this.state.origin === 'found') {
      const because = !this.backend.cancel
        ? 'the API has no way to cancel builds'
        : this.state.origin === 'found'
          ? this.notOurs()
          : 'cancel_on_abort is false';
      return {
        result: 'cancelled',
        passed: false,
        message: `${why}; build ${build.id} is left ${build.status} (${because}).`
      };
    }
    const cancel = await this.cancelBuild(build, abortCancelBudget(this.clock));
    return { result: 'cancelled', passed: false, message: `${why}; build ${build.id}: ${cancel}.` };
  }

  /** Asks the API to cancel the build within `budget`; says how that went. */
  private async cancelBuild(build: BuildView, budget: CallBudget): Promise<string> {
    const { cancel } = this.backend;
    if (!cancel) return 'the API has no way to cancel builds';
    try {
      const after = await this.call(context => cancel.call(this.backend, build.id, context), budget);
      this.observe(after);
      return `cancel requested, the build is now ${after.status}`;
    } catch (error) {
      return `the cancel failed: ${errorText(error)}`;
    }
  }

  /** Why a found build is left alone. */
  private notOurs(): string {
    return `not cancelled: it was found after the ${this.words.start}'s answer was lost, and this run cancels only a build it knows it started`;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How long the build ran: from start (or creation) to completion, when both are known. */
export function buildDuration(build: BuildView): number | undefined {
  const from = build.startedAt ?? build.createdAt;
  if (from === undefined || build.completedAt === undefined) return undefined;
  return Math.max(0, build.completedAt - from);
}
