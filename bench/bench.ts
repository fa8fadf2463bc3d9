// `npm run bench`: measures what the gate costs, running the committed bundle (it builds nothing)
// against the fake API on this machine, and prints one table of figures against their targets.
// With --write it also writes the table to BENCHMARKS.md. Timings are medians over repeated runs
// and ratios to a baseline taken in the same run (`node -e 0`): the machine is small and noisy.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { systemClock } from '../src/core/clock.js';
import { FakeDevinApi, type FakeDevinApiOptions } from '../fake-api/devin.js';
import { runMainInProcess } from '../fake-api/in-process.js';
import { DEVIN_ORG as TEST_ORG, DEVIN_TOKEN as TEST_TOKEN } from '../fake-api/kits.js';
import { devinAction } from '../src/devin/action.js';
import { RateLimiter } from '../fake-api/rate-limit.js';
import { REPO_ROOT, runAction } from '../fake-api/runner.js';
import { seededRandom } from '../fake-api/virtual-clock.js';

const { values: args } = parseArgs({
  options: {
    bundle: { type: 'string', default: 'dist/index.js' },
    write: { type: 'boolean', default: false },
    only: { type: 'string' }
  }
});
const bundle = args.bundle as string;
const wanted = (name: string) => !args.only || args.only.split(',').includes(name);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

interface Row {
  figure: string;
  measured: string;
  target: string;
  pass: boolean;
}
const rows: Row[] = [];
const notes: string[] = [];

async function withFake<T>(options: FakeDevinApiOptions, body: (api: FakeDevinApi) => Promise<T>): Promise<T> {
  const api = new FakeDevinApi(options);
  await api.start();
  try {
    return await body(api);
  } finally {
    await api.stop();
  }
}

/** Finished builds before ours, taking about `typicalMs` from creation to completion. */
function addHistory(api: FakeDevinApi, typicalMs: number, random: () => number): void {
  for (let i = 8; i >= 1; i--) {
    const createdAt = Date.now() - i * 3_600_000;
    const total = typicalMs * (0.85 + 0.3 * random());
    api.addBuild({
      status: 'succeeded',
      trigger: 'manual',
      createdAt,
      startedAt: createdAt + total * 0.1,
      completedAt: createdAt + total
    });
  }
}

const inputs = (url: string, extra: Record<string, string> = {}) => ({
  org_id: TEST_ORG,
  token: TEST_TOKEN,
  api_url: url,
  ...extra
});

// 1. Bundle size.
if (wanted('size')) {
  const size = statSync(resolve(REPO_ROOT, bundle)).size;
  rows.push({
    figure: `${bundle} size`,
    measured: `${round(size / 1024, 0)} KB`,
    target: '≤ 600 KB',
    pass: size <= 600 * 1024
  });
}

// 2. Cold start: process start to the first request, against `node -e 0` start to exit.
if (wanted('start')) {
  const RUNS = 15;
  const spawnToExit = () =>
    new Promise<number>(resolve => {
      const started = performance.now();
      spawn(process.execPath, ['-e', '0']).on('close', () => resolve(performance.now() - started));
    });
  const baseline: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    baseline.push(await spawnToExit());
    await withFake({}, async api => {
      let started = 0;
      let first = 0;
      api.onRequest = () => {
        first ||= performance.now();
        return false;
      };
      await runAction(inputs(api.url, { wait: 'false' }), { bundle, onSpawn: () => (started = performance.now()) });
      ours.push(first - started);
    });
  }
  const ratio = median(ours) / median(baseline);
  rows.push({
    figure: 'cold start: process start → first request',
    measured: `${round(median(ours), 0)} ms = ${round(ratio)} × node -e 0 (${round(median(baseline), 0)} ms); median of ${RUNS}`,
    target: '≤ 1.5 × node -e 0',
    pass: ratio <= 1.5
  });
}

// 3. Peak memory of a whole run (trigger, wait, verdict, active check, summary).
if (wanted('memory')) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rss-'));
  const peaks: number[] = [];
  for (let i = 0; i < 3; i++) {
    const file = join(dir, `rss-${i}`);
    await withFake({ plan: { outcome: 'succeeded', pendingMs: 300, runningMs: 1500 } }, api =>
      runAction(inputs(api.url, { poll_interval: '200ms' }), {
        bundle: 'bench/rss-wrapper.mjs',
        env: { BENCH_RSS_FILE: file, BENCH_BUNDLE: pathToFileURL(resolve(REPO_ROOT, bundle)).href }
      })
    );
    peaks.push(Number(readFileSync(file, 'utf8')) / 1024);
  }
  rmSync(dir, { recursive: true, force: true });
  rows.push({
    figure: 'peak memory (RSS), whole run',
    measured: `${round(median(peaks), 1)} MB (median of 3)`,
    target: '≤ 60 MB',
    pass: median(peaks) <= 60
  });
}

