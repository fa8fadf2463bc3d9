// A build's course in time: what it is asked to do (its plan), when it starts and completes (its
// timeline), and its status at any instant, which follows from these so that tests never sleep.

export type DevinBuildStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type DevinBuildTrigger = 'manual' | 'auto';

export const BUILD_STATUSES: readonly DevinBuildStatus[] = ['pending', 'running', 'succeeded', 'failed', 'cancelled'];

export interface BuildPlan {
  outcome: 'succeeded' | 'failed' | 'cancelled';
  /**
   * Time in `pending` after creation; under the org's rules (orgRules), the least time: the build
   * waits longer while another runs (org-rules.ts).
   */
  pendingMs: number;
  /** Then time in `running` before `outcome`. */
  runningMs: number;
}

export const DEFAULT_BUILD_PLAN: Readonly<BuildPlan> = { outcome: 'succeeded', pendingMs: 200, runningMs: 500 };

export type TerminalStatus = BuildPlan['outcome'];

/** When a build starts and completes; its status at any instant follows from these. */
export interface Timeline {
  createdAt: number;
  /** null: never starts (pending until it completes, or forever). */
  startsAt: number | null;
  /** null: never completes on its own. */
  completesAt: number | null;
  outcome: TerminalStatus;
}

interface BuildState {
  status: DevinBuildStatus;
  startedAt: number | null;
  completedAt: number | null;
  updatedAt: number;
}

export function stateAt(timeline: Timeline, now: number): BuildState {
  const { createdAt, startsAt, completesAt, outcome } = timeline;
  if (completesAt !== null && now >= completesAt) {
    const startedAt = startsAt !== null && startsAt <= completesAt ? startsAt : null;
    return { status: outcome, startedAt, completedAt: completesAt, updatedAt: completesAt };
  }
  if (startsAt !== null && now >= startsAt) {
    return { status: 'running', startedAt: startsAt, completedAt: null, updatedAt: startsAt };
  }
  return { status: 'pending', startedAt: null, completedAt: null, updatedAt: createdAt };
}
