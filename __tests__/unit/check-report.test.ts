// How findings reach the user (src/check/report.ts): log lines, annotations, the job summary and the
// findings output, with text from the file or from GitHub (untrusted) in each.
import { describe, expect, it } from '@jest/globals';
import { ALL_HOSTILE } from '../../fakes/hostile.js';
import type { Finding } from '../../src/checker/finding.js';
import {
  annotationOf,
  announceFindings,
  checkSummary,
  cleanFindings,
  countFindings,
  countsInWords,
  findingLine,
  FINDINGS_OUTPUT_MAX,
  FINDINGS_OUTPUT_MAX_BYTES,
  findingsOutput,
  SUMMARY_FINDINGS_MAX
} from '../../src/check/report.js';
import type { Annotation } from '../../src/core/contract.js';
import { SUMMARY_MAX_BYTES } from '../../src/core/untrusted.js';

const FILE = '.devin/blueprint.yaml';

function finding(overrides: Partial<Finding> = {}): Finding {
  return { rule: 'step-keys', severity: 'warning', message: 'Unknown key "nme".', line: 4, column: 7, ...overrides };
}

const noRedaction = (text: string): string => text;

describe('the findings, one line each', () => {
  it('are sorted in file order, each message one clean bounded line', () => {
    const cleaned = cleanFindings([
      finding({ line: 9, column: 1, message: `quoted\n::error::x\x1b[31mred\x1b[0m` }),
      finding({ line: 2, column: 5 }),
      finding({ line: 2, column: 1, message: 'y'.repeat(5000) })
    ]);
    expect(cleaned.map(f => [f.line, f.column])).toEqual([
      [2, 1],
      [2, 5],
      [9, 1]
    ]);
    expect(cleaned[0].message).toHaveLength(500);
    expect(cleaned[2].message).toBe('quoted ::error::xred');
  });

  it('are written as compilers write them', () => {
    expect(findingLine(FILE, finding())).toBe('.devin/blueprint.yaml:4:7: warning step-keys: Unknown key "nme".');
  });

  it('are counted in words', () => {
    const counts = countFindings([
      finding({ severity: 'error' }),
      finding(),
      finding(),
      finding({ severity: 'notice' })
    ]);
    expect(counts).toEqual({ errors: 1, warnings: 2, notices: 1 });
    expect(countsInWords(counts)).toBe('1 error, 2 warnings, 1 notice');
    expect(countsInWords(countFindings([]))).toBe('no findings');
  });
});

describe('annotationOf', () => {
  it('annotates the finding on its line and columns, titled with its rule', () => {
    expect(annotationOf(FILE, finding({ endLine: 4, endColumn: 10 }))).toEqual({
      severity: 'warning',
      message: 'Unknown key "nme".',
      title: 'step-keys',
      file: FILE,
      startLine: 4,
      startColumn: 7,
      endLine: 4,
      endColumn: 10
    });
    expect(annotationOf(FILE, finding())).toEqual({
      severity: 'warning',
      message: 'Unknown key "nme".',
      title: 'step-keys',
      file: FILE,
      startLine: 4,
      startColumn: 7
    });
  });

  it('annotates a finding over several lines where it starts (the runner takes columns within one line only)', () => {
    expect(annotationOf(FILE, finding({ severity: 'error', endLine: 8, endColumn: 3 }))).toEqual({
      severity: 'error',
      message: 'Unknown key "nme".',
      title: 'step-keys',
      file: FILE,
      startLine: 4,
      startColumn: 7
    });
  });
});

describe('announceFindings', () => {
  function announce(findings: Finding[]) {
    const lines: string[] = [];
    const annotations: Annotation[] = [];
    const log = { info: (line: string) => void lines.push(line), warning: () => {}, debug: () => {}, group: () => {} };
    announceFindings(FILE, findings, { log, annotate: annotation => void annotations.push(annotation) });
    return { lines, annotations };
  }

  it('logs and annotates every finding', () => {
    const { lines, annotations } = announce([finding({ severity: 'error' }), finding({ severity: 'notice', line: 8 })]);
    expect(lines).toEqual([
      '.devin/blueprint.yaml:4:7: error step-keys: Unknown key "nme".',
      '.devin/blueprint.yaml:8:7: notice step-keys: Unknown key "nme".'
    ]);
    expect(annotations.map(a => [a.severity, a.startLine])).toEqual([
      ['error', 4],
      ['notice', 8]
    ]);
  });

  it('says so when there are more than GitHub shows, and still annotates each', () => {
    const many = Array.from({ length: 11 }, (_, i) => finding({ severity: 'error', line: i + 1 }));
    const { lines, annotations } = announce(many);
    expect(annotations).toHaveLength(11);
    expect(lines).toHaveLength(12);
    expect(lines[11]).toContain('GitHub shows at most 10 error and 10 warning annotations a step');
  });
});

