import * as core from '@actions/core';
import { systemClock } from './clock.js';
import type { RunIO } from './contract.js';
import { AbortedError, ActionError, describeError, errorText } from './errors.js';
import { commandFreeBlock, commandSafe, Secrets } from './untrusted.js';

/** A step as the entries hand it over: it runs with the runner's I/O and says why the step fails, if it does. */
type Step = (io: RunIO) => Promise<{ failure?: string }>;

/**
 * A build action's main step (mainStep, in steps.ts, with its definition) on the runner: the run's
 * I/O is @actions/core, the process's signals and the system clock. The one place that fails the
 * step. The entry passes the step, so that this module does not load the gate for a step that has
 * none (the check action's bundle stays small).
 */
export async function mainStepOnRunner(step: Step): Promise<void> {
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (abort.signal.aborted) return;
    core.info(`Received ${signal}: the workflow run is being cancelled.`);
    abort.abort(new AbortedError(`The workflow run was cancelled (${signal})`));
  };
  // Installed before any request, so that a build triggered from here on can be cancelled.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const report = await step(runnerIO(abort.signal));
    if (report.failure) core.setFailed(report.failure);
  } catch (error) {
    // What the run could not turn into a report (a runner file it cannot write, a bug): the step still
    // fails with one error line; a stack trace only in debug lines.
    core.setFailed(uncaughtMessage(error));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** A build action's post step (postStep) on the runner. It never fails the job: the run is already cancelled. */
export async function postStepOnRunner(step: (io: RunIO) => Promise<void>): Promise<void> {
  try {
    await step(runnerIO());
  } catch (error) {
    // postStep warns about what it expects; this keeps anything else from ending in a stack trace.
    core.warning(`The post step could not finish: ${uncaughtMessage(error)}`);
  }
}

/**
 * A step that is no build gate (the check action) on the runner: `step` runs with the runner's I/O
 * and says why the step fails, if it does. The one place that fails it; `secretInput` names the
 * input whose value no message may show.
 */
export async function stepOnRunner(step: Step, secretInput: string): Promise<void> {
  try {
    const report = await step(runnerIO());
    if (report.failure) core.setFailed(report.failure);
  } catch (error) {
    core.setFailed(uncaughtMessage(error, secretInput));
  }
}

function runnerIO(signal?: AbortSignal): RunIO {
  return {
    input: name => core.getInput(name),
    setOutput: (name, value) =>
      fileCommand('GITHUB_OUTPUT', `set the output ${name}`, () => core.setOutput(name, value)),
    saveState: (name, value) =>
      fileCommand('GITHUB_STATE', `save the state ${name}`, () => core.saveState(name, value)),
    getState: name => core.getState(name),
    setSecret: secret => core.setSecret(secret),
    log: {
      info: line => core.info(line),
      warning: line => core.warning(line),
      debug: line => core.debug(line),
      // Between stop-commands markers too: the runner's handling of `##[` inside such a block is not
      // documented, so both the lines' own guard (commandSafe) and the block hold.
      group: (title, lines) => {
        core.startGroup(title);
        for (const line of commandFreeBlock(lines)) core.info(line);
        core.endGroup();
      }
    },
    annotate: ({ severity, message, ...properties }) => {
      const annotation = { ...properties };
      if (severity === 'error') core.error(message, annotation);
      else if (severity === 'warning') core.warning(message, annotation);
      else core.notice(message, annotation);
    },
    // Outside a runner (or in a step without a summary file) there is nowhere to write it.
    writeSummary: process.env.GITHUB_STEP_SUMMARY
      ? async markdown => void (await core.summary.addRaw(markdown, true).write())
      : undefined,
    clock: systemClock,
    signal,
    env: process.env
  };
}

/**
 * A write to one of the runner's files; core throws when the file is missing or cannot be appended
 * to, which the user can only fix on the runner's side, so the error names the variable and the path.
 */
function fileCommand(variable: string, what: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    throw new ActionError(
      `Could not ${what}: ${errorText(error)}. ${variable} must name a file the step can append to, ` +
        'as the runner creates it for each step; check the runner, or the tool that runs the action.'
    );
  }
}

/**
 * What the run could not report, for the step log, as describeError gives every error (its stack a
 * debug line), with the token (the secret input) redacted and no runner command markers.
 */
function uncaughtMessage(error: unknown, secretInput = 'token'): string {
  const secrets = new Secrets();
  secrets.add(core.getInput(secretInput));
  const safe = (text: string): string => commandSafe(secrets.redact(text));
  return safe(describeError(error, line => core.debug(safe(line))));
}
