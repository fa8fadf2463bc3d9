// `snapshot-build check [PATH...]`: the check action's rules on blueprint files (the action's
// `path`, or the files named), offline unless --verify-actions, with the findings as compilers write
// them, as a GitLab Code Quality report, or as JSON, on stdout. Exit code 1 when a file fails the
// check (an error; a warning with --fail-on warning).
import type { Finding } from '../checker/finding.js';
import { countFindings, countsInWords, failsCheck, findingLine } from '../check/report.js';
import { findingsOf } from '../check/step.js';
import { systemClock } from '../core/clock.js';
import { ActionError, InputError } from '../core/errors.js';
import { guardedLog } from '../core/sinks.js';
import { commandSafe, Secrets } from '../core/untrusted.js';
import { readBlueprintFile } from '../devin/blueprint-file.js';
import type { RegisteredCheck } from '../registry.js';
import { codeQualityReport, type CheckedFile } from './code-quality.js';
import { commandEnvironment } from './environment.js';
import { EXIT } from './exit-codes.js';
import { inputReader, type CommandLine } from './flags.js';
import type { CommandIO } from './gate-command.js';
import { commandSpelling } from './spelling.js';
import { TerminalLog, wantsColor } from './terminal.js';

export async function runCheckCommand(
  { declaration, readInputs }: RegisteredCheck,
  { inputs: given, options, paths }: CommandLine,
  io: CommandIO
): Promise<number> {
  const terminal = new TerminalLog(io.stderr, {
    color: wantsColor(io.stderr, io.env),
    live: false,
    verbose: options.verbose,
    now: () => systemClock.now()
  });
  const secrets = new Secrets();
  const spelling = commandSpelling(declaration);
  const env = commandEnvironment(io.env, io.cwd);
  const checked: CheckedFile[] = [];
  let failOn: 'error' | 'warning' = 'error';
  try {
    const inputs = readInputs(inputReader(declaration, given, io.env), env, spelling);
    secrets.add(inputs.github_token);
    failOn = inputs.fail_on;
    const log = guardedLog(terminal, secrets);
    for (const path of paths.length ? paths : [inputs.path]) {
      const file = readBlueprintFile(path, env.GITHUB_WORKSPACE, spelling.subject('path'));
      const { findings } = await findingsOf(file, inputs, { clock: systemClock }, secrets, log);
      const redacted = findings.map(finding => ({ ...finding, message: secrets.redact(finding.message) }));
      checked.push({ path: file.workspacePath, text: file.contents, findings: redacted });
    }
  } catch (error) {
    if (!(error instanceof ActionError)) throw error;
    terminal.error(secrets.redact(error.message));
    return error instanceof InputError ? EXIT.usage : EXIT.error;
  }
  io.stdout.write(report(checked, options.format));
  // With a report on stdout (a CI job's artifact), the findings are still read in the job's log.
  if (options.format !== 'text') io.stderr.write(report(checked, 'text'));
  let failed = false;
  for (const { path, findings } of checked) {
    const counts = countFindings(findings);
    const fails = failsCheck(counts, failOn);
    failed ||= fails;
    terminal.info(`${path}: ${countsInWords(counts)}${fails ? '' : ', passes the check'}.`);
  }
  return failed ? EXIT.notSucceeded : EXIT.success;
}

/** The findings as `format` writes them; a finding's message is untrusted text, cleaned (cleanFindings) and redacted. */
function report(files: readonly CheckedFile[], format: CommandLine['options']['format']): string {
  switch (format) {
    case 'gitlab':
      return `${JSON.stringify(codeQualityReport(files), null, 2)}\n`;
    case 'json': {
      const findings: (Finding & { path: string })[] = files.flatMap(({ path, findings }) =>
        findings.map(finding => ({ path, ...finding }))
      );
      return `${JSON.stringify(findings, null, 2)}\n`;
    }
    case 'text':
      return files
        .flatMap(({ path, findings }) => findings.map(finding => `${commandSafe(findingLine(path, finding))}\n`))
        .join('');
  }
}