describe('findingsOutput', () => {
  const parse = (json: string) => JSON.parse(json) as { total: number; truncated: boolean; findings: Finding[] };

  it('holds every finding as it is, when they fit', () => {
    const findings = [finding({ severity: 'error', endLine: 4, endColumn: 9 }), finding({ line: 6 })];
    expect(parse(findingsOutput(findings, noRedaction))).toEqual({ total: 2, truncated: false, findings });
  });

  it(`holds the first ${FINDINGS_OUTPUT_MAX} findings, and says it is truncated`, () => {
    const findings = Array.from({ length: 150 }, (_, i) => finding({ line: i + 1 }));
    const output = parse(findingsOutput(findings, noRedaction));
    expect(output.total).toBe(150);
    expect(output.truncated).toBe(true);
    expect(output.findings).toEqual(findings.slice(0, FINDINGS_OUTPUT_MAX));
  });

  it(`stays within ${FINDINGS_OUTPUT_MAX_BYTES} bytes with long messages`, () => {
    const findings = cleanFindings(
      Array.from({ length: 100 }, (_, i) => finding({ line: i + 1, message: '€'.repeat(600) }))
    );
    const json = findingsOutput(findings, noRedaction);
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(FINDINGS_OUTPUT_MAX_BYTES);
    const output = parse(json);
    expect(output.truncated).toBe(true);
    expect(output.findings.length).toBeGreaterThan(10);
    expect(output.findings).toEqual(findings.slice(0, output.findings.length));
  });

  it('redacts the run secrets from the messages', () => {
    const json = findingsOutput([finding({ message: 'key ghs_secret in the file' })], text =>
      text.replace('ghs_secret', '***')
    );
    expect(json).not.toContain('ghs_secret');
    expect(json).toContain('key *** in the file');
  });
});

describe('checkSummary', () => {
  const tableRows = (summary: string) => summary.split('\n').filter(line => line.startsWith('|'));

  it('gives the verdict in its heading, a table of the findings and a verdict line', () => {
    const findings = [
      finding({ severity: 'error', rule: 'uses-format', line: 3, column: 9, message: 'Write github.com/x.' })
    ];
    const summary = checkSummary(
      { path: FILE, findings, failure: `${FILE} has 1 error: see the lines above.`, scope: '' },
      noRedaction
    );
    const lines = summary.split('\n');
    expect(lines[0]).toBe('## ❌ Blueprint check failed: 1 error');
    expect(tableRows(summary)).toEqual([
      '| Line | Severity | Rule | Message |',
      '|---|---|---|---|',
      '| 3:9 | error | uses&#45;format | Write github&#46;com/x&#46; |'
    ]);
    expect(lines).toContain('**Verdict:** `.devin/blueprint.yaml` has 1 error&#58; see the lines above&#46;');
  });

  it('passes with what it found, or with nothing', () => {
    expect(checkSummary({ path: FILE, findings: [finding()], scope: '' }, noRedaction)).toMatch(
      /^## ✅ Blueprint check passed: 1 warning\n[\s\S]*\*\*Verdict:\*\* passes \(1 warning\)\.\n$/
    );
    const clean = checkSummary(
      { path: FILE, findings: [], scope: '2 actions it uses looked up on GitHub' },
      noRedaction
    );
    expect(clean.split('\n')[0]).toBe('## ✅ Blueprint check passed');
    expect(tableRows(clean)).toEqual([]);
    expect(clean).toContain('looked up on GitHub');
  });

  it('lets no text of the file add a row, a heading or markup', () => {
    const message = `${ALL_HOSTILE} | injected | row |\n## heading <img src=x> [link](https://evil.example)`;
    const summary = checkSummary(
      { path: FILE, findings: cleanFindings([finding({ message })]), scope: '' },
      noRedaction
    );
    expect(tableRows(summary)).toHaveLength(3);
    expect(summary.split('\n').filter(line => line.startsWith('#'))).toHaveLength(1);
    expect(summary).not.toMatch(/<img|\]\(|::/);
  });

  it(`shows at most ${SUMMARY_FINDINGS_MAX} rows, says where the rest are, and stays under its bound`, () => {
    const findings = cleanFindings(
      Array.from({ length: 1000 }, (_, i) => finding({ line: i + 1, message: '<'.repeat(500) }))
    );
    const summary = checkSummary({ path: FILE, findings, scope: '' }, noRedaction);
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(tableRows(summary).length).toBeLessThanOrEqual(SUMMARY_FINDINGS_MAX + 2);
    expect(summary).toContain('in the step log');
  });

  it('shows the path, the run own value, as it is in a code span, so that a mask on it holds', () => {
    const path = 'ci/blue_print-1.yaml';
    const summary = checkSummary({ path, findings: [], scope: '' }, noRedaction);
    expect(summary).toContain('Checked `ci/blue_print-1.yaml`&#46;');
    const refused = checkSummary({ path, failure: `Input "path" is empty (got "${path}").`, scope: '' }, noRedaction);
    expect(refused).toContain('&#40;got &#34;`ci/blue_print-1.yaml`&#34;&#41;');
  });

  it('after an input error, shows the error, one line per problem', () => {
    const failure =
      'Input "tier" must be one of repo, org, enterprise (got "team").\nInput "fail_on" must be one of error, warning (got "x").';
    const summary = checkSummary({ path: FILE, failure, scope: '' }, noRedaction);
    expect(summary.split('\n')[0]).toBe('## ❌ Blueprint check stopped on an error');
    expect(summary.split('\n').filter(line => line.startsWith('- '))).toHaveLength(2);
  });

  it('redacts the run secrets before escaping, so that no escaped form of one shows', () => {
    const summary = checkSummary(
      { path: FILE, findings: [finding({ message: 'token ghs_a_b in the file' })], scope: '' },
      text => text.replace('ghs_a_b', '***')
    );
    expect(summary).not.toMatch(/ghs/);
  });
});
