// Before the build: what the backend does to the org's blueprints (sync, upload), and the run that
// stops there (build: false).
import type { Prepared } from '../build.js';
import { RETRY_POLICIES } from '../retry.js';
import type { GateRun } from './gate-run.js';
import type { GateOutcome } from './state.js';

/** Syncs or uploads the blueprints when the inputs ask; each call with the gate's retries, within `timeout`. */
export async function prepare(run: GateRun): Promise<Prepared | undefined> {
  const { backend } = run;
  if (!backend.prepare) return undefined;
  const prepared = await backend.prepare(
    attempt => run.call(attempt, run.runBudget(RETRY_POLICIES.request)),
    line => run.log.info(line)
  );
  run.state.prepared = prepared;
  if (prepared) run.log.info(prepared.summary);
  return prepared;
}

/** build: false: the step passes on what was prepared (`prepare` logged it once), and no build is made. */
export function preparedOnly(run: GateRun, prepared: Prepared): GateOutcome {
  run.state.result = prepared.result;
  return {
    result: prepared.result,
    passed: true,
    message: `No build was triggered (${run.spelling.setting('build', 'false')}).`
  };
}
