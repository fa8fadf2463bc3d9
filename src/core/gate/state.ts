import type { BuildView, Prepared, Result } from '../build.js';

/**
 * How the run knows the build it follows: `created`, named by the answer to this run's trigger;
 * `attached`, named by the build_id input; `found`, seen in the list after a trigger whose answer
 * was lost; `followed`, the newer build that superseded the run's own. A found or followed build
 * is followed for its verdict but is never cancelled or pinned: another run, or the org itself,
 * made it (or may have: nothing in the list tells runs with the same credentials apart).
 */
export type BuildOrigin = 'created' | 'attached' | 'found' | 'followed';

/** Everything the run learned, kept up to date as it goes so that outputs can be written on any path. */
export interface GateState {
  /** When this run started, on the run's clock (not when the build did). */
  runStartedAt: number;
  build?: BuildView;
  /** How the run knows `build`. */
  origin?: BuildOrigin;
  /** What the run did to the org's blueprints before the build (sync, upload). */
  prepared?: Prepared;
  /** The builds the one whose verdict gates the step superseded, oldest first: this run's own first. */
  superseded: string[];
  result?: Result;
  /** Each status the build was seen in, with the time since the run started. */
  timeline: { elapsedMs: number; status: string }[];
  /** The backend's own outputs, as its after-success check answered them (e.g. `active`). */
  afterSuccessOutputs: Record<string, string>;
  /** A trigger was sent and no answer named its build: one may exist that the run cannot name. */
  triggerUnanswered: boolean;
  /** A cancel of the run's own build (on timeout, or on a cancelled workflow run) failed: the build may still be going. */
  cancelFailed?: boolean;
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

/** The verdict the step is given. */
export interface GateOutcome {
  result: Result;
  /** Whether the step passes. */
  passed: boolean;
  message: string;
}

export function newGateState(runStartedAt: number): GateState {
  return { runStartedAt, triggerUnanswered: false, timeline: [], afterSuccessOutputs: {}, superseded: [] };
}
