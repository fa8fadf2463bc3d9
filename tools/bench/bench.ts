// `npm run bench`: measures what the gate costs, running the committed bundle (it builds nothing)
// against the fake API on this machine under node 20 and node 24 (tools/bench/measure.ts, once per
// node), and prints the figures against their targets. With --write it also writes them into
// BENCHMARKS.md, even when a target is missed; a miss makes the exit code 1 either way.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { REPO_ROOT } from '../../harness/runner.js';
import type { MeasureOptions, NodeFigures, WaitSet } from './figures.js';

const FIGURES = ['size', 'start', 'memory', 'wait', 'crowd', 'profile'];
const { values: args } = parseArgs({
  options: {
    bundle: { type: 'string', default: 'dist/index.js' },
    write: { type: 'boolean', default: false },
    only: { type: 'string', default: FIGURES.join(',') },
    nodes: { type: 'string', default: '20,24' },
    pairs: { type: 'string', default: '20' },
    'memory-runs': { type: 'string', default: '5' },
    runs: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '15' },
    gates: { type: 'string', default: '100' },
    'profile-runs': { type: 'string', default: '10' }
  }
});
const only = args.only.split(',');
const majors = args.nodes.split(',');
// BENCHMARKS.md always holds one whole run: a partial one would drop the figures it skipped.
if (args.write && (FIGURES.some(name => !only.includes(name)) || majors.join() !== '20,24')) {
  throw new Error('--write takes every figure on node 20 and node 24: drop --only and --nodes');
}
const unknown = only.filter(name => !FIGURES.includes(name));
if (unknown.length) throw new Error(`unknown figures ${unknown.join(', ')}; known: ${FIGURES.join(', ')}`);

/** Earlier bundles whose start-up BENCHMARKS.md quotes, re-measured beside the current one. */
const PAST_BUNDLES: Record<string, string> = {
  '5ec9946 (before `--minify`, the undici stand-in and the unregistered source map)': '5ec9946',
  '7df172f (after them)': '7df172f',
  'fcd1c44 (with `@actions/core`, before the hand-written runner protocol)': 'fcd1c44'
};

const round = (value: number, digits = 2) => (Math.round(value * 10 ** digits) / 10 ** digits).toFixed(digits);

/** Each earlier bundle's committed dist/, extracted (its package.json says it is ESM). */
function extractPastBundles(dir: string): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const [label, commit] of Object.entries(PAST_BUNDLES)) {
    const archive = execFileSync('git', ['-C', REPO_ROOT, 'archive', commit, 'dist'], { maxBuffer: 64 << 20 });
    execFileSync('tar', ['-x', '-C', dir, '--transform', `s,^dist,${commit},`], { input: archive });
    paths[label] = join(dir, commit, 'index.js');
  }
  return paths;
}

async function measureOn(major: string, options: MeasureOptions, dir: string): Promise<NodeFigures> {
  // Installs that node into .cache/ on first use.
  const node = execFileSync(process.execPath, [join(REPO_ROOT, 'scripts/node-binary.mjs'), major], {
    encoding: 'utf8'
  }).trim();
  const out = join(dir, `node-${major}.json`);
  const script = join(REPO_ROOT, 'tools/bench/measure.ts');
  const child = spawn(node, ['--import', 'tsx', script, '--options', JSON.stringify(options), '--out', out], {
    cwd: REPO_ROOT,
    stdio: 'inherit'
  });
  const code = await new Promise<number | null>(done => child.on('exit', done));
  if (code !== 0) throw new Error(`measuring on node ${major} failed (${code})`);
  return JSON.parse(readFileSync(out, 'utf8')) as NodeFigures;
}

