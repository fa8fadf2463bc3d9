// How a blueprint's findings reach the user, for the check action and for the Devin action's check
// before an upload: a log line each as compilers write them (`path:line:col: severity rule: message`),
// an annotation each on its line, and for the check action a job summary and outputs. A message may
// quote the file, which is untrusted: every message passes serverText here, and each sink's rule
// (the log's and the annotations' in steps.ts, summaryText here) after it.
import type { Finding, Severity } from '../checker/finding.js';
import type { Annotation, RunIO } from '../core/contract.js';
import { withOwnValues } from '../core/report.js';
import { boundedSummary, SERVER_TEXT_MAX_CHARS, serverText, summaryText } from '../core/untrusted.js';

/** A finding's message quotes at most a line or two of the file. */
const MESSAGE_MAX_CHARS = 500;
/** GitHub shows this many error (and as many warning) annotations a step; the log and the summary show every finding. */
export const SHOWN_ANNOTATIONS = 10;
/** The summary's table stops here (the log has them all), so that it stays far under GitHub's 1 MiB. */
export const SUMMARY_FINDINGS_MAX = 300;
/** The findings output holds at most this many findings, in at most FINDINGS_OUTPUT_MAX_BYTES of JSON. */
export const FINDINGS_OUTPUT_MAX = 100;
export const FINDINGS_OUTPUT_MAX_BYTES = 64 * 1024;

export interface Counts {
  errors: number;
  warnings: number;
  notices: number;
}

/** The findings in file order (line, then column), each message one clean bounded line. */
export function cleanFindings(findings: readonly Finding[]): Finding[] {
  return [...findings]
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .map(finding => ({ ...finding, message: serverText(finding.message, MESSAGE_MAX_CHARS) }));
}

export function countFindings(findings: readonly Finding[]): Counts {
  const count = (severity: Severity): number => findings.filter(finding => finding.severity === severity).length;
  return { errors: count('error'), warnings: count('warning'), notices: count('notice') };
}

/** Whether a file with `counts` fails the check: an error, or with fail_on: warning a warning. */
export function failsCheck(counts: Counts, failOn: 'error' | 'warning'): boolean {
  return counts.errors > 0 || (failOn === 'warning' && counts.warnings > 0);
}

/** `2 errors, 1 warning`: the counts that are not zero, or `no findings`. */
export function countsInWords(counts: Counts): string {
  const words = [
    plural(counts.errors, 'error'),
    plural(counts.warnings, 'warning'),
    plural(counts.notices, 'notice')
  ].filter(Boolean);
  return words.length ? words.join(', ') : 'no findings';
}

function plural(count: number, word: string): string {
  return count ? `${count} ${word}${count === 1 ? '' : 's'}` : '';
}

/** `file:line:col: severity rule: message`, as compilers and linters write a finding. */
export function findingLine(file: string, finding: Finding): string {
  return `${file}:${finding.line}:${finding.column}: ${finding.severity} ${finding.rule}: ${finding.message}`;
}

/**
 * The annotation of a finding at its line and column, and where it ends when that is on the same
 * line: the runner takes columns only within one line, so a finding over several lines is
 * annotated where it starts.
 */
export function annotationOf(file: string, finding: Finding): Annotation {
  const { severity, message, rule, line, column, endLine, endColumn } = finding;
  const sameLine = endColumn !== undefined && (endLine === undefined || endLine === line);
  return {
    severity,
    message,
    title: rule,
    file,
    startLine: line,
    startColumn: column,
    ...(sameLine && { endLine: line, endColumn })
  };
}

/**
 * Every finding of `file` in the step log, one line each, and on its line as an annotation; a note
 * when there are more than GitHub shows. `findings` come from cleanFindings.
 */
