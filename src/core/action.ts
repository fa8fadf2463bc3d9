import * as core from '@actions/core';
import { systemClock } from './clock.js';
import { AbortedError } from './errors.js';
import { runDefinition, runPostDefinition, type ActionDefinition, type GateInputs, type RunIO } from './run.js';

/**
 * A build action's main step on the runner: the run's I/O is @actions/core, the process's
 * signals and the system clock. The one place that fails the step.
 */
export async function runMainStep<Inputs extends GateInputs>(definition: ActionDefinition<Inputs>): Promise<void> {
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
    const report = await runDefinition(definition, runnerIO(abort.signal));
    if (report.failure) core.setFailed(report.failure);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** A build action's post step on the runner. */
export function runPostStep<Inputs extends GateInputs>(definition: ActionDefinition<Inputs>): Promise<void> {
  return runPostDefinition(definition, runnerIO());
}

function runnerIO(signal?: AbortSignal): RunIO {
  return {
    input: name => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    saveState: (name, value) => core.saveState(name, value),
    getState: name => core.getState(name),
    setSecret: secret => core.setSecret(secret),
    log: {
      info: line => core.info(line),
      warning: line => core.warning(line),
      debug: line => core.debug(line),
      group: (title, lines) => {
        core.startGroup(title);
        for (const line of lines) core.info(line);
        core.endGroup();
      }
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
