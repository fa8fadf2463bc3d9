// An action run in this process, through the same entry the real action uses (mainStep),
// with what the runner would get collected instead: the tests, the reliability matrix and the
// bench drive whole runs on a virtual clock this way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../src/core/clock.js';
import type { ActionDefinition, Annotation, RunEnvironment, RunIO, RunReport } from '../src/core/contract.js';
import { commandFreeBlock } from '../src/core/untrusted.js';
import type { GateInputs } from '../src/core/inputs.js';
import { mainStep, postStep } from '../src/core/steps.js';

export interface InProcessOptions {
  clock: Clock;
  signal?: AbortSignal;
  /** The runner's environment as the action sees it (GITHUB_REPOSITORY, ...). */
  env?: RunEnvironment;
  /** State saved by an earlier step (the post step reads the main step's). */
  state?: Record<string, string>;
}

export interface InProcessRun {
  /** Each output as last set. */
  outputs: Record<string, string>;
  /** Each state value as last saved. */
  state: Record<string, string>;
  info: string[];
  warning: string[];
  debug: string[];
  /** Annotations, as the runner would show them on the files' lines. */
  annotations: Annotation[];
  /** Values masked with setSecret. */
  secrets: string[];
  summary: string;
  /** Every line and value a user could see, for leak checks. */
  everything: () => string;
}

function collector(inputs: Record<string, string>, options: InProcessOptions): { io: RunIO; run: InProcessRun } {
  const run: InProcessRun = {
    outputs: {},
    state: { ...options.state },
    info: [],
    warning: [],
    debug: [],
    annotations: [],
    secrets: [],
    summary: '',
    everything: () =>
      [
        ...run.info,
        ...run.warning,
        ...run.debug,
        ...run.annotations.map(annotation => annotation.message),
        JSON.stringify(run.outputs),
        JSON.stringify(run.state),
        run.summary
      ].join('\n')
  };
  const io: RunIO = {
    // As core.getInput reads them: trimmed, '' when unset.
    input: name => (inputs[name] ?? '').trim(),
    setOutput: (name, value) => void (run.outputs[name] = value),
    saveState: (name, value) => void (run.state[name] = value),
    getState: name => run.state[name] ?? '',
    setSecret: secret => void run.secrets.push(secret),
    log: {
      info: line => void run.info.push(line),
      warning: line => void run.warning.push(line),
      debug: line => void run.debug.push(line),
      // As the runner's sink prints a group (on-runner.ts); the lines are the step log's too.
      group: (title, lines) => void run.info.push(`::group::${title}`, ...commandFreeBlock(lines), '::endgroup::')
    },
    annotate: annotation => void run.annotations.push(annotation),
    writeSummary: async markdown => void (run.summary += markdown),
    clock: options.clock,
    signal: options.signal,
    env: { RUNNER_TEMP: runnerTemp(), ...options.env }
  };
  return { io, run };
}

let temp: string | undefined;

/** One RUNNER_TEMP for the runs of this process (build logs go there), removed when it exits. */
function runnerTemp(): string {
  if (!temp) {
    const dir = mkdtempSync(join(tmpdir(), 'in-process-runner-temp-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    temp = dir;
  }
  return temp;
}

/** The main step of `definition` with these inputs. */
export async function mainStepInProcess<Inputs extends GateInputs>(
  definition: ActionDefinition<Inputs>,
  inputs: Record<string, string>,
  options: InProcessOptions
): Promise<InProcessRun & { report: RunReport }> {
  const { io, run } = collector(inputs, options);
  const report = await mainStep(definition, io);
  return { ...run, report };
}

/** The post step of `definition` with these inputs, after a main step that saved `options.state`. */
export async function postStepInProcess<Inputs extends GateInputs>(
  definition: ActionDefinition<Inputs>,
  inputs: Record<string, string>,
  options: InProcessOptions
): Promise<InProcessRun> {
  const { io, run } = collector(inputs, options);
  await postStep(definition, io);
  return run;
}
