// The reliability matrix: many whole runs of the Devin gate (in process, on a virtual clock, over
// real HTTP to the fake API) under seeded faults, each checked for the promises the gate makes:
// the verdict is the build's real outcome or a clear error, exactly one build is created, the
// token appears nowhere, and the number of requests stays bounded. `npm test` runs it and
// `npm run reliability` prints its figures.
import type { BuildPlan } from './devin.js';
import { FakeDevinApi } from './devin.js';
import { FAULT_KINDS, FaultInjector, type FaultKind } from './faults.js';
import { runMainInProcess } from './in-process.js';
import { DEVIN_ORG } from './kits.js';
import { seededRandom, VirtualClock } from './virtual-clock.js';
import { devinAction } from '../src/devin/action.js';

export const MATRIX_TOKEN = 'cog_matrix_secret_7f3a9c';
const POLL_INTERVAL_MS = 10_000;
// Attempts time out in real time: each hung connection costs this much of the run (the least
// request_timeout accepts).
const REQUEST_TIMEOUT = '100ms';
const EXPECTED_RESULT: Record<BuildPlan['outcome'], string> = {
  succeeded: 'success',
  failed: 'failure',
  cancelled: 'cancelled'
};

export interface MatrixOptions {
  runs: number;
  /** Seed of the first run; run i uses seed + i. */
  seed: number;
  /** Share of requests that get a fault. */
  faultRate: number;
}

export interface RunRecord {
  seed: number;
  expected: string;
  /** The gate's result, or undefined when it ended with an error. */
  result?: string;
  error?: string;
  /** The error was not one of the action's own (a bug, not a message for the user). */
  unexpectedError: boolean;
  buildsCreated: number;
  requests: number;
  requestBound: number;
  faults: number;
  leaked: boolean;
}

export interface MatrixReport {
  runs: RunRecord[];
  faultsByKind: Record<FaultKind, number>;
  totals: {
    runs: number;
    faults: number;
    correctVerdicts: number;
    clearErrors: number;
    wrongVerdicts: number;
    duplicateBuilds: number;
    leaks: number;
    unexpectedErrors: number;
    requestsOverBound: number;
  };
}

export async function runMatrix(options: MatrixOptions): Promise<MatrixReport> {
  const runs: RunRecord[] = [];
  const faultsByKind = Object.fromEntries(FAULT_KINDS.map(kind => [kind, 0])) as Record<FaultKind, number>;
  for (let i = 0; i < options.runs; i++) {
    const { record, injected } = await runOne(options.seed + i, options.faultRate);
    runs.push(record);
    for (const kind of FAULT_KINDS) faultsByKind[kind] += injected[kind];
  }
  const count = (test: (run: RunRecord) => boolean) => runs.filter(test).length;
  return {
    runs,
    faultsByKind,
    totals: {
      runs: runs.length,
      faults: runs.reduce((sum, run) => sum + run.faults, 0),
      correctVerdicts: count(run => run.result === run.expected),
      clearErrors: count(run => run.error !== undefined && !run.unexpectedError),
      wrongVerdicts: count(run => run.result !== undefined && run.result !== run.expected),
      duplicateBuilds: count(run => run.buildsCreated > 1),
      leaks: count(run => run.leaked),
      unexpectedErrors: count(run => run.unexpectedError),
      requestsOverBound: count(run => run.requests > run.requestBound)
    }
  };
}

async function runOne(seed: number, faultRate: number) {
  const random = seededRandom(seed * 7919);
  const outcome = (['succeeded', 'failed', 'cancelled'] as const)[Math.floor(random() * 3)];
  const plan: BuildPlan = {
    outcome,
    pendingMs: 5000 + Math.floor(random() * 55_000),
    runningMs: 30_000 + Math.floor(random() * 570_000)
  };
  const clock = new VirtualClock(Date.UTC(2026, 10, 24, 9, 0, 0), seed);
  const api = new FakeDevinApi({
    token: MATRIX_TOKEN,
    orgId: DEVIN_ORG,
    now: clock.now,
    plan,
    olderBuilds: Math.floor(random() * 6),
    // Now and then enough newer builds that ours is on page 2 or 3.
    newerBuildsAfterTrigger: random() < 0.2 ? 100 + Math.floor(random() * 150) : 0,
    timestampUnit: random() < 0.5 ? 's' : 'ms'
  });
  const faults = new FaultInjector(api, { seed, rate: faultRate, slowMs: 20 });
  api.onRequest = faults.hook;
  await api.start();
  try {
    const inputs = {
      org_id: DEVIN_ORG,
      token: MATRIX_TOKEN,
      api_url: api.url,
      poll_interval: `${POLL_INTERVAL_MS}ms`,
      timeout: '1h',
      request_timeout: REQUEST_TIMEOUT
    };
    const run = await runMainInProcess(devinAction, inputs, { clock });
    const result = run.outputs.result || undefined;
    const error = result === undefined ? run.report.failure : undefined;
    const pages = 3;
    // The minimum: the POST, a list per interval while the build runs, the active check.
    const minimum = 2 + Math.ceil((plan.pendingMs + plan.runningMs) / (POLL_INTERVAL_MS * 0.9));
    const record: RunRecord = {
      seed,
      expected: EXPECTED_RESULT[outcome],
      result,
      error,
      // The action's own errors are written for the user; anything else is a bug.
      unexpectedError: error?.startsWith('Unexpected error:') ?? false,
      buildsCreated: api.createdBuildIds().length,
      requests: api.requests.length,
      // Faults cost retries, and a build pushed down the list costs a request per page.
      requestBound: Math.ceil(minimum * pages * (1 + 2 * faultRate)) + 10,
      faults: faults.total,
      leaked: run.everything().includes(MATRIX_TOKEN)
    };
    return { record, injected: faults.injected };
  } finally {
    await api.stop();
  }
}
