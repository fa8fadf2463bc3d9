// The steps every build action runs, over the contract in contract.ts: mainStep (the gate, its outputs
// and summary) and postStep (what a killed main step left), and the guards on what they print.
import type { ActionDefinition, RunIO, RunReport } from './contract.js';
import { formatDuration } from './duration.js';
import { describeError } from './errors.js';
import { withinAbortBudget } from './gate/calls.js';
import { runGate } from './gate/gate.js';
import type { Logger } from './gate/gate-run.js';
import { newGateState, type GateOutcome, type GateState } from './gate/state.js';
import { HttpTransport, USER_AGENT } from './http.js';
import { downloadLog } from './log-download.js';
import { tmpdir } from 'node:os';
import { ACTION_SPELLING, type GateInputs, type InputReader, type InputSpelling } from './inputs.js';
import { isLoopbackHttp } from './loopback.js';
import { gateOutputs } from './outputs.js';
import { gateSummary } from './report.js';
import { guardedAnnotate, guardedLog, maskedSecrets, writeSummary } from './sinks.js';
import {
  BUILD_ID_STATE,
  CANCEL_FAILED_STATE,
  MAIN_FINISHED_STATE,
  OTHER_BUILD_ID_STATE,
  readSavedState,
  TRIGGER_SENT_AT_STATE
} from './saved-state.js';
import { commandSafe, exactOutput, Secrets } from './untrusted.js';

/**
 * A build action's main step: trigger (or attach to) a build, wait for it, and report the verdict.
 * Outputs and the job summary are written on every path, a cancelled workflow run included. It
 * never throws for a failed run: the report says why the step fails.
 */
export async function mainStep<Inputs extends GateInputs>(
  definition: ActionDefinition<Inputs>,
  io: RunIO
): Promise<RunReport> {
  const state = newGateState(io.clock.now());
  const secrets = maskedSecrets(io, 'token');
  const log = guardedLog(io.log, secrets);
  const spelling = io.spelling ?? ACTION_SPELLING;
  let outcome: GateOutcome | undefined;
  let failure: string | undefined;
  let stoppedBy: unknown;
  try {
    const inputs = definition.readInputs(io.input, io.env, spelling);
    const warnings = [...gateWarnings(inputs, io.input, spelling), ...(definition.warnings?.(inputs, spelling) ?? [])];
    for (const warning of warnings) log.warning(warning);
    await definition.preflight?.(inputs, { log, annotate: guardedAnnotate(io.annotate, secrets) }, spelling);
    const backend = definition.backend(inputs, transportFor(inputs, io, log, secrets), io.env);
    outcome = await runGate(
      backend,
      inputs,
      {
        clock: io.clock,
        log,
        onTriggerSending: sentAt => io.saveState(TRIGGER_SENT_AT_STATE, String(sentAt)),
        onBuildKnown: (build, origin) => {
          io.setOutput('build_id', exactOutput(build.id, secrets.redact));
          // Only a build this run started or attached to is the post step's to cancel; a found or
          // followed one is kept apart, to be named, never cancelled.
          io.saveState(origin === 'created' || origin === 'attached' ? BUILD_ID_STATE : OTHER_BUILD_ID_STATE, build.id);
        },
        signal: io.signal,
        spelling,
        logs: {
          download: (url, options) =>
            downloadLog(url, {
              ...options,
              directory: io.env.RUNNER_TEMP || tmpdir(),
              userAgent: USER_AGENT,
              allowLoopbackHttp: isLoopbackHttp(new URL(inputs.api_url)),
              secrets,
              mask: secret => io.setSecret(secret)
            })
        }
      },
      state
    );
    if (!outcome.passed) failure = outcome.message;
  } catch (error) {
    stoppedBy = error;
    failure = describeError(error, log.debug);
  }
  const outputs = gateOutputs(state, definition.capabilities, secrets.redact);
  try {
    for (const [name, value] of Object.entries(outputs)) io.setOutput(name, value);
    saveWhatIsLeft(io, state, log);
  } catch (error) {
    // A runner file the step cannot write fails the step; the summary still says why.
    failure ??= describeError(error, log.debug);
  }
  const message = failure ?? outcome?.message;
  const summary = gateSummary(definition.title, secrets.redactAll(state), message && secrets.redact(message), {
    failed: failure !== undefined,
    ownValues: definition.echoedInputs(io.input, io.env)
  });
  await writeSummary(io, summary, log);
  if (!failure && outcome) log.info(outcome.message);
  return { outcome, failure: failure && commandSafe(secrets.redact(failure)), error: stoppedBy, outputs, summary };
}

/**
 * What the main step leaves for the post step once it has had its say: that it finished, unless a
 * build a trigger may have made is left that nobody could name (the post step reports it); and,
 * when the workflow run was cancelled and the cancel of its own build did not complete, that the
 * post step is to send it again.
 */
