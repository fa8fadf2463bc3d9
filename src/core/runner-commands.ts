// The part of the runner's protocol a JavaScript action speaks, written out: inputs and state from
// the environment, workflow commands on stdout, outputs, state and the job summary appended to the
// files the runner names. It is what @actions/core does for these calls, without the modules
// @actions/core loads at start-up for what this action never calls (exec, io, OIDC, platform
// details), which were a fifth of the time to the first request (BENCHMARKS.md).
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/** An input as the runner passes it: trimmed, '' when unset. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** A value the step's main part saved, as the runner passes it to the post part. */
export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? '';
}

export function setOutput(name: string, value: string): void {
  writeKeyValue('GITHUB_OUTPUT', 'set-output', name, value);
}

export function saveState(name: string, value: string): void {
  writeKeyValue('GITHUB_STATE', 'save-state', name, value);
}

/** Masks `secret` in everything the runner prints from now on. */
export function setSecret(secret: string): void {
  command('add-mask', secret);
}

export function info(line: string): void {
  process.stdout.write(line + EOL);
}

export function debug(line: string): void {
  command('debug', line);
}

export function warning(line: string): void {
  command('warning', line);
}

export function error(line: string): void {
  command('error', line);
}

export function startGroup(title: string): void {
  command('group', title);
}

export function endGroup(): void {
  command('endgroup', '');
}

/** Appends Markdown to the job summary; a no-op outside a runner. */
export function appendSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, markdown, 'utf8');
}

/** `::name::message`, with the message escaped so that it stays one command on one line. */
function command(name: string, message: string): void {
  const escaped = message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  process.stdout.write(`::${name}::${escaped}${EOL}`);
}

/**
 * `name<<DELIMITER`, the value, `DELIMITER`, appended to the file the runner names in `variable`
 * (a random delimiter the value cannot contain); the older stdout command where there is no file.
 */
function writeKeyValue(variable: string, fallback: string, name: string, value: string): void {
  const file = process.env[variable];
  if (!file) {
    process.stdout.write(EOL);
    command(`${fallback} name=${name}`, value);
    return;
  }
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`Unexpected input: name or value contains the delimiter ${delimiter}`);
  }
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}
