// What the GitHub runner does around a JavaScript action, for the tests and the demo: inputs as
// INPUT_* variables, the GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files, exit codes. And
// what a shell does around the `snapshot-build` command: its arguments, a clean environment.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

let currentBundleDir: Promise<string> | undefined;

/**
 * The folder of a bundle of the current sources (as `npm run bundle` makes it), built at most once
 * per test run: jest's globalSetup names an empty folder in ACTION_BUNDLE_DIR, and the first
 * worker that needs the bundle builds it there while the others wait. Only the suites that run
 * the bundle pay for it. A folder that already holds a build (`.built`) is used as it is. Outside
 * jest (the scripts), a temporary folder is used and removed when the process exits.
 */
export function currentBundle(): Promise<string> {
  currentBundleDir ??= buildOnce();
  return currentBundleDir;
}

async function buildOnce(): Promise<string> {
  let root = process.env.ACTION_BUNDLE_DIR;
  if (!root) {
    const temporary = mkdtempSync(join(tmpdir(), 'action-bundle-'));
    process.once('exit', () => rmSync(temporary, { recursive: true, force: true }));
    root = temporary;
  }
  const out = join(root, 'out');
  const built = join(root, '.built');
  const failed = join(root, '.failed');
  try {
    mkdirSync(join(root, '.lock'));
  } catch {
    // Another worker is building it.
    for (let waited = 0; !existsSync(built); waited += 200) {
      if (existsSync(failed)) throw new Error(`the bundle failed to build: ${readFileSync(failed, 'utf8')}`);
      if (waited > 300_000) throw new Error('the bundle was not built within 5 minutes');
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    return out;
  }
  if (existsSync(built)) return out;
  try {
    await promisify(execFile)(process.execPath, ['scripts/bundle.mjs', out], { cwd: REPO_ROOT });
  } catch (error) {
    writeFileSync(failed, String((error as { stderr?: string }).stderr || error));
    throw error;
  }
  writeFileSync(built, '');
  return out;
}

export interface ActionRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  /** Everything the process wrote anywhere a user or a log could see it. */
  everything: string;
}

export interface RunOptions {
  /** The bundle to run: a path, absolute or from the repository root, e.g. join(await currentBundle(), bundleFile(action)). */
  bundle: string;
  env?: Record<string, string>;
  /** Called once the process has started, e.g. to send it signals. */
  onSpawn?: (child: ChildProcess) => void;
  /** The process is killed after this long (the test then fails on its result). */
  killAfterMs?: number;
  /** Sees the process's stdout and stderr as they come, e.g. to show a run live. */
  echo?: (chunk: string) => void;
}

/**
 * The environment the runner gives a JavaScript action, nothing inherited but PATH: each input as
 * an INPUT_* variable, and empty GITHUB_OUTPUT, GITHUB_STATE and GITHUB_STEP_SUMMARY files in `dir`.
 */
export function runnerEnvironment(
  dir: string,
  inputs: Record<string, string>,
  extra: Record<string, string> = {}
): Record<string, string> {
  const files = stepFiles(dir);
  for (const file of Object.values(files)) writeFileSync(file, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    RUNNER_TEMP: dir,
    GITHUB_ACTIONS: 'true',
    ...files,
    ...extra
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  return env;
}

/** The GITHUB_OUTPUT, GITHUB_STATE and GITHUB_STEP_SUMMARY files the runner gives a step, in `dir`. */
function stepFiles(dir: string) {
  return {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary')
  };
}

/**
 * Runs a bundled action the way the runner does: `node <bundle>` with each input as an INPUT_*
 * variable and the GITHUB_OUTPUT, GITHUB_STATE and GITHUB_STEP_SUMMARY files, and a clean environment.
 */
export async function runBundle(inputs: Record<string, string>, options: RunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'action-run-'));
  const env = runnerEnvironment(dir, inputs, options.env);
  // The files made for the step are read even where `env` names others (e.g. a missing file).
  const files = stepFiles(dir);

  const { exitCode, signal, stdout, stderr } = await runNode([resolvePath(REPO_ROOT, options.bundle)], {
    ...options,
    env,
    cwd: dir
  });
  try {
    const read = (file: string) => readFileSync(file, 'utf8');
    const outputs = parseCommandFile(read(files.GITHUB_OUTPUT));
    const state = parseCommandFile(read(files.GITHUB_STATE));
    const summary = read(files.GITHUB_STEP_SUMMARY);
    const everything = [stdout, stderr, read(files.GITHUB_OUTPUT), read(files.GITHUB_STATE), summary].join('\n');
    return { exitCode, signal, stdout, stderr, outputs, state, summary, everything };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ProcessRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * `node <args>` with `env` alone in `cwd`, collecting what it writes; ACTION_NODE picks another node
 * binary (e.g. node 24, as the runner uses) for the bundles.
 */
async function runNode(
  args: string[],
  options: Omit<RunOptions, 'bundle' | 'env'> & { env: Record<string, string>; cwd: string }
): Promise<ProcessRun> {
  const child = spawn(process.env.ACTION_NODE || process.execPath, args, { env: options.env, cwd: options.cwd });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', chunk => {
    stdout += chunk;
    options.echo?.(String(chunk));
  });
  child.stderr.on('data', chunk => {
    stderr += chunk;
    options.echo?.(String(chunk));
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 20_000);
  options.onSpawn?.(child);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(resolve =>
    child.on('close', (code, sig) => resolve([code, sig]))
  );
  clearTimeout(killer);
  return { exitCode, signal, stdout, stderr };
}

/** The command's bundle (the package's bin) under a bundle folder, as scripts/bundle.mjs writes it. */
export const COMMAND_BUNDLE = join('cli', 'index.js');

export type CommandRun = ProcessRun;

export interface CommandOptions extends Omit<RunOptions, 'bundle' | 'env'> {
  /** The command's bundle; default the one of the current sources. */
  bundle?: string;
  /** Its environment, on top of PATH and HOME: nothing else is inherited (no GITHUB_* variable). */
  env?: Record<string, string>;
  /** Its working directory; default a new empty folder. */
  cwd?: string;
}

/** Runs `snapshot-build <args>` as a user runs it in a terminal, from the bundle the package's bin names. */
export async function runCommand(args: string[], options: CommandOptions = {}): Promise<CommandRun> {
  const cwd = options.cwd ?? mkdtempSync(join(tmpdir(), 'command-run-'));
  try {
    const bundle = options.bundle ?? join(await currentBundle(), COMMAND_BUNDLE);
    const env = { PATH: process.env.PATH ?? '', HOME: cwd, ...options.env };
    return await runNode([resolvePath(REPO_ROOT, bundle), ...args], { ...options, env, cwd });
  } finally {
    if (!options.cwd) rmSync(cwd, { recursive: true, force: true });
  }
}

/** Parses the runner's file-command format (`name<<DELIMITER ... DELIMITER`); later values win. */
export function parseCommandFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const end = lines.indexOf(delimiter, i + 1);
      values[name] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=');
      values[lines[i].slice(0, at)] = lines[i].slice(at + 1);
    }
  }
  return values;
}

/** Output with the runner's own mask command removed: the runner consumes that line, it is never shown. */
export function visibleOutput(run: ActionRun): string {
  return run.everything
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n');
}