function saveWhatIsLeft(io: RunIO, state: GateState, log: Logger): void {
  if (io.signal?.aborted && state.cancelFailed && state.build) {
    io.saveState(CANCEL_FAILED_STATE, 'true');
    log.info(`The cancel of build ${state.build.id} did not complete: the post step sends it again.`);
  }
  if (state.build || !state.triggerUnanswered) io.saveState(MAIN_FINISHED_STATE, 'true');
}

/**
 * A build action's post step (`post-if: cancelled()`): if the main step was killed before it
 * could cancel its build, or its cancel did not complete, cancel it now; only a build the main
 * step knew it started (or attached to) is ever cancelled. When the main step was killed while
 * its trigger was unanswered, the post step says what has appeared since and cancels nothing: it
 * cannot tell its build from another run's, nor whether a POST still in flight will land. The saved state is read like input: a value
 * the main step could not have written sends nothing. It never fails the job; the run is already
 * cancelled.
 */
export async function postStep<Inputs extends GateInputs>(
  definition: ActionDefinition<Inputs>,
  io: RunIO
): Promise<void> {
  const secrets = maskedSecrets(io, 'token');
  const log = guardedLog(io.log, secrets);
  const saved = readSavedState(name => io.getState(name));
  if ('invalid' in saved) {
    log.warning(`The post step sends nothing: ${saved.invalid}.`);
    return;
  }
  const { mainFinished, buildId, otherBuildId, triggerSentAt, cancelFailed } = saved;
  // After a main step that finished, only a cancel it could not complete is left to do.
  if (mainFinished ? !cancelFailed : !buildId && triggerSentAt === undefined) return;
  if (otherBuildId) {
    log.info(`Build ${otherBuildId}, which the main step was following, is left as it is: this run did not start it.`);
  }
  try {
    const inputs = definition.readInputs(io.input, io.env, io.spelling);
    const backend = definition.backend(inputs, transportFor(inputs, io, log, secrets), io.env);
    const { cancel } = backend;
    if (!cancel) return;
    const environment = { clock: io.clock, requestTimeoutMs: inputs.request_timeout };
    if (buildId) {
      if (!inputs.cancel_on_abort) return log.info(`Not cancelling build ${buildId}: cancel_on_abort is false.`);
      const why = mainFinished
        ? `The main step's cancel of build ${buildId} did not complete`
        : 'The main step was stopped before it finished';
      try {
        const after = await withinAbortBudget(context => cancel.call(backend, buildId, context), environment);
        log.info(`${why}; cancelled build ${buildId} (now ${after.status}).`);
      } catch (error) {
        log.warning(`Could not cancel build ${buildId}: ${describeError(error, log.debug)}`);
      }
      return;
    }
    const sent = `The main step was stopped while its ${backend.words.start} (sent at ${new Date(triggerSentAt as number).toISOString()}) was unanswered`;
    const check = `nothing is cancelled, since this step cannot tell whether this run's ${backend.words.start} made it (another run may have): check the organization's builds and cancel it there if it is this run's`;
    try {
      const trigger = { sentAt: triggerSentAt as number, now: () => io.clock.now() };
      const found = await withinAbortBudget(context => backend.findCreatedSince(trigger, context), environment);
      log.info(
        found
          ? `${sent}. Build ${found.id} (${found.status}) has been created since; ${check}.`
          : `${sent}. No build has appeared since, but the ${backend.words.start} may still create one: check the organization's builds in a few minutes, and cancel there one this run started.`
      );
    } catch (error) {
      log.info(`${sent}, and what appeared since cannot be told (${describeError(error, log.debug)}); ${check}.`);
    }
  } catch (error) {
    log.warning(`The post step could not run: ${describeError(error, log.debug)}`);
  }
}

/** Inputs every gate takes that are valid but probably not what the user meant. */
function gateWarnings(inputs: GateInputs, read: InputReader, spell: InputSpelling): string[] {
  const warnings: string[] = [];
  if (inputs.wait && inputs.poll_interval > inputs.timeout) {
    const [interval, timeout] = [spell.name('poll_interval'), spell.name('timeout')];
    warnings.push(
      `${interval} (${formatDuration(inputs.poll_interval)}) is longer than ${timeout} (${formatDuration(inputs.timeout)}): ` +
        `the run times out before its first status check. Set ${interval} below ${timeout}.`
    );
  }
  // timeout: 90 reads as 90 seconds; someone who wrote it probably meant minutes (as timeout-minutes has them).
  for (const name of ['timeout', 'poll_interval', 'request_timeout']) {
    const text = read(name);
    if (/^\d+(\.\d+)?$/.test(text) && Number(text) >= 60) {
      warnings.push(
        `${spell.setting(name, text)} means ${text} seconds (a bare number is seconds); write ${text}m for minutes.`
      );
    }
  }
  return warnings;
}

function transportFor(inputs: GateInputs, io: RunIO, log: RunIO['log'], secrets: Secrets): HttpTransport {
  return new HttpTransport({
    baseUrl: inputs.api_url,
    token: inputs.token,
    userAgent: USER_AGENT,
    secrets,
    clock: io.clock,
    debug: line => log.debug(line)
  });
}
