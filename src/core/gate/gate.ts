// The gate, as its stages in order: prepare the blueprints (sync, upload), start a build (trigger,
// or attach), wait for it (and for the builds that supersede it), give the verdict, then the
// follow-ups. Each stage is a module of its own; GateRun (gate-run.ts) is what they share.
import { isFinished, type BuildBackend } from '../build.js';
import { DeadlineError } from '../errors.js';
import type { GateInputs } from '../inputs.js';
import { afterSuccess, pointToLog, showLog } from './follow-ups.js';
import { GateRun, type GateDependencies } from './gate-run.js';
import { prepare, preparedOnly } from './prepare.js';
import { startBuild } from './start.js';
import { followSuperseding } from './supersede.js';
import type { GateOutcome, GateState } from './state.js';
import { aborted, inconclusive, notWaiting, timedOut, verdict } from './verdict.js';
import { waitFor } from './wait.js';

/**
 * Triggers (or attaches to) a build, waits for its verdict and returns it. API errors that cannot
 * be waited out are thrown as ActionErrors; `state` holds what was learned either way.
 */
export async function runGate(
  backend: BuildBackend,
  inputs: GateInputs,
  deps: GateDependencies,
  state: GateState
): Promise<GateOutcome> {
  const run = new GateRun(backend, inputs, deps, state);
  try {
    return await stages(run);
  } catch (error) {
    if (run.aborted) return aborted(run);
    if (error instanceof DeadlineError) state.result = 'timed_out';
    throw error;
  }
}

async function stages(run: GateRun): Promise<GateOutcome> {
  const prepared = await prepare(run);
  if (prepared && run.inputs.build === false) return preparedOnly(run, prepared);
  const { build, origin } = await startBuild(run);
  run.adopt(build, origin);
  // A cancel that came during the trigger is acted on now that the build's id is known.
  run.deps.signal?.throwIfAborted();
  if (!run.inputs.wait && !isFinished(build)) return notWaiting(run, build);
  const waited = await waitFor(run, build);
  const finished = waited && (await followSuperseding(run, waited));
  let outcome = finished ? await inconclusive(run, verdict(run, finished)) : await timedOut(run);
  if (finished && outcome.result === 'success') outcome = await afterSuccess(run, finished, outcome);
  // With wait: false the step ends at once: no log.
  if (run.inputs.wait) await showLog(run, outcome.result);
  return pointToLog(run, outcome);
}
