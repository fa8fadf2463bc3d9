// The check action's step: read the blueprint file an input names, check it (src/checker/), look
// up the GitHub Actions it uses when asked, and report every finding on its line, in the step log,
// the job summary and the outputs. It needs no Devin token: a pull request from a fork can run it.
// The checker with its YAML parser, and verify_actions' lookups with their HTTP client, are loaded
// when they are used, as the Devin action loads the checker: the step starts on a bundle without
// them (the bench's start-up figure), and a run that stops on its inputs or its file never loads
// them. A whole run costs the same either way (BENCHMARKS.md).
import type { ActionReference, Finding } from '../checker/finding.js';
import type { RunIO } from '../core/contract.js';
import { defaultOf } from '../core/declaration.js';
import { describeError } from '../core/errors.js';
import { guardedAnnotate, guardedLog, maskedSecrets, writeSummary } from '../core/sinks.js';
import { commandSafe, Secrets } from '../core/untrusted.js';
import { readBlueprintFile, type BlueprintFile } from '../devin/blueprint-file.js';
import { checkAction } from './declaration.js';
import { readCheckInputs, type CheckInputs } from './inputs.js';
import {
  announceFindings,
  checkSummary,
  cleanFindings,
  countFindings,
  countsInWords,
  failsCheck,
  findingsOutput,
  type Counts
} from './report.js';

/** The check action's outputs, in check/action.yml order. */
export const CHECK_OUTPUTS = ['errors', 'warnings', 'findings'] as const;

/** What the step did, for the caller to pass or fail it with. */
export interface CheckReport {
  /** Why the step fails, fit for the step log; undefined when it passes. */
  failure?: string;
  outputs: Record<(typeof CHECK_OUTPUTS)[number], string>;
  summary: string;
}

/**
 * The check action's step. Outputs and the job summary are written on every path; it never throws
 * for a failed check or a bad input: the report says why the step fails.
 */
export async function checkStep(io: RunIO): Promise<CheckReport> {
  const secrets = maskedSecrets(io, 'github_token');
  const log = guardedLog(io.log, secrets);
  let path = io.input('path') || defaultOf(checkAction.inputs.path);
  let findings: Finding[] | undefined;
  let failure: string | undefined;
  let scope = '';
  try {
    const inputs = readCheckInputs(io.input, io.env);
    path = inputs.path;
    const file = readBlueprintFile(inputs.path, io.env.GITHUB_WORKSPACE, 'Input "path"');
    ({ findings, scope } = await findingsOf(file, inputs, io, secrets, log));
    announceFindings(file.workspacePath, findings, {
      log,
      annotate: guardedAnnotate(io.annotate, secrets)
    });
    failure = verdict(path, countFindings(findings), inputs.fail_on);
  } catch (error) {
    failure = describeError(error, log.debug);
  }
  const counts = findings && countFindings(findings);
  const outputs = {
    errors: counts ? String(counts.errors) : '',
    warnings: counts ? String(counts.warnings) : '',
    findings: findings ? findingsOutput(findings, secrets.redact) : ''
  };
  for (const [name, value] of Object.entries(outputs)) io.setOutput(name, value);
  const summary = checkSummary({ path, findings, failure, scope }, secrets.redact);
  await writeSummary(io, summary, log);
  if (!failure && counts) log.info(`${path} passes the check: ${countsInWords(counts)}.`);
  return { failure: failure && commandSafe(secrets.redact(failure)), outputs, summary };
}

/**
 * The findings of one file, in file order with clean messages: the checker's, and verify_actions'
 * when asked; and what the summary says was looked up. The action's step and the command's share it.
 */
export async function findingsOf(
  file: BlueprintFile,
  inputs: CheckInputs,
  io: Pick<RunIO, 'clock' | 'signal'>,
  secrets: Secrets,
  log: RunIO['log']
): Promise<{ findings: Finding[]; scope: string }> {
  const { checkBlueprint } = await import('../checker/checker.js');
  const checked = checkBlueprint({ text: file.contents, path: file.path, tier: inputs.tier });
  const verified = await verifyIfAsked(checked.actions, inputs, io, secrets, log);
  return { findings: cleanFindings([...checked.findings, ...verified.findings]), scope: verified.scope };
}

/** The findings of verify_actions, and what the summary says was looked up. */
async function verifyIfAsked(
  actions: readonly ActionReference[],
  inputs: CheckInputs,
  io: Pick<RunIO, 'clock' | 'signal'>,
  secrets: Secrets,
  log: RunIO['log']
): Promise<{ findings: Finding[]; scope: string }> {
  if (inputs.notLookedUp !== undefined) {
    // Asked for and not done: said in the log too.
    if (inputs.verify_actions && actions.length)
      log.info(`The actions the blueprint uses were not looked up: ${inputs.notLookedUp}.`);
    return { findings: [], scope: `the actions it uses were not looked up (${inputs.notLookedUp})` };
  }
  if (!actions.length) return { findings: [], scope: '' };
  const { verifyOnGitHub } = await import('./verify.js');
  const { findings, lookedUp } = await verifyOnGitHub(actions, {
    apiUrl: inputs.githubApiUrl,
    token: inputs.github_token,
    secrets,
    clock: io.clock,
    signal: io.signal,
    debug: line => log.debug(line)
  });
  return { findings, scope: `${lookedUp} ${lookedUp === 1 ? 'action' : 'actions'} it uses looked up on GitHub` };
}

/** Why the step fails, if it does: an error, or with fail_on: warning a warning. */
function verdict(path: string, counts: Counts, failOn: CheckInputs['fail_on']): string | undefined {
  if (!failsCheck(counts, failOn)) return undefined;
  const because = counts.errors ? '' : ', and fail_on is warning';
  return `${path} has ${countsInWords(counts)}${because}: see the lines above, or the annotations.`;
}
