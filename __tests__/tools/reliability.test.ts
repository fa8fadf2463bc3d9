// The reliability matrix (tools/reliability/matrix.ts) in a short run: the gate under seeded faults
// keeps its promises on every kind of server.
import { describe, expect, it } from '@jest/globals';
import { FAULT_KINDS } from '../../fakes/devin/faults.js';
import { runMatrix, runProblems } from '../../tools/reliability/matrix.js';

const RUNS = 200;
/**
 * At 15 % faults, at most this share of runs may end in a clear error. It was 2 % until the matrix
 * drew slow triggers and lagging lists: a trigger that may have been carried out, on a server whose
 * timestamps and Date header disagree, now stops with a clear error (about 3.5 % of runs) where
 * sending it again could make a second build.
 */
const CLEAR_ERROR_SHARE = 0.05;

// The matrix `npm run reliability` reports on, held to the bar over servers that vary what
// the reference does not promise (lagging lists and slow triggers among them): for every run the
// verdict is the build's real outcome or a clear error, one build is created, the token shows nowhere, no server text becomes a runner command,
// what the step writes stays bounded, and the requests stay within bound; clear errors are rare.
describe('the gate under seeded faults, on varied servers', () => {
  it(`keeps its promises in ${RUNS} runs at 15 % faults`, async () => {
    const report = await runMatrix({ runs: RUNS, seed: 1, faultRate: 0.15 });
    const problems = report.runs
      .map(run => ({ seed: run.seed, server: run.server, problems: runProblems(run), error: run.error }))
      .filter(run => run.problems.length > 0);
    expect(problems).toEqual([]);
    expect(report.totals.runs).toBe(RUNS);
    expect(report.totals.correctVerdicts + report.totals.clearErrors).toBe(RUNS);
    expect(report.totals.clearErrors).toBeLessThanOrEqual(RUNS * CLEAR_ERROR_SHARE);
    for (const kind of FAULT_KINDS) expect([kind, report.faultsByKind[kind] > 20]).toEqual([kind, true]);
    // Every kind of server was drawn often enough to count.
    const { totals } = report;
    const leastRuns = {
      oldestFirst: 30,
      nullTrigger: 30,
      noDateHeader: 15,
      skewedDateHeader: 20,
      skewedServerClock: 20,
      noGetBuild: 30,
      hostile: 10,
      oversized: 4,
      laggingList: 20,
      slowTrigger: 15,
      orgRules: 40,
      busyOrg: 20,
      othersTrigger: 20,
      superseded: 10
    } as const;
    for (const [draw, least] of Object.entries(leastRuns))
      expect([draw, totals[draw as keyof typeof leastRuns] >= least]).toEqual([draw, true]);
  }, 300_000);
});
