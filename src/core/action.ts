import * as core from '@actions/core';
import type { BuildBackend, CallContext } from './build.js';
import { systemClock, type Clock } from './clock.js';
import { AbortedError, ActionError } from './errors.js';
import { ABORT_CANCEL_BUDGET_MS, ABORT_CANCEL_POLICY, newGateState, runGate, type GateOutcome } from './gate.js';
import { HttpTransport, redactSecret } from './http.js';
import type { InputReader } from './inputs.js';
import { gateOutputs, gateSummary } from './report.js';
import { withRetries } from './retry.js';
import { VERSION } from '../version.js';

/** The inputs the shared run needs from every build action. */
export interface GateInputs {
  token: string;
  api_url: string;
  timeout: number;
  poll_interval: number;
  request_timeout: number;
  wait: boolean;
  build_id?: string;
  /** Absent where the API has no way to stop a build. */
  cancel_on_timeout?: boolean;
  cancel_on_abort?: boolean;
}

/** What makes one build action: its inputs and its API. Everything else is shared. */
export interface ActionDefinition<Inputs extends GateInputs> {
  /** Heading of the job summary. */
  title: string;
  /** Outputs this action sets beyond the common ones. */
  extraOutputs: readonly string[];
  /** Reads and validates every input; throws an InputError naming each bad one. */
  readInputs(read: InputReader): Inputs;
  /** Warnings about inputs that are valid but probably not what the user meant. */
  warnings?(inputs: Inputs): string[];
  backend(inputs: Inputs, transport: HttpTransport): BuildBackend;
}

/** Saved once the main step has had its say, so that the post step knows it was not killed. */
const MAIN_FINISHED_STATE = 'main_finished';

export interface RunOptions {
  clock?: Clock;
}

/**
 * A build action's main step: trigger (or attach to) a build, wait for it, and pass or fail the
 * step with its verdict. The one place that calls core.setFailed; outputs and the job summary are
 * written on every path, including a cancelled workflow run (SIGINT/SIGTERM from the runner).
 */
export async function runBuildAction<Inputs extends GateInputs>(
  definition: ActionDefinition<Inputs>,
  { clock = systemClock }: RunOptions = {}
): Promise<void> {
  const state = newGateState(clock.now(), definition.extraOutputs);
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
    const inputs = definition.readInputs(name => core.getInput(name));
    for (const warning of definition.warnings?.(inputs) ?? []) core.warning(warning);
    outcome = await runGate(
      definition.backend(inputs, transportFor(inputs)),
      {
        buildId: inputs.build_id,
        wait: inputs.wait,
        timeoutMs: inputs.timeout,
        pollIntervalMs: inputs.poll_interval,
        cancelOnTimeout: inputs.cancel_on_timeout ?? false,
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
  if (failure) failure = redactSecret(failure, token);
  for (const [name, value] of Object.entries(gateOutputs(state))) core.setOutput(name, value);
  core.saveState(MAIN_FINISHED_STATE, 'true');
  await writeSummary(gateSummary(definition.title, state, failure ?? outcome?.message));
  if (failure) core.setFailed(failure);
  else if (outcome) core.info(outcome.message);
}

/**
 * A build action's post step (`post-if: cancelled()`): if the main step was killed before it
 * could cancel its build, cancel it now. It never fails the job; the run is already cancelled.
 */
export async function runBuildPost<Inputs extends GateInputs>(
  definition: ActionDefinition<Inputs>,
  { clock = systemClock }: RunOptions = {}
): Promise<void> {
  const buildId = core.getState('build_id');
  if (!buildId || core.getState(MAIN_FINISHED_STATE)) return;
  const token = maskToken();
  try {
    const inputs = definition.readInputs(name => core.getInput(name));
    if (!inputs.cancel_on_abort) {
      core.info(`Build ${buildId} is left running: cancel_on_abort is false.`);
      return;
    }
    const backend = definition.backend(inputs, transportFor(inputs));
    // The post step's cancel must fit in the runner's grace period too.
    const deadline = clock.now() + ABORT_CANCEL_BUDGET_MS;
    const context = (): CallContext => ({
      timeoutMs: Math.max(1, Math.min(inputs.request_timeout, deadline - clock.now()))
    });
    const after = await withRetries(() => backend.cancel(buildId, context()), {
      clock,
      deadline,
      policy: ABORT_CANCEL_POLICY
    });
    core.info(`The main step was stopped before it finished; cancelled build ${buildId} (now ${after.status}).`);
  } catch (error) {
    const message = describeError(error);
    core.warning(`Could not cancel build ${buildId}: ${redactSecret(message, token)}`);
  }
}

/** Reads the token and masks it before anything else can print it. */
function maskToken(): string {
  const token = core.getInput('token');
  if (token) core.setSecret(token);
  return token;
}

function transportFor(inputs: GateInputs): HttpTransport {
  return new HttpTransport({
    baseUrl: inputs.api_url,
    token: inputs.token,
    userAgent: `snapshot-build-action/${VERSION}`,
    debug: line => core.debug(line)
  });
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
