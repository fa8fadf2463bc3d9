import * as core from '@actions/core';
import { systemClock, type Clock } from './core/clock.js';
import { ActionError } from './core/errors.js';
import { newGateState, runGate, type GateOutcome } from './core/gate.js';
import { HttpTransport } from './core/http.js';
import { gateOutputs, gateSummary } from './core/report.js';
import { DevinBackend } from './devin/backend.js';
import { DevinClient } from './devin/client.js';
import { readDevinInputs } from './devin/inputs.js';
import { VERSION } from './version.js';

/** Limit for one HTTP attempt; the `timeout` input bounds the whole run. */
const REQUEST_TIMEOUT_MS = 30_000;

export interface RunOptions {
  clock?: Clock;
}

/**
 * The action: trigger (or attach to) a Devin snapshot build, wait for it, and pass or fail the
 * step with its verdict. The one place that calls core.setFailed; outputs and the job summary are
 * written on every path.
 */
export async function run({ clock = systemClock }: RunOptions = {}): Promise<void> {
  const state = newGateState(clock.now());
  // Masked before anything else can print it.
  const token = core.getInput('token');
  if (token) core.setSecret(token);
  let outcome: GateOutcome | undefined;
  let failure: string | undefined;
  try {
    const inputs = readDevinInputs(name => core.getInput(name));
    if (!inputs.token.startsWith('cog_')) {
      core.warning('The token does not start with cog_; the Devin v3 API expects a service-user credential.');
    }
    const transport = new HttpTransport({
      baseUrl: inputs.api_url,
      token: inputs.token,
      userAgent: `snapshot-build-action/${VERSION}`,
      debug: line => core.debug(line)
    });
    const backend = new DevinBackend(new DevinClient(transport, inputs.org_id));
    outcome = await runGate(
      backend,
      {
        buildId: inputs.build_id,
        wait: inputs.wait,
        timeoutMs: inputs.timeout,
        pollIntervalMs: inputs.poll_interval,
        cancelOnTimeout: inputs.cancel_on_timeout,
        requestTimeoutMs: REQUEST_TIMEOUT_MS
      },
      {
        clock,
        log: { info: line => core.info(line), warning: line => core.warning(line) },
        onBuildKnown: build => {
          core.setOutput('build_id', build.id);
          core.saveState('build_id', build.id);
        }
      },
      state
    );
    if (!outcome.passed) failure = outcome.message;
  } catch (error) {
    failure = error instanceof ActionError ? error.message : `Unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`;
  }
  if (token) failure = failure?.split(token).join('***');
  for (const [name, value] of Object.entries(gateOutputs(state))) core.setOutput(name, value);
  await writeSummary(gateSummary('Snapshot build', state, failure ?? outcome?.message));
  if (failure) core.setFailed(failure);
  else if (outcome) core.info(outcome.message);
}

async function writeSummary(markdown: string): Promise<void> {
  // Outside a runner (or in a step without a summary file) there is nowhere to write it.
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(markdown, true).write();
  } catch (error) {
    core.warning(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
  }
}
