/** The build's verdict once it has finished. */
export type Verdict = 'success' | 'failure' | 'cancelled';

/** Where a build stands: still going, finished with a verdict, or in a status we do not know. */
export type Phase = 'in_progress' | Verdict | 'unknown';

/** What the action reports as `result`. */
export type Result = Verdict | 'timed_out' | 'triggered';

/** An API's build, in the terms the gate works with. Times are epoch milliseconds. */
export interface BuildView {
  id: string;
  /** The status as the API wrote it. */
  status: string;
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
   * After a trigger that may or may not have created a build: the build it created, if any.
   * `sinceTrigger()` is how long ago the first trigger attempt was sent, read when it is needed.
   */
  findCreatedSince(sinceTrigger: () => number, context: CallContext): Promise<BuildView | undefined>;
  /** The build's current state; undefined if the API does not know it. */
  fetch(buildId: string, context: CallContext): Promise<BuildView | undefined>;
  /** Asks the API to stop the build; absent where the API has no way to. */
  cancel?(buildId: string, context: CallContext): Promise<BuildView>;
  /** How long the org's recent builds took, creation to completion, from what the API has shown. */
  recentDurationsMs?(): number[];
  /** Whatever the API does after a successful build; returns extra outputs. Never fails the step. */
  afterSuccess?(build: BuildView, context: CallContext): Promise<Record<string, string>>;
}

/** Whether the build has a verdict. A status we do not know is never one. */
export function isFinished(build: BuildView): boolean {
  return build.phase !== 'in_progress' && build.phase !== 'unknown';
}
