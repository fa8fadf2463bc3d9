// The wait's sequel under the org's one-build rule: a build that another trigger superseded is not
// the end of the story; the build that superseded it carries the same or newer blueprints.
import type { BuildView, CallContext, Successors } from '../build.js';
import { formatDuration } from '../duration.js';
import { ActionError, DeadlineError } from '../errors.js';
import type { CallBudget } from './calls.js';
import type { GateRun } from './gate-run.js';
import { waitFor } from './wait.js';

/**
 * How long the list is watched for the successor of a build cancelled while queued (or of one
 * whose successor the evidence cannot place yet) before it is taken as cancelled by hand: a list
 * may show a new build late.
 */
export const SUCCESSOR_WATCH_MS = 10_000;
/** The gaps between reads of the list in that watch (one read at once, one after each gap). */
const SUCCESSOR_WATCH_GAPS = 2;
/**
 * The most supersedes the run follows in a row; past it, it stops with an error. It bounds the
 * chain, and so the `superseded_build_ids` output (see outputs.ts).
 */
export const SUPERSEDE_CHAIN_MAX = 100;

/**
 * When `finished` ended cancelled without this run cancelling it and a newer build superseded it,
 * follows that one (and the one that superseded it, and so on, SUPERSEDE_CHAIN_MAX at most) and
 * returns the build whose verdict gates the step; undefined when the deadline comes first. After an
 * upload a superseding build may carry another candidate, so the run stops instead. Followed builds
 * are never cancelled or pinned.
 */
export async function followSuperseding(run: GateRun, finished: BuildView): Promise<BuildView | undefined> {
  let current: BuildView | undefined = finished;
  while (current && current.phase === 'cancelled' && run.backend.supersededBy) {
    const superseded: BuildView = current;
    const newer = await successor(run, superseded);
    if (newer === 'deadline') return undefined;
    if (!newer) return superseded;
    if (run.state.prepared && !run.state.prepared.followSuperseding) {
      throw new ActionError(
        `Build ${superseded.id} was superseded by build ${newer.id}, which may carry another run's blueprint rather than ` +
          'the one this run uploaded, so its verdict is not followed. Run the uploads to one organization one at a time ' +
          '(a concurrency group per organization), and re-run.'
      );
    }
    if (run.state.superseded.length >= SUPERSEDE_CHAIN_MAX) {
      throw new ActionError(
        `Build ${superseded.id} was superseded by build ${newer.id}: ${SUPERSEDE_CHAIN_MAX} supersedes in a row since this ` +
          "run's build, and the run follows no more. Other triggers keep replacing the queued build; run the builds of one " +
          'organization one at a time (a concurrency group per organization), and re-run.'
      );
    }
    run.state.superseded.push(superseded.id);
    run.log.warning(
      `Build ${superseded.id} was superseded by build ${newer.id}; the verdict is about build ${newer.id}'s blueprints. ` +
        'This run did not start that build, so it never cancels or pins it.'
    );
    run.adopt(newer, 'followed');
    current = await waitFor(run, newer);
  }
  return current;
}

/**
 * The build that superseded `build`, or undefined when none did. A build cancelled while queued
 * (no start time: superseded, or cancelled by hand) is not taken as cancelled by hand at one look:
 * the list is watched for SUCCESSOR_WATCH_MS, within the timeout (`deadline` when it comes first).
 * Builds the evidence cannot place stop the run when the watch does not settle them.
 */
async function successor(run: GateRun, build: BuildView): Promise<BuildView | undefined | 'deadline'> {
  let found = await look(run, build, run.followUpBudget('looking for a newer build', 'abandon'));
  if (found.newer) return found.newer;
  if (build.startedAt === undefined || found.undecided.length > 0) {
    const end = run.clock.now() + SUCCESSOR_WATCH_MS;
    run.log.info(
      `Build ${build.id} was cancelled${build.startedAt === undefined ? ' before it started' : ''}; watching the ` +
        `organization's builds for ${formatDuration(SUCCESSOR_WATCH_MS)} for a build that superseded it.`
    );
    while (run.clock.now() < end) {
      await run.sleepWithin(Math.min(SUCCESSOR_WATCH_MS / SUCCESSOR_WATCH_GAPS, end - run.clock.now()));
      if (run.clock.now() >= run.deadline) return 'deadline';
      try {
        found = await look(run, build, run.runBudget());
      } catch (error) {
        if (error instanceof DeadlineError) return 'deadline';
        throw error;
      }
      if (found.newer) return found.newer;
    }
  }
  if (found.undecided.length > 0) throw undecided(build, found.undecided);
  return undefined;
}

function look(run: GateRun, build: BuildView, budget: CallBudget): Promise<Successors> {
  const { backend } = run;
  const supersededBy = backend.supersededBy as NonNullable<typeof backend.supersededBy>;
  return run.call((context: CallContext) => supersededBy.call(backend, build, context), budget);
}

/** Builds that may have superseded `build`, or may be older: neither its cancel nor their verdict is reported. */
function undecided(build: BuildView, ids: string[]): ActionError {
  const named = ids.slice(0, 5).join(', ') + (ids.length > 5 ? ` and ${ids.length - 5} more` : '');
  const them =
    ids.length === 1 ? `build ${named}, created in the same second,` : `builds ${named}, created in the same second,`;
  return new ActionError(
    `Build ${build.id} was cancelled, and ${them} may have superseded it or may be older: the API's timestamps (whole ` +
      `seconds) and what this run saw of the list cannot tell. Neither build ${build.id}'s cancel nor another build's ` +
      "verdict is reported; check the organization's builds, and re-run."
  );
}
