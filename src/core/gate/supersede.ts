// The wait's sequel under the org's one-build rule: a build that another trigger superseded is not
// the end of the story; the build that superseded it carries the same or newer blueprints.
import type { BuildView } from '../build.js';
import { ActionError } from '../errors.js';
import type { GateRun } from './gate-run.js';
import { waitFor } from './wait.js';

/**
 * When `finished` ended cancelled without this run cancelling it and a newer build superseded it,
 * follows that one (and the one that superseded it, and so on) and returns the build whose verdict
 * gates the step; undefined when the deadline comes first. After an upload a superseding build may
 * carry another candidate, so the run stops instead. Followed builds are never cancelled or pinned.
 */
export async function followSuperseding(run: GateRun, finished: BuildView): Promise<BuildView | undefined> {
  const { backend } = run;
  const supersededBy = backend.supersededBy;
  let current: BuildView | undefined = finished;
  while (current && current.phase === 'cancelled' && supersededBy) {
    const superseded: BuildView = current;
    const newer = await run.call(
      context => supersededBy.call(backend, superseded, context),
      run.followUpBudget('looking for a newer build', 'abandon')
    );
    if (!newer) return superseded;
    if (run.state.prepared && !run.state.prepared.followSuperseding) {
      throw new ActionError(
        `Build ${superseded.id} was superseded by build ${newer.id}, which may carry another run's blueprint rather than ` +
          'the one this run uploaded, so its verdict is not followed. Run the uploads to one organization one at a time ' +
          '(a concurrency group per organization), and re-run.'
      );
    }
    run.state.superseded.push(superseded.id);
    run.state.origin = 'followed';
    run.log.warning(
      `Build ${superseded.id} was superseded by build ${newer.id}; the verdict is about build ${newer.id}'s blueprints. ` +
        'This run did not start that build, so it never cancels or pins it.'
    );
    run.observe(newer);
    run.deps.onBuildKnown?.(newer, 'followed');
    current = await waitFor(run, newer);
  }
  return current;
}
