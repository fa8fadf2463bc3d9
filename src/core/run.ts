import packageJson from '../../package.json' with { type: 'json' };
import type { BuildBackend } from './build.js';
import type { Clock } from './clock.js';
import { formatDuration } from './duration.js';
import { ActionError } from './errors.js';
import { withinAbortBudget, newGateState, type ShowLogs, runGate, type GateOutcome, type Logger } from './gate.js';
import { HttpTransport, redactSecret } from './http.js';
import { downloadLog } from './log-download.js';
import { tmpdir } from 'node:os';
import type { InputReader } from './inputs.js';
import { gateOutputs, gateSummary } from './report.js';

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
  /** Absent where the API has no logs, or no pin. */
  show_logs?: ShowLogs;
  log_lines?: number;
  pin?: boolean;
}

/** What makes one build action: its inputs and its API. Everything else is shared. */
export interface ActionDefinition<Inputs extends GateInputs> {
  /** What the job summary calls the build, e.g. "Snapshot build". */
  title: string;
  /** Names of the outputs the backend sets beyond the common ones, in action.yml order. */
  backendOutputNames: readonly string[];
  /** Reads and validates every input; throws an InputError naming each bad one. */
  readInputs(read: InputReader): Inputs;
  /** Warnings about inputs that are valid but probably not what the user meant. */
  warnings?(inputs: Inputs): string[];
  /** The API behind the gate; `env` is the runner's environment (GITHUB_REPOSITORY, ...). */
  backend(inputs: Inputs, transport: HttpTransport, env: RunEnvironment): BuildBackend;
}

export type RunEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * Everything a run touches outside itself. The action passes the runner's protocol, the process's
 * signals and the system clock; tests, the bench and the reliability matrix pass their own.
 */
export interface RunIO {
  input: InputReader;
  setOutput(name: string, value: string): void;
  saveState(name: string, value: string): void;
  getState(name: string): string;
  /** Masks a secret in everything the runner prints from now on. */
  setSecret(secret: string): void;
  log: Logger & { debug(line: string): void };
  /** Writes the job summary; undefined where there is nowhere to write it. */
  writeSummary?(markdown: string): Promise<void>;
  clock: Clock;
  /** Aborted when the workflow run is cancelled; its reason is an AbortedError. */
  signal?: AbortSignal;
  env: RunEnvironment;
}

