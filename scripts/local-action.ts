// Runs one step of an action from its TypeScript sources the way the runner runs the bundle: the
// bundle's entry under tsx, with the inputs and runner variables of an env file in its environment,
// against a fake API started beforehand:
//   npm run fake-api -- --port 8787              then  npm run local-action -- devin
//   npm run fake-api:dreadnode -- --port 8788    then  npm run local-action -- dreadnode
// Inputs and runner variables come from the target's .env.example (or --env-file FILE), with
// NAME=value arguments on top, e.g. npm run local-action -- devin-post STATE_build_id=bld_...
// The step's log is printed as the runner's log shows it (a group header instead of `::group::`,
// "Error: …" for `::error::…`, no mask or debug commands unless ACTIONS_STEP_DEBUG or RUNNER_DEBUG
// is on). The step's outputs, state and job summary go to the files the env file names, printed
// after the step; the script exits with the step's exit code.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, parseEnv } from 'node:util';
import { ACTIONS } from '../harness/actions.js';
import { RunnerLog } from '../harness/runner-log.js';
import { parseCommandFile } from '../harness/runner.js';

interface Target {
  /** The bundle's entry, relative to the repository. */
  entry: string;
  envFile: string;
}

/** From the list of actions: `<name>` runs its main step, `<name>-post` its post step, with `<dir>/.env.example`. */
const TARGETS: Record<string, Target> = Object.fromEntries(
  ACTIONS.flatMap(({ name, dir, main, post }) => {
    const envFile = join(dir, '.env.example');
    return [[name, { entry: main, envFile }], ...(post ? [[`${name}-post`, { entry: post, envFile }]] : [])];
  })
);

const USAGE = `usage: npm run local-action -- <${Object.keys(TARGETS).join('|')}> [--env-file FILE] [NAME=value ...]`;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseCommandLine(): { target: Target; envFile: string; overrides: Record<string, string> } {
  const { values, positionals } = (() => {
    try {
      return parseArgs({ options: { 'env-file': { type: 'string' } }, allowPositionals: true });
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
  })();
  const [name, ...assignments] = positionals;
  const target = TARGETS[name ?? ''] ?? fail(name ? `unknown target '${name}'` : 'which target?');
  const overrides = Object.fromEntries(
    assignments.map(assignment => {
      const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(assignment);
      return match ? [match[1], match[2]] : fail(`expected NAME=value, got '${assignment}'`);
    })
  );
  return { target, envFile: values['env-file'] ?? target.envFile, overrides };
}

/**
 * Runs the entry under tsx, as `node <bundle>` runs on the runner, its log shown as the runner
 * shows it; resolves to its exit code.
 */
function runStep(entry: string, env: NodeJS.ProcessEnv): Promise<number> {
  const log = new RunnerLog({ debug: env.ACTIONS_STEP_DEBUG === 'true' || env.RUNNER_DEBUG === '1' });
  const show = (lines: string[]): void => {
    if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
  };
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: ROOT,
      env,
      stdio: ['inherit', 'pipe', 'inherit']
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => show(log.write(chunk)));
    child.once('error', reject);
    child.once('close', code => {
      show(log.end());
      resolvePromise(code ?? 1);
    });
  });
}

async function main(): Promise<void> {
  const { target, envFile, overrides } = parseCommandLine();
  const vars = { ...parseEnv(readFileSync(resolve(ROOT, envFile), 'utf8')), ...overrides };
  // The runner gives each step empty files to append to.
  const files = [vars.GITHUB_STEP_SUMMARY, vars.GITHUB_OUTPUT, vars.GITHUB_STATE].filter(Boolean) as string[];
  for (const file of files) {
    mkdirSync(dirname(resolve(ROOT, file)), { recursive: true });
    writeFileSync(resolve(ROOT, file), '');
  }
  const exitCode = await runStep(target.entry, { ...process.env, ...vars });
  for (const [title, file] of [
    ['Outputs', vars.GITHUB_OUTPUT],
    ['State', vars.GITHUB_STATE]
  ] as const) {
    const values = file ? parseCommandFile(readFileSync(resolve(ROOT, file), 'utf8')) : {};
    const lines = Object.entries(values).map(([key, value]) => `  ${key}=${value}`);
    if (lines.length) process.stdout.write(`${title} (${file}):\n${lines.join('\n')}\n`);
  }
  const summary = vars.GITHUB_STEP_SUMMARY ? readFileSync(resolve(ROOT, vars.GITHUB_STEP_SUMMARY), 'utf8') : '';
  if (summary) process.stdout.write(`Job summary (${vars.GITHUB_STEP_SUMMARY}):\n\n${summary}\n`);
  if (exitCode !== 0) process.stderr.write(`The step failed (exit code ${exitCode}).\n`);
  process.exitCode = exitCode;
}

await main();
