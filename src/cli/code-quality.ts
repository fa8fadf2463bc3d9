// The findings as a GitLab Code Quality report (https://docs.gitlab.com/ci/testing/code_quality/,
// "Code Quality report format"): a JSON array of issues with the fields GitLab reads. The
// fingerprint is a hash of the rule, the path and the text of the finding's line, so that a finding
// keeps it when lines above it move (GitLab compares reports by fingerprint); a finding whose three
// are another's too gets its rank among them, since GitLab shows one issue per fingerprint.
import { createHash } from 'node:crypto';
import type { Finding, Severity } from '../checker/finding.js';

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number } };
}

/** A checked file: its path as the repository names it, its text, and its findings. */
export interface CheckedFile {
  path: string;
  text: string;
  findings: readonly Finding[];
}

const SEVERITY: Record<Severity, CodeQualityIssue['severity']> = { error: 'major', warning: 'minor', notice: 'info' };

export function codeQualityReport(files: readonly CheckedFile[]): CodeQualityIssue[] {
  const seen = new Map<string, number>();
  return files.flatMap(({ path, text, findings }) => {
    const lines = text.split(/\r?\n/);
    return findings.map(finding => {
      const key = [finding.rule, path, (lines[finding.line - 1] ?? '').trim()].join('\0');
      const rank = seen.get(key) ?? 0;
      seen.set(key, rank + 1);
      return {
        description: finding.message,
        check_name: finding.rule,
        fingerprint: createHash('sha256')
          .update(rank ? `${key}\0${rank}` : key)
          .digest('hex'),
        severity: SEVERITY[finding.severity],
        location: { path, lines: { begin: finding.line } }
      };
    });
  });
}
