import type { BuildBackend, BuildView, CallContext } from '../build.js';
import type { Clock } from '../clock.js';
import { formatDuration } from '../duration.js';
import type { GateInputs, InputSpelling } from '../inputs.js';
import type { LogDownload } from '../log-download.js';
import { RETRY_POLICIES, type RetryPolicy } from '../retry.js';
import {
  ABORT_CANCEL_BUDGET_MS,
  callWithin,
  FOLLOW_UP_BUDGET_MS,
  graceAfter,
  type AbortMode,
  type CallBudget,
  type CallEnvironment
} from './calls.js';
import type { BuildOrigin, GateState } from './state.js';

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

/** What the gate is given besides its API and its inputs. */
export interface GateDependencies {
  clock: Clock;
  log: Logger;
  /** Told as soon as the build is known, so its id can be saved before anything else can go wrong. */
  onBuildKnown?: (build: BuildView, origin: BuildOrigin) => void;
  /**
   * Told just before the first trigger attempt is sent, with the runner's time: saved, it lets a
   * post step say what appeared since a trigger whose answer the main step, killed, never heard.
   */
  onTriggerSending?: (sentAt: number) => void;
  /** Aborted when the workflow run is cancelled; its reason is an AbortedError. */
  signal?: AbortSignal;
  /** How the build's log is downloaded; without it, no log is fetched. */
  logs?: LogFetcher;
  /** How the run's messages name its inputs: as the input errors do (`wait: false`, `--no-wait`). */
  spelling: InputSpelling;
}

/**
 * One run of the gate, as every stage sees it: the API, the inputs, what the run is given, what it
 * has learned (`state`), and how its calls are bounded: up to the `timeout` deadline, or a budget
 * of their own after the verdict.
 */
export class GateRun {
  readonly deadline: number;
  private readonly calls: CallEnvironment;
  private warnedUnknown = false;

  constructor(
    readonly backend: BuildBackend,
    readonly inputs: GateInputs,
    readonly deps: GateDependencies,
    readonly state: GateState
  ) {
    this.deadline = state.runStartedAt + this.timeoutMs;
    this.calls = {
      clock: deps.clock,
      requestTimeoutMs: this.requestTimeoutMs,
      signal: deps.signal,
      grace: graceAfter(deps.signal, ABORT_CANCEL_BUDGET_MS),
      onRetry: (error, delay) => this.log.info(`${error.message}; retrying in ${formatDuration(delay)}`)
    };
  }

  /** The `timeout` input, in ms (the parsed inputs keep the inputs' names): the run's whole budget. */
  get timeoutMs(): number {
    return this.inputs.timeout;
  }

  /** The `poll_interval` input, in ms: the mean gap between status checks. */
  get pollIntervalMs(): number {
    return this.inputs.poll_interval;
  }

  /** The `request_timeout` input, in ms: how long one request may take. */
  get requestTimeoutMs(): number {
    return this.inputs.request_timeout;
  }

  get clock(): Clock {
    return this.deps.clock;
  }

  get log(): Logger {
    return this.deps.log;
  }

  get spelling(): InputSpelling {
    return this.deps.spelling;
  }

  get words(): BuildBackend['words'] {
    return this.backend.words;
  }

  /** Whether the workflow run has been cancelled. */
  get aborted(): boolean {
    return this.deps.signal?.aborted ?? false;
  }

  /** The run's own budget: up to the `timeout` deadline. */
  runBudget(policy: RetryPolicy = RETRY_POLICIES.request, onAbort: AbortMode = 'abandon'): CallBudget {
    return {
      deadline: this.deadline,
      policy,
      onAbort,
      expired: () =>
        `timed out after ${formatDuration(this.timeoutMs)} before the build could be ${this.state.build ? 'checked' : this.words.started}`
    };
  }

  /** A budget of its own from now on, for what comes after the verdict (past the deadline if need be). */
  followUpBudget(what: string, onAbort: AbortMode, budgetMs = FOLLOW_UP_BUDGET_MS): CallBudget {
    return {
      deadline: this.clock.now() + budgetMs,
      policy: RETRY_POLICIES.followUp,
      onAbort,
      expired: () => `no time left for ${what} within ${formatDuration(budgetMs)}`
    };
  }

  call<T>(attempt: (context: CallContext) => Promise<T>, budget: CallBudget): Promise<T> {
    return callWithin(attempt, budget, this.calls);
  }

  /** Sleeps, but not past the deadline (the caller then notices the deadline). */
  async sleepWithin(ms: number): Promise<void> {
    await this.clock.sleep(Math.max(0, Math.min(ms, this.deadline - this.clock.now())), this.deps.signal);
  }

  /**
   * Takes `build` as the one the run follows from now on: how the run came to it, its first
   * sighting, and onBuildKnown told at once, so that its id is saved before anything else can go wrong.
   */
  adopt(build: BuildView, origin: BuildOrigin): void {
    this.state.origin = origin;
    this.observe(build);
    this.deps.onBuildKnown?.(build, origin);
  }

  /** Records a sighting of the build: a timeline entry and a log line when the status changes. */
  observe(build: BuildView): void {
    const previous = this.state.build?.status;
    this.state.build = build;
    if (previous === build.status) return;
    const elapsedMs = this.clock.now() - this.state.runStartedAt;
    this.state.timeline.push({ elapsedMs, status: build.status });
    if (previous !== undefined) {
      this.log.info(`Build ${build.id}: ${previous} → ${build.status} (${formatDuration(elapsedMs)} elapsed)`);
    }
    if (build.phase === 'unknown' && !this.warnedUnknown) {
      this.warnedUnknown = true;
      this.log.warning(
        `Build ${build.id} has status "${build.status}", which this action does not know; treating it as not finished and waiting.`
      );
    }
  }

  /** Whether this run may cancel or pin its build: only one it knows it started or was given. */
  get ownsBuild(): boolean {
    return this.state.origin === 'created' || this.state.origin === 'attached';
  }

  /** How the run came to follow a build it does not own, as the reason it leaves that build alone. */
  get howFollowed(): string {
    return this.state.origin === 'followed'
      ? 'superseded the build this run started'
      : `was found after the ${this.words.start}'s answer was lost`;
  }
}
