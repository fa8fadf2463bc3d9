// The Devin action's check of a blueprint file before it uploads it: offline (this action never
// calls GitHub), and an error stops the run before any request to Devin. The checker, and the YAML
// parser it brings, are loaded only here: a run that uploads no file never pays for them at start-up.
import { announceFindings, cleanFindings, countFindings, countsInWords, findingLine } from '../check/report.js';
import type { Finding } from '../checker/finding.js';
import type { RunIO } from '../core/contract.js';
import { ActionError, errorText } from '../core/errors.js';
import type { InputSpelling } from '../core/inputs.js';
import { serverText } from '../core/untrusted.js';
import type { BlueprintFile } from './blueprint-file.js';

/** The errors the failure message lists; the annotations and the log lines above it show every one. */
const LISTED_ERRORS = 10;

/**
 * Annotates every finding of `file`; throws an ActionError, before anything is sent, when one is an
 * error (naming the `check` input as `spell` does). A checker that fails (a bug) is a warning: the
 * upload it guards goes on, unchecked.
 */
export async function checkBeforeUpload(
  file: BlueprintFile,
  io: Pick<RunIO, 'log' | 'annotate'>,
  spell: InputSpelling
): Promise<void> {
  let found: Finding[];
  try {
    const { checkBlueprint } = await import('../checker/checker.js');
    // The upload sets the repository's repo-tier blueprint.
    found = checkBlueprint({ text: file.contents, path: file.path, tier: 'repo' }).findings;
  } catch (error) {
    io.log.warning(
      `The check of ${file.path} failed (${serverText(errorText(error))}); uploading it unchecked. Please report this.`
    );
    return;
  }
  const findings = cleanFindings(found);
  announceFindings(file.workspacePath, findings, io);
  const counts = countFindings(findings);
  if (!counts.errors) {
    if (findings.length) io.log.info(`${file.path} has ${countsInWords(counts)}; uploading it.`);
    return;
  }
  const errors = findings.filter(finding => finding.severity === 'error');
  const more = errors.length - LISTED_ERRORS;
  throw new ActionError(
    [
      `The blueprint file ${file.path} has ${countsInWords(counts)}, so nothing was sent to Devin (no upload, no build). ` +
        `Fix the errors, or set ${spell.setting('check', 'false')} to upload it anyway:`,
      ...errors.slice(0, LISTED_ERRORS).map(finding => findingLine(file.workspacePath, finding)),
      ...(more > 0 ? [`… and ${more} more ${more === 1 ? 'error' : 'errors'} (see the annotations)`] : [])
    ].join('\n')
  );
}
