// What a step prints, as every line must reach the runner or the terminal: the run's secrets
// redacted, then no runner command markers; and the job summary, whose failure to be written is a
// warning, never the step's failure. Shared by every step (the gates, the check, the command).
import type { RunIO } from './contract.js';
import { errorText } from './errors.js';
import type { Logger } from './gate/gate-run.js';
import { commandSafe, Secrets } from './untrusted.js';

/**
 * The log as every line must reach it: the run's secrets redacted, then no runner command markers
 * (ours or the server's). The runner's sink also puts a group's lines between stop-commands
 * markers (on-runner.ts); a terminal's has no commands to stop.
 */
export function guardedLog(log: RunIO['log'], secrets: Secrets): RunIO['log'] {
  const line = (text: string): string => commandSafe(secrets.redact(text));
  return {
    info: text => log.info(line(text)),
    warning: text => log.warning(line(text)),
    debug: text => log.debug(line(text)),
    group: (title, lines) => log.group(line(title), lines.map(line))
  };
}

/**
 * Annotations as they must reach the runner, which prints them in the step log: like its lines, the
 * run's secrets redacted and no runner command markers (core escapes the line breaks).
 */
export function guardedAnnotate(annotate: RunIO['annotate'], secrets: Secrets): RunIO['annotate'] {
  const text = (value: string): string => commandSafe(secrets.redact(value));
  return ({ message, title, ...place }) =>
    annotate({ ...place, message: text(message), ...(title !== undefined && { title: text(title) }) });
}

/** Writes the job summary where there is somewhere to; a failure to is a warning, never the step's failure. */
export async function writeSummary(io: RunIO, markdown: string, log: Logger): Promise<void> {
  if (!io.writeSummary) return;
  try {
    await io.writeSummary(markdown);
  } catch (error) {
    log.warning(`Could not write the job summary: ${errorText(error)}`);
  }
}

/**
 * Reads the secret input `name` and masks it before anything else can print it: the run's secrets,
 * that one first.
 */
export function maskedSecrets(io: Pick<RunIO, 'input' | 'setSecret'>, name: string): Secrets {
  const secrets = new Secrets();
  const value = io.input(name);
  if (value) io.setSecret(value);
  secrets.add(value);
  return secrets;
}
