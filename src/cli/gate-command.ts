// `snapshot-build devin` and `snapshot-build dreadnode`: the action's main step (mainStep, the same
// core) with the command's I/O: inputs from flags and variables, lines on the terminal, outputs as
// JSON, the summary and the log in files, and SIGINT/SIGTERM as a cancelled workflow run.
import { copyFile, rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { systemClock } from '../core/clock.js';
import type { RunEnvironment, RunReport } from '../core/contract.js';
import { AbortedError, errorText, InputError } from '../core/errors.js';
import { mainStep } from '../core/steps.js';
import type { RegisteredGate } from '../registry.js';
import { commandEnvironment } from './environment.js';
import { EXIT, signalExitCode } from './exit-codes.js';
import { inputReader, type CommandLine } from './flags.js';
import { commandSpelling } from './spelling.js';
import { TerminalLog, wantsColor, type TerminalStream } from './terminal.js';

/** What the command touches of its process. */
export interface CommandIO {
  env: RunEnvironment;
  cwd: string;
  stdout: TerminalStream;
  stderr: TerminalStream;
  /** Where SIGINT and SIGTERM are heard (the process). */
  signals: Pick<NodeJS.Process, 'on' | 'off'>;
  /** Ends the process at once: a second SIGINT. */
  exit(code: number): never;
}

export async function runGateCommand(
  { declaration, definition }: RegisteredGate,
  { inputs, options }: CommandLine,
  io: CommandIO
): Promise<number> {
  const terminal = new TerminalLog(io.stderr, {
    color: wantsColor(io.stderr, io.env),
    live: Boolean(io.stderr.isTTY),
    verbose: options.verbose,
    now: () => systemClock.now()
  });
  const abort = new AbortController();
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) {
      if (signal !== 'SIGINT') return;
      terminal.stop();
      terminal.error('Interrupted again: stopping at once; the build is left as it is.');
      io.exit(EXIT.interrupted);
    }
    interrupted = signal;
    terminal.info(`Received ${signal}: stopping, and cancelling the build where allowed (Ctrl-C again stops at once).`);
    abort.abort(new AbortedError(`The command was interrupted (${signal})`));
  };
  // Installed before any request, so that a build triggered from here on can be cancelled.
  io.signals.on('SIGINT', onSignal);
  io.signals.on('SIGTERM', onSignal);
  const outputs: Record<string, string> = {};
  let report: RunReport;
  terminal.start();
  try {
    report = await mainStep(definition, {
      input: inputReader(declaration, inputs, io.env),
      setOutput: (name, value) => void (outputs[name] = value),
      // The command has no post step: it cancels its build itself, on the signal.
      saveState: () => undefined,
      getState: () => '',
      // Secrets are redacted from every line; a terminal has no mask to add them to.
      setSecret: () => undefined,
      log: terminal,
      // A terminal has no annotations: each finding they would show is a line too.
      annotate: () => undefined,
      writeSummary: options.summaryFile
        ? summary => writeFile(resolve(io.cwd, options.summaryFile as string), summary)
        : undefined,
      clock: systemClock,
      signal: abort.signal,
      env: commandEnvironment(io.env, io.cwd),
      spelling: commandSpelling(declaration)
    });
  } finally {
    io.signals.off('SIGINT', onSignal);
    io.signals.off('SIGTERM', onSignal);
    terminal.stop();
  }
  if (options.logFile) await keepLog(outputs, resolve(io.cwd, options.logFile), terminal);
  if (report.failure) terminal.error(report.failure);
  if (options.json) io.stdout.write(`${JSON.stringify(outputs)}\n`);
  if (interrupted) return signalExitCode(interrupted);
  if (report.outcome) return report.outcome.passed ? EXIT.success : EXIT.notSucceeded;
  if (report.error instanceof InputError) return EXIT.usage;
  return outputs.result === 'timed_out' ? EXIT.notSucceeded : EXIT.error;
}

/** Moves the downloaded log to `path`, and names it in the log_path output. */
async function keepLog(outputs: Record<string, string>, path: string, terminal: TerminalLog): Promise<void> {
  const downloaded = outputs.log_path;
  if (!downloaded) {
    terminal.info(`No build log was fetched, so nothing was written to ${path} (--show-logs always fetches it).`);
    return;
  }
  try {
    await rename(downloaded, path).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EXDEV') throw error;
      await copyFile(downloaded, path); // another file system
      await rm(downloaded, { force: true });
    });
    outputs.log_path = path;
    terminal.info(`The build's log is in ${path}.`);
  } catch (error) {
    terminal.warning(`Could not write the build's log to ${path}: ${errorText(error)}. It is in ${downloaded}.`);
  }
}
