// Runs one step of an action from its TypeScript sources with @github/local-action, against a fake
// API started beforehand (the action speaks the runner's protocol itself, so the outputs and state
// go to the GITHUB_OUTPUT and GITHUB_STATE files the env file names, printed after the step):
//   npm run fake-api -- --port 8787              then  npm run local-action -- devin
//   npm run fake-api:dreadnode -- --port 8788    then  npm run local-action -- dreadnode
// Inputs and runner variables come from the target's .env.example (or --env-file FILE), with
// NAME=value arguments on top, e.g. npm run local-action -- devin-post STATE_build_id=bld_...
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, parseEnv, stripVTControlCharacters } from 'node:util';
import { parseCommandFile } from '../harness/runner.js';

interface Target {
  /** The directory of the action's action.yml, relative to the repository. */
  actionDir: string;
  /** The module whose run() is the step, relative to actionDir. */
  entrypoint: string;
  envFile: string;
}

const TARGETS: Record<string, Target> = {
  devin: { actionDir: '.', entrypoint: 'src/devin/main.ts', envFile: '.env.example' },
  'devin-post': { actionDir: '.', entrypoint: 'src/devin/post.ts', envFile: '.env.example' },
  dreadnode: { actionDir: 'dreadnode', entrypoint: '../src/dreadnode/main.ts', envFile: 'dreadnode/.env.example' }
};

const USAGE = `usage: npm run local-action -- <${Object.keys(TARGETS).join('|')}> [--env-file FILE] [NAME=value ...]`;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LOCAL_ACTION = join(ROOT, 'node_modules', '@github', 'local-action', 'bin', 'local-action.js');
// Relative: local-action's launcher joins its arguments into one shell command line, unquoted.
const WORK_DIR = join('.cache', 'local-action');

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseCommandLine(): { name: string; target: Target; envFile: string; overrides: string[] } {
  const { values, positionals } = (() => {
    try {
      return parseArgs({ options: { 'env-file': { type: 'string' } }, allowPositionals: true });
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
  })();
  const [name, ...assignments] = positionals;
  const target = TARGETS[name ?? ''] ?? fail(name ? `unknown target '${name}'` : 'which target?');
  const overrides = assignments.map(assignment => {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=([^'\n]*)$/.exec(assignment);
    if (!match) fail(`expected NAME=value (no ' or newline in the value), got '${assignment}'`);
    // Single-quoted, the value is taken as it is (a # in it is no comment).
    return `${match[1]}='${match[2]}'`;
  });
  return { name, target, envFile: values['env-file'] ?? target.envFile, overrides };
}

/**
 * local-action passes every stdout line through, but it exits 0 even when the step failed; in
 * these actions only a failed step prints ::error::.
 */
function runLocalAction(args: string[]): Promise<{ exitCode: number; failed: boolean }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [LOCAL_ACTION, ...args], {
      cwd: ROOT,
      stdio: ['inherit', 'pipe', 'inherit']
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.once('error', reject);
    child.once('close', code =>
      resolvePromise({ exitCode: code ?? 1, failed: /^::error::/m.test(stripVTControlCharacters(stdout)) })
    );
  });
}

async function main(): Promise<void> {
  const { name, target, envFile, overrides } = parseCommandLine();
  const env = `${readFileSync(resolve(ROOT, envFile), 'utf8')}\n${overrides.join('\n')}\n`;
  // The runner gives each step empty files to append to.
  const files = parseEnv(env);
  const stepFiles = [files.GITHUB_STEP_SUMMARY, files.GITHUB_OUTPUT, files.GITHUB_STATE];
  for (const file of stepFiles.filter(Boolean) as string[]) {
    mkdirSync(dirname(resolve(ROOT, file)), { recursive: true });
    writeFileSync(resolve(ROOT, file), '');
  }
  mkdirSync(join(ROOT, WORK_DIR), { recursive: true });
  const runEnvFile = join(WORK_DIR, `${name}-${process.pid}.env`);
  // It may hold a real token (--env-file): readable by the owner only, and removed after the run.
  writeFileSync(join(ROOT, runEnvFile), env, { mode: 0o600 });
  try {
    const { exitCode, failed } = await runLocalAction(['run', target.actionDir, target.entrypoint, runEnvFile]);
    for (const [title, file] of [
      ['Outputs', files.GITHUB_OUTPUT],
      ['State', files.GITHUB_STATE]
    ] as const) {
      const values = file ? parseCommandFile(readFileSync(resolve(ROOT, file), 'utf8')) : {};
      const lines = Object.entries(values).map(([key, value]) => `  ${key}=${value}`);
      if (lines.length) process.stdout.write(`${title} (${file}):\n${lines.join('\n')}\n`);
    }
    const summary = files.GITHUB_STEP_SUMMARY ? readFileSync(resolve(ROOT, files.GITHUB_STEP_SUMMARY), 'utf8') : '';
    if (summary) process.stdout.write(`Job summary (${files.GITHUB_STEP_SUMMARY}):\n\n${summary}\n`);
    if (failed) process.stderr.write(`The ${name} step failed (::error:: above).\n`);
    process.exitCode = exitCode !== 0 ? exitCode : failed ? 1 : 0;
  } finally {
    rmSync(join(ROOT, runEnvFile), { force: true });
  }
}

await main();