// 4. Detection delay and requests per wait, on builds whose length the org's history predicts.
if (wanted('wait')) {
  // Builds of 20 to 40 polls, as a 4-to-7-minute build is at the default 10 s, scaled down in time.
  const RUNS = 10;
  const INTERVAL_MS = 1000;
  const random = seededRandom(42);
  const runs = Array.from({ length: RUNS }, () => ({
    pendingMs: 2000,
    runningMs: 18_000 + Math.floor(random() * 20_000)
  }));
  const delays: number[] = [];
  const ratios: number[] = [];
  let paged = 0;
  // Five at a time: the runs mostly wait, and the two cores are enough for that.
  for (let batch = 0; batch < RUNS; batch += 5) {
    await Promise.all(
      runs.slice(batch, batch + 5).map(plan =>
        withFake({ plan: { outcome: 'succeeded', ...plan }, timestampUnit: 'ms', olderBuilds: 0 }, async api => {
          addHistory(api, plan.pendingMs + plan.runningMs, random);
          let exitedAt = 0;
          await runAction(inputs(api.url, { poll_interval: `${INTERVAL_MS}ms` }), {
            bundle,
            killAfterMs: 120_000,
            onSpawn: child => child.on('exit', () => (exitedAt = Date.now()))
          });
          const build = api.build(api.createdBuildIds()[0]);
          if (!build?.completed_at) throw new Error('the build did not complete');
          delays.push(exitedAt - build.completed_at);
          const minimum = 1 + Math.ceil((build.completed_at - build.created_at) / INTERVAL_MS) + 1;
          ratios.push(api.requests.length / minimum);
          paged += api.requests.filter(r => r.query.after).length;
        })
      )
    );
  }
  rows.push({
    figure: `detection delay: build terminal → step exits (poll_interval ${INTERVAL_MS / 1000}s)`,
    measured: `median ${round(median(delays) / INTERVAL_MS)} × poll_interval (${round(median(delays), 0)} ms), max ${round(Math.max(...delays), 0)} ms; ${RUNS} runs`,
    target: 'median ≤ 0.6 × poll_interval, max ≤ poll_interval + 1 s',
    pass: median(delays) <= 0.6 * INTERVAL_MS && Math.max(...delays) <= INTERVAL_MS + 1000
  });
  rows.push({
    figure: 'requests per wait / minimum (1 POST + 1 list per interval + 1 active check)',
    measured: `median ${round(median(ratios))}, max ${round(Math.max(...ratios))}; ${paged} paginated requests`,
    target: '≤ 1.1, no pagination when the build is on page 1',
    pass: Math.max(...ratios) <= 1.1 && paged === 0
  });
}

// 5. 100 gates at once against one fake API that allows 20 requests a second.
if (wanted('crowd')) {
  const GATES = 100;
  const INTERVAL_MS = 10_000;
  // 27 s: not a whole number of intervals, which would make the minimum unreachably tight.
  const plan = { outcome: 'succeeded' as const, pendingMs: 2000, runningMs: 25_000 };
  const limiter = new RateLimiter(20);
  const started = Date.now();
  const { verdicts, throttledFailures, requests, minimum } = await withFake({ plan, olderBuilds: 0 }, async api => {
    addHistory(api, plan.pendingMs + plan.runningMs, seededRandom(7));
    api.onRequest = limiter.hook;
    const results = await Promise.all(
      Array.from({ length: GATES }, () =>
        runMainInProcess(devinAction, inputs(api.url, { poll_interval: `${INTERVAL_MS}ms`, timeout: '10m' }), {
          clock: systemClock
        })
      )
    );
    const finished = api.createdBuildIds().map(id => api.build(id));
    const minimumRequests = finished.reduce(
      (sum, build) =>
        sum + 1 + Math.ceil((((build?.completed_at ?? 0) - (build?.created_at ?? 0)) * 1000) / INTERVAL_MS) + 1,
      0
    );
    return {
      verdicts: results.filter(r => r.outputs.result === 'success').length,
      throttledFailures: results.filter(r => /429/.test(r.report.failure ?? '')).length,
      requests: api.requests.length,
      minimum: minimumRequests
    };
  });
  notes.push(
    `The 100-gate run uses the wait code in one process (${GATES} gates with their own HTTP clients, real time), ` +
      `not 100 processes; it took ${round((Date.now() - started) / 1000, 0)} s and drew ${limiter.throttled} answers of 429.`
  );
  rows.push({
    figure: '100 gates at once, API limited to 20 requests/s',
    measured: `${verdicts}/${GATES} correct verdicts, ${throttledFailures} failed by throttling, requests ${requests} = ${round(requests / minimum)} × minimum (${minimum})`,
    target: 'all correct, none failed by throttling, ≤ 1.3 × minimum',
    pass: verdicts === GATES && throttledFailures === 0 && requests <= 1.3 * minimum
  });
}

const table = [
  '| figure | measured | target | pass |',
  '|---|---|---|---|',
  ...rows.map(row => `| ${row.figure} | ${row.measured} | ${row.target} | ${row.pass ? 'pass' : '**FAIL**'} |`)
].join('\n');
const machine = `node ${process.version}, ${(await import('node:os')).cpus().length} cores, ${new Date().toISOString().slice(0, 10)}`;
console.log(`${table}\n\n${notes.join('\n')}\n(${machine})`);

if (args.write) {
  const path = join(REPO_ROOT, 'BENCHMARKS.md');
  const START = '<!-- bench:start -->';
  const END = '<!-- bench:end -->';
  const text = readFileSync(path, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from < 0 || to < from) throw new Error(`BENCHMARKS.md has no ${START} … ${END} section`);
  writeFileSync(
    path,
    `${text.slice(0, from + START.length)}\n${table}\n\n${notes.join('\n')}\nMeasured with ${bundle} (${machine}).\n${text.slice(to)}`
  );
  console.log('\nWritten to BENCHMARKS.md.');
}
process.exitCode = rows.every(row => row.pass) ? 0 : 1;
