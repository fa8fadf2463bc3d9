// The contract between an action and what runs it: what an API's action defines (ActionDefinition,
// src/<api>/definition.ts), what a run touches outside itself (RunIO: the runner's, in on-runner.ts;
// a terminal's, in src/cli/; the harness's), and what a main step reports (RunReport). The steps
// that hold them together are steps.ts.
import type { BuildBackend } from './build.js';
import type { Clock } from './clock.js';
import type { Logger } from './gate/gate-run.js';
import type { GateOutcome } from './gate/state.js';
import type { HttpTransport } from './http.js';
import type { GateInputs, InputReader, InputSpelling } from './inputs.js';
import type { Capabilities } from './outputs.js';

/** What makes one build action: its inputs and its API. Everything else is shared. */
export interface ActionDefinition<Inputs extends GateInputs> {
  /** What the job summary calls the build, e.g. "Snapshot build". */
  title: string;
  /** What its backend can do beyond the gate's core, and so its outputs beyond the gate's own. */
  capabilities: Capabilities;
  /** Reads and validates every input; throws an InputError naming each bad one (as `spell` names inputs). */
  readInputs(read: InputReader, env: RunEnvironment, spell?: InputSpelling): Inputs;
  /**
   * What the run's messages may echo of its own inputs (an id, a repository, a path: as the runner
   * passes them, and the defaults they take from `env`), the valid and the refused alike: the job
   * summary shows each as it is, so that the runner's mask holds on any of them (report.ts).
   */
  echoedInputs(read: InputReader, env: RunEnvironment): string[];
  /** Warnings about inputs that are valid but probably not what the user meant. */
  warnings?(inputs: Inputs, spell: InputSpelling): string[];
  /** The API behind the gate; `env` is the runner's environment (GITHUB_REPOSITORY, ...). */
  backend(inputs: Inputs, transport: HttpTransport, env: RunEnvironment): BuildBackend;
  /**
   * Checks what the run would send, offline, after the inputs are read and before any request:
   * throws an ActionError to stop the run with nothing sent. Lines and annotations it gives `io`
   * reach the runner with the run's secrets redacted; its messages name inputs as `spell` does.
   */
  preflight?(inputs: Inputs, io: Pick<RunIO, 'log' | 'annotate'>, spell: InputSpelling): Promise<void>;
}

/** A message the runner shows on a line of a file of the workspace (an annotation), and in the step log. */
export interface Annotation {
  severity: 'error' | 'warning' | 'notice';
  message: string;
  /** The annotation's title, e.g. a rule id. */
  title?: string;
  /** Relative to the workspace, with `/`. */
  file?: string;
  startLine?: number;
  /** Columns only within one line: the runner takes none for an annotation over several lines. */
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
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
  annotate(annotation: Annotation): void;
  /** Writes the job summary; undefined where there is nowhere to write it. */
  writeSummary?(markdown: string): Promise<void>;
  clock: Clock;
  /** Aborted when the workflow run is cancelled; its reason is an AbortedError. */
  signal?: AbortSignal;
  env: RunEnvironment;
  /** How messages name the inputs: the action's way (`Input "org_id"`) unless the inputs are flags. */
  spelling?: InputSpelling;
}

/** What a main step did, for the caller to pass or fail the step with. */
export interface RunReport {
  /** The gate's verdict, when it reached one. */
  outcome?: GateOutcome;
  /** The message the step fails with, fit for the step log; undefined when it passes. */
  failure?: string;
  /** What stopped the run before a verdict (an InputError, an ApiError, ...), if anything did. */
  error?: unknown;
  outputs: Record<string, string>;
  summary: string;
}