/** What a main step did, for the caller to pass or fail the step with. */
export interface RunReport {
  /** The gate's verdict, when it reached one. */
  outcome?: GateOutcome;
  /** The message the step fails with; undefined when it passes. */
  failure?: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Saved once the main step has had its say, so that the post step knows it was not killed. */
const MAIN_FINISHED_STATE = 'main_finished';
/** Saved before the trigger is sent (runner's clock, ms), so that a post step can find a build nobody heard of. */
const TRIGGER_SENT_AT_STATE = 'trigger_sent_at';
const USER_AGENT = `snapshot-build-action/${packageJson.version}`;

/**
 * A build action's main step: trigger (or attach to) a build, wait for it, and report the verdict.
 * Outputs and the job summary are written on every path, a cancelled workflow run included. It
 * never throws for a failed run: the report says why the step fails.
 */
export async function runDefinition<Inputs extends GateInputs>(
  definition: ActionDefinition<Inputs>,
  io: RunIO
): Promise<RunReport> {
  const state = newGateState(io.clock.now(), definition.backendOutputNames);
  const token = maskToken(io);
  let outcome: GateOutcome | undefined;
  let failure: string | undefined;
  try {
    const inputs = definition.readInputs(io.input);
    for (const warning of [...gateWarnings(inputs), ...(definition.warnings?.(inputs) ?? [])]) io.log.warning(warning);
    const backend = definition.backend(inputs, transportFor(inputs, io), io.env);
    outcome = await runGate(
      backend,
      {
        buildId: inputs.build_id,
        wait: inputs.wait,
        timeoutMs: inputs.timeout,
        pollIntervalMs: inputs.poll_interval,
        cancelOnTimeout: inputs.cancel_on_timeout ?? false,
        cancelOnAbort: inputs.cancel_on_abort ?? false,
        requestTimeoutMs: inputs.request_timeout,
        pin: inputs.pin ?? false,
        showLogs: inputs.show_logs ?? 'never',
        logLines: inputs.log_lines ?? 0
      },
      {
        clock: io.clock,
        log: io.log,
        onTriggerSending: sentAt => io.saveState(TRIGGER_SENT_AT_STATE, String(sentAt)),
        onBuildKnown: build => {
          io.setOutput('build_id', build.id);
          io.saveState('build_id', build.id);
        },
        signal: io.signal,
        logs: {
          mask: secret => io.setSecret(secret),
          download: (url, options) =>
            downloadLog(url, { ...options, directory: io.env.RUNNER_TEMP || tmpdir(), userAgent: USER_AGENT })
        }
      },
      state
    );
    if (!outcome.passed) failure = outcome.message;
  } catch (error) {
    failure = describeError(error);
  }
  if (failure) failure = redactSecret(failure, token);
  const outputs = gateOutputs(state);
  for (const [name, value] of Object.entries(outputs)) io.setOutput(name, value);
  // A build a trigger may have made, that nobody could name, is left for the post step to find.
  if (state.build || !state.triggerUnanswered) io.saveState(MAIN_FINISHED_STATE, 'true');
  const summary = gateSummary(definition.title, state, failure ?? outcome?.message);
  await writeSummary(io, summary);
  if (!failure && outcome) io.log.info(outcome.message);
  return { outcome, failure, outputs, summary };
}

/**
 * A build action's post step (`post-if: cancelled()`): if the main step was killed before it
 * could cancel its build, cancel it now. When the main step was killed while its trigger was
 * unanswered, the build is looked for first, by the same evidence as a reconcile. It never fails
 * the job; the run is already cancelled.
 */
export async function runPostDefinition<Inputs extends GateInputs>(
  definition: ActionDefinition<Inputs>,
  io: RunIO
): Promise<void> {
  if (io.getState(MAIN_FINISHED_STATE)) return;
  const savedId = io.getState('build_id');
  const triggerSentAt = Number(io.getState(TRIGGER_SENT_AT_STATE)) || undefined;
  if (!savedId && triggerSentAt === undefined) return;
  const token = maskToken(io);
  const which = savedId ? `build ${savedId}` : 'the build the trigger may have created';
  try {
    const inputs = definition.readInputs(io.input);
    const backend = definition.backend(inputs, transportFor(inputs, io), io.env);
    const { cancel } = backend;
    if (!cancel) return;
    if (!inputs.cancel_on_abort) {
      io.log.info(`Not cancelling ${which}: cancel_on_abort is false.`);
      return;
    }
    const environment = { clock: io.clock, requestTimeoutMs: inputs.request_timeout };
    let buildId = savedId;
    if (!buildId && triggerSentAt !== undefined) {
      const sent = new Date(triggerSentAt).toISOString();
      const trigger = { sentAt: triggerSentAt, now: () => io.clock.now() };
      const found = await withinAbortBudget(context => backend.findCreatedSince(trigger, context), environment);
      if (!found) {
        io.log.info(
          `The main step was stopped while its trigger (sent at ${sent}) was unanswered; no build was created.`
        );
        return;
      }
      io.log.info(
        `The main step was stopped while its trigger (sent at ${sent}) was unanswered; it created build ${found.id}.`
      );
      buildId = found.id;
    }
    const id = buildId as string;
    const after = await withinAbortBudget(context => cancel.call(backend, id, context), environment);
    io.log.info(`The main step was stopped before it finished; cancelled build ${id} (now ${after.status}).`);
  } catch (error) {
    io.log.warning(`Could not cancel ${which}: ${redactSecret(describeError(error), token)}`);
  }
}

/** Inputs every gate takes that are valid but probably not what the user meant. */
function gateWarnings(inputs: GateInputs): string[] {
  if (!inputs.wait || inputs.poll_interval <= inputs.timeout) return [];
  return [
    `poll_interval (${formatDuration(inputs.poll_interval)}) is longer than timeout (${formatDuration(inputs.timeout)}): ` +
      'the run times out before its first status check. Set poll_interval below timeout.'
  ];
}

/** Reads the token and masks it before anything else can print it. */
function maskToken(io: RunIO): string {
  const token = io.input('token');
  if (token) io.setSecret(token);
  return token;
}

function transportFor(inputs: GateInputs, io: RunIO): HttpTransport {
  return new HttpTransport({
    baseUrl: inputs.api_url,
    token: inputs.token,
    userAgent: USER_AGENT,
    debug: line => io.log.debug(line)
  });
}

function describeError(error: unknown): string {
  if (error instanceof ActionError) return error.message;
  return `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

async function writeSummary(io: RunIO, markdown: string): Promise<void> {
  if (!io.writeSummary) return;
  try {
    await io.writeSummary(markdown);
  } catch (error) {
    io.log.warning(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
  }
}
