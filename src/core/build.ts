import { ApiError } from './errors.js';
import { serverText } from './untrusted.js';

/** The build's verdict once it has finished. */
export type Verdict = 'success' | 'failure' | 'cancelled';

/** Where a build stands: still going, finished with a verdict, or in a status we do not know. */
export type Phase = 'in_progress' | Verdict | 'unknown';

/** What the action reports as `result`. */
/**
 * What the action reports as `result`: a build's verdict; `timed_out`; `triggered` (wait: false);
 * `synced` or `uploaded` (build: false, nothing built); `inconclusive` (the build ended, but the
 * blueprint it was to carry changed meanwhile, so its verdict is about other contents).
 */
export type Result = Verdict | 'timed_out' | 'triggered' | PreparedResult | 'inconclusive';

/** What preparing the org's blueprints did, as `result` says it when no build follows. */
export type PreparedResult = 'synced' | 'uploaded';

/** How a backend's preparing step runs one API call: with the gate's retries, within its budget. */
export type PrepareCall = <T>(attempt: (context: CallContext) => Promise<T>) => Promise<T>;

/** What a backend did to the org's blueprints before the build. */
export interface Prepared {
  result: PreparedResult;
  /** One sentence for the step log and the summary, e.g. "Synced acme/app's blueprint into org-x." */
  summary: string;
  /**
   * Whether a newer build that superseded this run's may be followed for the verdict: yes when it
   * carries the same or newer blueprints (a sync, a plain build), no after an upload (the newer
   * build may carry another run's candidate).
   */
  followSuperseding: boolean;
  /** After the build: why its verdict is not about the prepared contents (they changed meanwhile), if so. */
  recheck?(call: PrepareCall): Promise<string | undefined>;
}

/** An API's build, in the terms the gate works with. Times are epoch milliseconds. */
export interface BuildView {
  id: string;
  /** The status as the API wrote it, through the sanitizing boundary (see `statusOf`). */
  status: string;
  /** The API's status was not one plain line, so `status` is its cleaned form: shown, but no output's value. */
  statusCleaned?: true;
  phase: Phase;
  trigger?: string | null;
  createdAt?: number;
  startedAt?: number;
  completedAt?: number;
  /** Why the build failed, where the API says. */
  errorMessage?: string;
  /** The backend's own outputs as this sighting shows them; what its follow-up after a success returns wins. */
  outputs?: Record<string, string>;
}

/** Per-call limits that the gate hands to each API call. */
export interface CallContext {
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * The API-specific half of the gate: how to start, find, cancel and follow up on a build.
 * Methods make one attempt; the gate owns retries, deadlines and the verdict.
 */
export interface BuildBackend {
  /** The product whose web app shows the build's logs, for messages, e.g. "Devin". */
  readonly product: string;
  /** The input naming the organization, for messages, e.g. "org_id". */
  readonly orgInput: string;
  /** How the API's docs name making a build, for messages: trigger/triggered/triggering, or create/created/creating. */
  readonly words: { start: string; started: string; starting: string };
  /** Creates a build. The key is the same on every retry of one trigger. */
  trigger(context: CallContext, idempotencyKey: string): Promise<BuildView>;
  /**
   * After a trigger that may or may not have created a build, one look at the list: the build
   * that appeared since the trigger, or undefined when none has yet. Throws an ActionError, naming
   * what it saw, when the evidence cannot tell (no way to list, clocks that disagree, more than
   * one candidate).
   */
  findCreatedSince(trigger: TriggerTime, context: CallContext): Promise<BuildView | undefined>;
  /** The build's current state; undefined if the API does not know it. */
  fetch(buildId: string, context: CallContext): Promise<BuildView | undefined>;
  /**
   * Why a build is missing from every check since it was created, when the backend can say more
   * than "not found" (e.g. an endpoint the deployment may not offer).
   */
  neverFound?(buildId: string): string;
  /** Asks the API to stop the build; absent where the API has no way to. */
  cancel?(buildId: string, context: CallContext): Promise<BuildView>;
  /** Whatever the API does after a successful build; returns extra outputs. Never fails the step. */
  afterSuccess?(build: BuildView, context: CallContext): Promise<FollowUp>;
  /** Pins the org to the build, so that new sessions use it; absent where the API cannot. */
  pin?(buildId: string, context: CallContext): Promise<BuildView>;
  /** Where to download the build's log (a credential while it lives); absent where the API has no logs. */
  logUrl?(buildId: string, context: CallContext): Promise<string>;
  /** Syncs or uploads blueprints before the build, through `call`; undefined when the inputs ask for neither. */
  prepare?(call: PrepareCall, log: (line: string) => void): Promise<Prepared | undefined>;
  /**
   * After `build` ended cancelled without this run cancelling it: the build that superseded it, the
   * newest created after it that is not cancelled, if any (the org runs one build at a time, and a
   * new trigger cancels the queued one); and the builds the evidence cannot place before or after
   * it. Throws an ActionError when the list cannot be read far enough to tell. Absent where the API
   * has no such rule.
   */
  supersededBy?(build: BuildView, context: CallContext): Promise<Successors>;
}

/** What one look at the list found of the builds that may have superseded a build. */
export interface Successors {
  /** The newest build known to be newer than it and not cancelled. */
  newer?: BuildView;
  /** When no build is known to be newer: the ids of those that may be, or not (e.g. of the same second). */
  undecided: string[];
}

/** What a backend learned after a success. */
export interface FollowUp {
  /** The backend's own outputs, e.g. `active`. */
  outputs: Record<string, string>;
  /** The build the org is pinned to, when it is another one: new sessions keep using that. */
  pinnedElsewhere?: string;
}

/** When the first attempt of a trigger was sent, on the runner's clock, and that clock. */
export interface TriggerTime {
  sentAt: number;
  now: () => number;
}

/**
 * Whether the build has ended. A status we do not know is not a verdict, but with a completion
 * time it is evidence that the build ended: the gate fails it rather than wait out the timeout.
 */
export function isFinished(build: BuildView): boolean {
  if (build.phase === 'unknown') return build.completedAt !== undefined;
  return build.phase !== 'in_progress';
}

/**
 * `answer`, when it is the build asked about; otherwise a clear error: an answer about another build
 * (a read by id, a cancel, a pin) is never taken for the one asked about. `what` names the call,
 * `api` starts the message, e.g. "The Devin API".
 */
export function sameBuild(asked: string, answer: BuildView, what: string, api: string): BuildView {
  if (answer.id === asked) return answer;
  throw new ApiError(
    `${api} answered ${what} of build ${asked} with another build (${answer.id}); ` +
      `an answer about another build is not taken for build ${asked}`,
    { retryable: false }
  );
}

/** A status from the server as a BuildView holds it: cleaned for display, and marked when cleaning changed it. */
export function statusOf(raw: string): Pick<BuildView, 'status' | 'statusCleaned'> {
  const status = serverText(raw);
  return status === raw ? { status } : { status, statusCleaned: true };
}
