import { describe, expect, it } from '@jest/globals';
import { FAULT_KINDS } from '../fake-api/faults.js';
import { runMatrix } from '../fake-api/reliability.js';

// The matrix `npm run reliability` reports on, held to its promises: for every run the verdict is
// the build's real outcome or a clear error, one build is created, the token shows nowhere, and
// the requests stay within bound.
describe('the gate under seeded faults', () => {
  it('gives 200 runs the right verdict, one build each, and no leak', async () => {
    const report = await runMatrix({ runs: 200, seed: 1, faultRate: 0.15 });
    const problems = report.runs.filter(
      run =>
        (run.result !== undefined && run.result !== run.expected) ||
        run.buildsCreated !== 1 ||
        run.leaked ||
        run.unexpectedError ||
        run.requests > run.requestBound
    );
    expect(problems).toEqual([]);
    expect(report.totals.runs).toBe(200);
    expect(report.totals.correctVerdicts + report.totals.clearErrors).toBe(200);
    for (const kind of FAULT_KINDS) expect([kind, report.faultsByKind[kind] > 20]).toEqual([kind, true]);
  }, 180_000);
});