export function announceFindings(
  file: string,
  findings: readonly Finding[],
  io: Pick<RunIO, 'log' | 'annotate'>
): void {
  for (const finding of findings) io.log.info(findingLine(file, finding));
  for (const finding of findings) io.annotate(annotationOf(file, finding));
  const { errors, warnings } = countFindings(findings);
  if (errors > SHOWN_ANNOTATIONS || warnings > SHOWN_ANNOTATIONS) {
    io.log.info(
      `GitHub shows at most ${SHOWN_ANNOTATIONS} error and ${SHOWN_ANNOTATIONS} warning annotations a step: ` +
        'every finding is in the lines above (and in the job summary).'
    );
  }
}

/**
 * The findings output: `{"total": N, "truncated": false, "findings": [...]}`, the findings in file
 * order. At most FINDINGS_OUTPUT_MAX of them in at most FINDINGS_OUTPUT_MAX_BYTES: past that, the
 * first ones that fit, and `truncated: true` (`total` still counts them all).
 */
export function findingsOutput(findings: readonly Finding[], redact: (text: string) => string): string {
  const kept: Finding[] = [];
  const json = (truncated: boolean): string => JSON.stringify({ total: findings.length, truncated, findings: kept });
  for (const finding of findings.slice(0, FINDINGS_OUTPUT_MAX)) {
    kept.push({ ...finding, message: redact(finding.message) });
    if (Buffer.byteLength(json(true)) > FINDINGS_OUTPUT_MAX_BYTES) {
      kept.pop();
      break;
    }
  }
  return json(kept.length < findings.length);
}

export interface CheckSummary {
  /** As the input gave it. */
  path: string;
  /** Undefined when the run stopped before the file was checked. */
  findings?: readonly Finding[];
  /** Why the step fails, one problem a line; undefined when it passes. */
  failure?: string;
  /** What was checked beyond the file, e.g. "3 actions looked up on GitHub". */
  scope: string;
}

/**
 * The job summary: the verdict in its heading, what was checked, a table of the findings (rule,
 * line, message) and the verdict line; after an input error, just the error. Every text from the file
 * or from GitHub goes through summaryText, so that none can add markup, a heading or a table row.
 */
export function checkSummary(
  { path, findings, failure, scope }: CheckSummary,
  redact: (text: string) => string
): string {
  const text = (value: string, maxChars = SERVER_TEXT_MAX_CHARS): string => summaryText(redact(value), maxChars);
  // The path, the run's own value, as it is in a code span outside the table: a mask on it still holds.
  const line = (value: string, maxChars = 1000): string => withOwnValues(redact(value), maxChars, [redact(path)]);
  if (!findings) {
    const problems = (failure ?? '').split('\n').filter(problem => problem.trim());
    return boundedSummary(
      ['## ❌ Blueprint check stopped on an error', '', ...problems.map(problem => `- ${line(problem)}`), ''].join('\n')
    );
  }
  const counts = countFindings(findings);
  const heading = failure
    ? `## ❌ Blueprint check failed: ${countsInWords(counts)}`
    : `## ✅ Blueprint check passed${findings.length ? `: ${countsInWords(counts)}` : ''}`;
  const shown = findings.slice(0, SUMMARY_FINDINGS_MAX);
  const leftOut = findings.length - shown.length;
  const table = shown.length
    ? [
        '| Line | Severity | Rule | Message |',
        '|---|---|---|---|',
        ...shown.map(
          finding =>
            `| ${finding.line}:${finding.column} | ${finding.severity} | ${text(finding.rule, 80)} | ${text(finding.message, 300)} |`
        ),
        ...(leftOut ? ['', `_${leftOut} more ${leftOut === 1 ? 'finding is' : 'findings are'} in the step log._`] : []),
        ''
      ]
    : [];
  return boundedSummary(
    [
      heading,
      '',
      line(`Checked ${path}${scope ? `; ${scope}` : ''}.`),
      '',
      ...table,
      `**Verdict:** ${failure ? line(failure.split('\n')[0]) : `passes (${countsInWords(counts)}).`}`,
      ''
    ].join('\n')
  );
}