const dir = mkdtempSync(join(tmpdir(), 'bench-'));
const figures: NodeFigures[] = [];
try {
  const options: MeasureOptions = {
    only,
    bundle: args.bundle,
    pastBundles: only.includes('start') ? extractPastBundles(dir) : {},
    pairs: Number(args.pairs),
    memoryRuns: Number(args['memory-runs']),
    waitRuns: Number(args.runs),
    waitConcurrency: Number(args.concurrency),
    gates: Number(args.gates),
    profileRuns: Number(args['profile-runs'])
  };
  for (const major of majors) {
    console.error(`measuring on node ${major}…`);
    figures.push(await measureOn(major, options, dir));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

interface Row {
  figure: string;
  target: string;
  cells: string[];
}
let missed = false;
/** A measured value, and against a target its verdict. */
const verdict = (text: string, pass?: boolean) => {
  if (pass === false) missed = true;
  return pass === undefined ? text : `${text}: ${pass ? 'pass' : '**miss**'}`;
};
const rows: Row[] = [];
const row = (figure: string, target: string, cell: (f: NodeFigures) => string | undefined) => {
  const cells = figures.map(cell);
  if (cells.some(c => c !== undefined)) rows.push({ figure, target, cells: cells.map(c => c ?? 'not measured') });
};

if (only.includes('size')) {
  const size = statSync(resolve(REPO_ROOT, args.bundle)).size;
  row(`${args.bundle} size`, '≤ 600 KB', () => verdict(`${round(size / 1024, 0)} KB`, size <= 600 * 1024));
}
row('cold start: process start → first request, / `node -e 0` (same env)', '≤ 1.5 ×', ({ coldStart: c }) =>
  c
    ? verdict(
        `${round(c.bundleRatio)} × (${round(c.bundleMs, 0)} ms against ${round(c.bareMs, 0)} ms, after ${round(c.spawnOverheadMs, 1)} ms of spawning taken off each); median of ${c.rounds} per-round ratios`,
        c.bundleRatio <= 1.5
      )
    : undefined
);
row('floor: node making one HTTP request to the fake, / `node -e 0`', '—', ({ coldStart: c }) =>
  c ? `${round(c.floorRatio)} × (${round(c.floorMs, 0)} ms); median of ${c.rounds}` : undefined
);
row('the same bundle (`wait: false`) from spawn to exit, / `node -e 0`', '—', ({ coldStart: c }) =>
  c ? `${round(c.bundleExitRatio)} ×; median of ${c.rounds}` : undefined
);
row('peak RSS above bare node, whole run, 100-build pages', '≤ 12 MB', ({ memory: m }) =>
  m
    ? verdict(
        `${round(m.aboveBareMb, 1)} MB (run ${round(m.wholeRunMb, 1)} MB, bare ${round(m.bareMb, 1)} MB); median of ${m.runs} pairs`,
        m.aboveBareMb <= 12
      )
    : undefined
);
row('of it: node loading `https` and `crypto` alone, above bare node', '—', ({ memory: m }) =>
  m ? `${round(m.httpsBuiltinsAboveBareMb, 1)} MB; median of ${m.runs} pairs` : undefined
);
const delayCell = (set: WaitSet, intervalMs: number, target?: number) =>
  verdict(
    `median ${round(set.delayMedianMs / intervalMs)} × (${round(set.delayMedianMs, 0)} ms), max ${round(set.delayMaxMs, 0)} ms; ` +
      `of it, ${round(set.untilSeenMedianMs, 0)} ms until the check that saw the end and ${round(set.afterSeenMedianMs, 0)} ms ` +
      `from that check to the exit (medians); ${set.runs} runs`,
    target === undefined ? undefined : set.delayMedianMs <= target * intervalMs
  );
const requestsCell = (set: WaitSet, targets: boolean) =>
  verdict(
    `median ${round(set.ratioMedian, 3)}, max ${round(set.ratioMax, 3)}; ${set.ratioAbove1_1} of ${set.runs} runs above 1.1; ${set.paginated} paginated`,
    targets ? set.ratioMedian <= 1.05 && set.ratioMax <= 1.15 : undefined
  );
row(
  'detection delay, build terminal → step exits, history of 8 drawn independently',
  'median ≤ 0.35 × poll_interval',
  ({ wait }) => wait && delayCell(wait.withHistory, wait.intervalMs, 0.35)
);
row('requests per wait / minimum, same runs', 'median ≤ 1.05 ×, max ≤ 1.15 ×', ({ wait }) =>
  wait ? requestsCell(wait.withHistory, true) : undefined
);
row(
  'detection delay, no history (plain polling)',
  '—',
  ({ wait }) => wait && delayCell(wait.noHistory, wait.intervalMs)
);
row('requests per wait / minimum, no history', '—', ({ wait }) => wait && requestsCell(wait.noHistory, false));
row(
  `${args.gates} gates at once, API limited to 20 requests/s, independent history`,
  'all correct, ≤ 1.3 × minimum',
  ({ crowd: c }) =>
    c
      ? verdict(
          `${c.correct}/${c.gates} correct, ${c.throttledFailures} failed by throttling; ${c.requests} requests = ${round(c.requests / c.minimum)} × minimum (${c.minimum}); ${c.throttled} answers of 429; ${round(c.seconds, 0)} s`,
          c.correct === c.gates && c.throttledFailures === 0 && c.requests <= 1.3 * c.minimum
        )
      : undefined
);

const table = (header: string[], body: string[][]) =>
  [header, header.map(() => '---'), ...body].map(cells => `| ${cells.join(' | ')} |`).join('\n');
const nodeNames = figures.map(f => `node ${f.node}`);
const sections = [
  table(
    ['figure', 'target', ...nodeNames],
    rows.map(r => [r.figure, r.target, ...r.cells])
  )
];

if (figures.some(f => f.coldStart?.past.length)) {
  const labels = Object.keys(PAST_BUNDLES);
  sections.push(
    '### Start-up of earlier bundles, re-measured',
    'Their committed `dist/`, in the same rounds as the current bundle: first request / `node -e 0`, median of the per-round ratios.',
    table(
      ['bundle', ...nodeNames],
      [
        ...labels.map(label => [
          label,
          ...figures.map(f => {
            const past = f.coldStart?.past.find(p => p.label === label);
            return past ? `${round(past.ratio)} × (${round(past.ms, 0)} ms)` : 'not measured';
          })
        ]),
        [
          `${args.bundle} (current)`,
          ...figures.map(f =>
            f.coldStart ? `${round(f.coldStart.bundleRatio)} × (${round(f.coldStart.bundleMs, 0)} ms)` : ''
          )
        ]
      ]
    )
  );
}

if (figures.some(f => f.profile)) {
  // Places under half a millisecond on every node are summed, to keep the table readable.
  const places = [...new Set(figures.flatMap(f => f.profile?.places.map(p => p.place) ?? []))];
  const msAt = (f: NodeFigures, place: string) => f.profile?.places.find(p => p.place === place)?.ms ?? 0;
  const shown = places.filter(place => figures.some(f => msAt(f, place) >= 0.5));
  const rest = places.filter(place => !shown.includes(place));
  sections.push(
    '### Start-up profile: where the milliseconds before the first request go',
    'Method: the bundle (`wait: false`, same environment as above) runs under `--cpu-prof` (100 µs sampling); each sample ' +
      'before the fake received the first request is charged to the innermost frame of the bundle on its stack, named ' +
      "through the bundle's source map; samples below a bundle frame in node's own code are the built-ins it was loading, " +
      'samples with no bundle frame are node itself. Medians per place over the runs, so they need not add up; the ' +
      'profiler slows the process down, so read the shares, not the sum.',
    table(
      ['where', ...nodeNames],
      [
        [
          'spawn → first request, profiled',
          ...figures.map(f => (f.profile ? `${round(f.profile.totalMs, 1)} ms` : ''))
        ],
        [
          'spawn → profiler started (process creation, node bootstrap)',
          ...figures.map(f => (f.profile ? `${round(f.profile.beforeProfileMs, 1)} ms` : ''))
        ],
        ...shown.map(place => [place, ...figures.map(f => `${round(msAt(f, place), 1)} ms`)]),
        [
          `${rest.length} other places, each < 0.5 ms`,
          ...figures.map(
            f =>
              `${round(
                rest.reduce((sum, place) => sum + msAt(f, place), 0),
                1
              )} ms`
          )
        ]
      ]
    ),
    `(${figures.map(f => `node ${f.node}: ${f.profile?.runs ?? 0} runs`).join('; ')})`
  );
}

const machine = `${cpus().length} cores, ${new Date().toISOString().slice(0, 10)}`;
const generated = `${sections.join('\n\n')}\n\nMeasured with ${args.bundle} (${machine}).`;
console.log(generated);

if (args.write) {
  const path = join(REPO_ROOT, 'BENCHMARKS.md');
  const START = '<!-- bench:start -->';
  const END = '<!-- bench:end -->';
  const text = readFileSync(path, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from < 0 || to < from) throw new Error(`BENCHMARKS.md has no ${START} … ${END} section`);
  const written = `${text.slice(0, from + START.length)}\n\n${generated}\n\n${text.slice(to)}`;
  writeFileSync(path, await format(written, { ...(await resolveConfig(path)), filepath: path }));
  console.log('\nWritten to BENCHMARKS.md.');
}
process.exitCode = missed ? 1 : 0;
