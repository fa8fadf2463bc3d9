// Before the build: what the backend does to the org's blueprints (sync, upload), and the run that
// stops there (build: false).
import type { Prepared } from '../build.js';
import { errorText } from '../errors.js';
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
  return { result: prepared.result, passed: true, message: 'No build was triggered (build: false).' };
}

/**
 * After the build: when the blueprint it was to carry changed meanwhile (someone else's upload or
 * edit), its verdict is about other contents, and the run says so instead of passing or failing on it.
 * When the blueprint cannot be read again, what the verdict is about cannot be told either.
 */
export async function inconclusive(run: GateRun, outcome: GateOutcome): Promise<GateOutcome> {
  const recheck = run.state.prepared?.recheck;
  if (!recheck || (outcome.result !== 'success' && outcome.result !== 'failure')) return outcome;
  let why: string;
  try {
    const changed = await recheck(attempt => run.call(attempt, run.followUpBudget('the blueprint check', 'abandon')));
    if (!changed) return outcome;
    why = `${changed}, so the verdict is about other contents than this run uploaded`;
  } catch (error) {
    if (run.aborted) throw error;
    why =
      `the blueprint could not be read again after the build (${errorText(error)}), so whether the verdict is ` +
      'about the contents this run uploaded cannot be told';
  }
  run.state.result = 'inconclusive';
  return { result: 'inconclusive', passed: false, message: `Inconclusive: ${outcome.message} But ${why}.` };
}
