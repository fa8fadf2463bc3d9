import * as core from '@actions/core';
import type { CallContext } from './core/build.js';
import { systemClock, type Clock } from './core/clock.js';
import { AbortedError, ActionError } from './core/errors.js';
import { newGateState, runGate, type GateOutcome } from './core/gate.js';
import { HttpTransport } from './core/http.js';
import { gateOutputs, gateSummary } from './core/report.js';
import { withRetries } from './core/retry.js';
import { DEVIN_EXTRA_OUTPUTS, DevinBackend } from './devin/backend.js';
import { DevinClient } from './devin/client.js';
import { readDevinInputs, type DevinInputs } from './devin/inputs.js';
import { VERSION } from './version.js';

/** Saved once the main step has had its say, so that the post step knows it was not killed. */
const MAIN_FINISHED_STATE = 'main_finished';
/** The post step's cancel must fit in the runner's grace period too. */
const POST_CANCEL_BUDGET_MS = 5000;

export interface RunOptions {
  clock?: Clock;
}

/**
 * The action: trigger (or attach to) a Devin snapshot build, wait for it, and pass or fail the
 * step with its verdict. The one place that calls core.setFailed; outputs and the job summary are
 * written on every path, including a cancelled workflow run (SIGINT/SIGTERM from the runner).
 */
export async function run({ clock = systemClock }: RunOptions = {}): Promise<void> {
  const state = newGateState(clock.now(), DEVIN_EXTRA_OUTPUTS);
  const token = maskToken();
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (abort.signal.aborted) return;
    core.info(`Received ${signal}: the workflow run is being cancelled.`);
    abort.abort(new AbortedError(`The workflow run was cancelled (${signal})`));
  };
  // Installed before any request, so that a build triggered from here on can be cancelled.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let outcome: GateOutcome | undefined;
  let failure: string | undefined;
  try {
    const inputs = readDevinInputs(name => core.getInput(name));
    if (!inputs.token.startsWith('cog_')) {
      core.warning('The token does not start with cog_; the Devin v3 API expects a service-user credential.');
    }
    outcome = await runGate(
      devinBackend(inputs),
      {
        buildId: inputs.build_id,
        wait: inputs.wait,
        timeoutMs: inputs.timeout,
        pollIntervalMs: inputs.poll_interval,
        cancelOnTimeout: inputs.cancel_on_timeout,
        cancelOnAbort: inputs.cancel_on_abort,
        requestTimeoutMs: inputs.request_timeout
      },
      {
        clock,
        log: { info: line => core.info(line), warning: line => core.warning(line) },
        onBuildKnown: build => {
          core.setOutput('build_id', build.id);
          core.saveState('build_id', build.id);
        },
        signal: abort.signal
      },
      state
    );
    if (!outcome.passed) failure = outcome.message;
  } catch (error) {
    failure = describeError(error);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (token) failure = failure?.split(token).join('***');
  for (const [name, value] of Object.entries(gateOutputs(state))) core.setOutput(name, value);
  core.saveState(MAIN_FINISHED_STATE, 'true');
  await writeSummary(gateSummary('Snapshot build', state, failure ?? outcome?.message));
  if (failure) core.setFailed(failure);
  else if (outcome) core.info(outcome.message);
}

/**
 * The post step (`post-if: cancelled()`): if the main step was killed before it could cancel its
 * build, cancel it now. It never fails the job; the run is already cancelled.
 */
export async function runPost({ clock = systemClock }: RunOptions = {}): Promise<void> {
  const buildId = core.getState('build_id');
  if (!buildId || core.getState(MAIN_FINISHED_STATE)) return;
  const token = maskToken();
  try {
    const inputs = readDevinInputs(name => core.getInput(name));
    if (!inputs.cancel_on_abort) {
      core.info(`Build ${buildId} is left running: cancel_on_abort is false.`);
      return;
    }
    const backend = devinBackend(inputs);
    const deadline = clock.now() + POST_CANCEL_BUDGET_MS;
    const context = (): CallContext => ({ timeoutMs: Math.max(1, Math.min(inputs.request_timeout, deadline - clock.now())) });
    const after = await withRetries(() => backend.cancel(buildId, context()), {
      clock,
      deadline,
      policy: { baseMs: 200, capMs: 1000, maxAttempts: 4 }
    });
    core.info(`The main step was stopped before it finished; cancelled build ${buildId} (now ${after.status}).`);
  } catch (error) {
    const message = describeError(error);
    core.warning(`Could not cancel build ${buildId}: ${token ? message.split(token).join('***') : message}`);
  }
}

/** Reads the token and masks it before anything else can print it. */
function maskToken(): string {
  const token = core.getInput('token');
  if (token) core.setSecret(token);
  return token;
}

function devinBackend(inputs: DevinInputs): DevinBackend {
  const transport = new HttpTransport({
    baseUrl: inputs.api_url,
    token: inputs.token,
    userAgent: `snapshot-build-action/${VERSION}`,
    debug: line => core.debug(line)
  });
  return new DevinBackend(new DevinClient(transport, inputs.org_id));
}

function describeError(error: unknown): string {
  if (error instanceof ActionError) return error.message;
  return `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
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
