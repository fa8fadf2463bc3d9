import { systemClock } from './clock.js';
import { AbortedError } from './errors.js';
import { runDefinition, runPostDefinition, type ActionDefinition, type GateInputs, type RunIO } from './run.js';
import * as runner from './runner-commands.js';

/**
 * A build action's main step on the runner: the run's I/O is the runner's protocol
 * (runner-commands.ts), the process's signals and the system clock. The one place that fails the
 * step.
 */
export async function runMainStep<Inputs extends GateInputs>(definition: ActionDefinition<Inputs>): Promise<void> {
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (abort.signal.aborted) return;
    runner.info(`Received ${signal}: the workflow run is being cancelled.`);
    abort.abort(new AbortedError(`The workflow run was cancelled (${signal})`));
  };
  // Installed before any request, so that a build triggered from here on can be cancelled.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const report = await runDefinition(definition, runnerIO(abort.signal));
    if (report.failure) {
      process.exitCode = 1;
      runner.error(report.failure);
    }
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
    input: runner.getInput,
    setOutput: runner.setOutput,
    saveState: runner.saveState,
    getState: runner.getState,
    setSecret: runner.setSecret,
    log: {
      info: runner.info,
      warning: runner.warning,
      debug: runner.debug,
      group: (title, lines) => {
        runner.startGroup(title);
        for (const line of lines) runner.info(line);
        runner.endGroup();
      }
    },
    // Outside a runner (or in a step without a summary file) there is nowhere to write it.
    writeSummary: process.env.GITHUB_STEP_SUMMARY ? async markdown => runner.appendSummary(`${markdown}\n`) : undefined,
    clock: systemClock,
    signal,
    env: process.env
  };
}
