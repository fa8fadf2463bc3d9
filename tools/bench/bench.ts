// `npm run bench`: measures what the gate costs, running the committed bundle (it builds nothing)
// against the fake API on this machine under node 20 and node 24 (tools/bench/measure.ts, once per
// node), and prints the figures against their targets and guards. With --write it also writes them
// into BENCHMARKS.md, even when a target is missed; a miss makes the exit code 1 either way, a broken
// guard does not.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { REPO_ROOT } from '../../harness/runner.js';
import type { MeasureOptions, NodeFigures } from './figures.js';

const FIGURES = ['size', 'start', 'memory', 'wait', 'crowd', 'profile', 'check'];
const { values: args } = parseArgs({
  options: {
    bundle: { type: 'string', default: 'dist/index.js' },
    'check-bundle': { type: 'string', default: 'dist/check/index.js' },
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
    checkBundle: args['check-bundle'],
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
/** A measured value, and against a target its verdict: a missed target fails the bench. */
const verdict = (text: string, pass?: boolean) => {
  if (pass === false) missed = true;
  return pass === undefined ? text : `${text}: ${pass ? 'pass' : '**miss**'}`;
};
const brokenGuards: string[] = [];
/** A measured value against a guard: a bound that catches a regression, reported but never failing the bench. */
const guard = (figure: string) => (text: string, holds: boolean) => {
  if (!holds) brokenGuards.push(figure);
  return `${text}: ${holds ? 'holds' : '**broken**'}`;
};
const rows: Row[] = [];
const row = (figure: string, target: string, cell: (f: NodeFigures) => string | undefined) => {
  const cells = figures.map(cell);
  if (cells.some(c => c !== undefined)) rows.push({ figure, target, cells: cells.map(c => c ?? 'not measured') });
};

if (only.includes('size')) {
  const size = statSync(resolve(REPO_ROOT, args.bundle)).size;
  row(`${args.bundle} size`, 'target: ≤ 600 KB', () => verdict(`${round(size / 1024, 0)} KB`, size <= 600 * 1024));
}
const START_UP = 'start-up: process start → first request, / `node -e 0` (same env)';
row(START_UP, 'guard: ≤ 3.5 ×', ({ coldStart: c }) =>
  c
    ? guard(START_UP)(
        `${round(c.bundleRatio)} × (${round(c.bundleMs, 0)} ms against ${round(c.bareMs, 0)} ms, after ${round(c.spawnOverheadMs, 1)} ms of spawning taken off each); median of ${c.rounds} per-round ratios`,
        c.bundleRatio <= 3.5
      )
    : undefined
);
row('floor: node making one HTTP request to the fake, / `node -e 0`', '—', ({ coldStart: c }) =>
  c ? `${round(c.floorRatio)} × (${round(c.floorMs, 0)} ms); median of ${c.rounds}` : undefined
);
row('the same bundle (`wait: false`) from spawn to exit, / `node -e 0`', '—', ({ coldStart: c }) =>
  c ? `${round(c.bundleExitRatio)} ×; median of ${c.rounds}` : undefined
);
const MEMORY = 'peak RSS above bare node, whole run, 100-build pages';
row(MEMORY, 'guard: ≤ 32 MB', ({ memory: m }) =>
  m
    ? guard(MEMORY)(
        `${round(m.aboveBareMb, 1)} MB (run ${round(m.wholeRunMb, 1)} MB, bare ${round(m.bareMb, 1)} MB); median of ${m.runs} pairs`,
        m.aboveBareMb <= 32
      )
    : undefined
);
row('of it: node loading `https` and `crypto` alone, above bare node', '—', ({ memory: m }) =>
  m ? `${round(m.httpsBuiltinsAboveBareMb, 1)} MB; median of ${m.runs} pairs` : undefined
);
const DETECTION = 'detection delay, build terminal → step exits, history of 8 drawn independently';
row(DETECTION, 'guard: median ≤ 0.75 × poll_interval', ({ wait }) =>
  wait
    ? guard(DETECTION)(
        `median ${round(wait.ours.delayMedianMs / wait.intervalMs)} × (${round(wait.ours.delayMedianMs, 0)} ms), max ${round(wait.ours.delayMaxMs, 0)} ms; ` +
          `of it, ${round(wait.ours.untilSeenMedianMs, 0)} ms until the check that saw the end and ${round(wait.ours.afterSeenMedianMs, 0)} ms ` +
          `from that check to the exit (medians); ${wait.ours.runs} runs`,
        wait.ours.delayMedianMs <= 0.75 * wait.intervalMs
      )
    : undefined
);
const REQUESTS = 'requests per wait / minimum, same runs';
row(REQUESTS, 'guard: median ≤ 1.05 ×, max ≤ 1.15 ×', ({ wait }) => {
  const requests = wait?.ours.requests;
  return (
    requests &&
    guard(REQUESTS)(
      `median ${round(requests.ratioMedian, 3)}, max ${round(requests.ratioMax, 3)}; ${requests.ratioAbove1_1} of ${wait.ours.runs} runs above 1.1; ${wait.ours.paginated} paginated`,
      requests.ratioMedian <= 1.05 && requests.ratioMax <= 1.15
    )
  );
});
const CROWD = `${args.gates} gates at once, API limited to 20 requests/s, independent history`;
row(CROWD, 'guard: all correct, ≤ 1.3 × minimum', ({ crowd: c }) =>
  c
    ? guard(CROWD)(
        `${c.correct}/${c.gates} correct, ${c.throttledFailures} failed by throttling; ${c.requests} requests = ${round(c.requests / c.minimum)} × minimum (${c.minimum}); ${c.throttled} answers of 429; ${round(c.seconds, 0)} s`,
        c.correct === c.gates && c.throttledFailures === 0 && c.requests <= 1.3 * c.minimum
      )
    : undefined
);
const CHECK_START =
  "check action's start-up: process start → its step's first workflow command (`::add-mask::` of its token), / the Devin action's (same rounds)";
row(CHECK_START, 'guard: ≤ 1.0 ×', ({ check: c }) =>
  c
    ? guard(CHECK_START)(
        `${round(c.checkStartOverMain)} × (${round(c.checkStartMs, 0)} ms against ${round(c.mainStartMs, 0)} ms, \`node -e 0\` ${round(c.bareMs, 0)} ms); median of ${c.rounds} per-round ratios`,
        c.checkStartOverMain <= 1
      )
    : undefined
);
row(
  "check action's first request: process start → first request to GitHub (after it has read and checked a 4-line file), / the Devin action's to Devin (same rounds)",
  '—',
  ({ check: c }) =>
    c
      ? `${round(c.checkRequestOverMain)} × (${round(c.checkRequestMs, 0)} ms against ${round(c.mainRequestMs, 0)} ms); median of ${c.rounds} per-round ratios`
      : undefined
);
row(
  'Devin action with a 4-line `blueprint_file` (checked, then uploaded): process start → first request, / without one (same rounds)',
  '—',
  ({ check: c }) =>
    c
      ? `${round(c.uploadRequestOverMain)} × (${round(c.uploadRequestMs, 0)} ms against ${round(c.mainRequestMs, 0)} ms); median of ${c.rounds} per-round ratios`
      : undefined
);
const CHECK_LARGE =
  "a 16 KB blueprint checked offline, beyond start-up (check action, its step's `::add-mask::` → exit)";
row(CHECK_LARGE, 'guard: ≤ 100 ms', ({ check: c }) =>
  c
    ? guard(CHECK_LARGE)(
        `${round(c.largeBeyondStartUpMs, 1)} ms (spawn → exit: ${round(c.largeExitMs, 0)} ms for ${round(c.largeBytes / 1024, 1)} KB, ${round(c.smallExitMs, 0)} ms for a 4-line file); median of ${c.rounds}`,
        c.largeBeyondStartUpMs <= 100
      )
    : undefined
);

const table = (header: string[], body: string[][]) =>
  [header, header.map(() => '---'), ...body].map(cells => `| ${cells.join(' | ')} |`).join('\n');
const nodeNames = figures.map(f => `node ${f.node}`);
const sections = [
  table(
    ['figure', 'target or guard', ...nodeNames],
    rows.map(r => [r.figure, r.target, ...r.cells])
  )
];

if (figures.some(f => f.wait)) {
  const seconds = (ms: number) => `${round(ms / 1000, 1)} s`;
  const waits = figures.flatMap(f => (f.wait ? [f.wait] : []));
  const { fullScaleIntervalMs, intervalMs, typicalMs, ours } = waits[0];
  const scale = fullScaleIntervalMs / intervalMs;
  const minutes = (ms: number) => round((scale * ms) / 60_000, 1);
  /** This action's cost and the vendor's, on one node: two cells side by side. */
  const held = (f: NodeFigures): string[] => {
    const { wait, coldStart } = f;
    if (!wait) return ['not measured', 'not measured'];
    const startUp = coldStart?.bundleMs;
    const median = (startUp ?? 0) + wait.ours.afterEndFullScaleMedianMs;
    const vendor = wait.vendor.afterEndFullScaleMedianMs;
    return [
      verdict(
        `median ${seconds(median)} (${startUp === undefined ? 'start-up not measured' : `start-up ${round(startUp, 0)} ms`} + ` +
          `${seconds(wait.ours.afterEndFullScaleMedianMs)} from the build's end to the exit), ${round(median / vendor)} × the vendor's; ` +
          `max ${seconds((startUp ?? 0) + wait.ours.afterEndFullScaleMaxMs)}; ${wait.ours.runs} runs`,
        startUp === undefined ? undefined : median < vendor
      ),
      `median ${seconds(vendor)} (start-up not counted), max ${seconds(wait.vendor.afterEndFullScaleMaxMs)}; ${wait.vendor.runs} runs`
    ];
  };
  const requests = ({ wait }: NodeFigures): string[] =>
    wait
      ? [
          `median ${round(wait.ours.requestsPerBuildMinuteMedian)}, ${round(wait.ours.requestsPerBuildMinuteMedian / wait.vendor.requestsPerBuildMinuteMedian)} × the vendor's; ` +
            `max ${round(wait.ours.requestsPerBuildMinuteMax)}`,
          `median ${round(wait.vendor.requestsPerBuildMinuteMedian)}, max ${round(wait.vendor.requestsPerBuildMinuteMax)} ` +
            '(its blueprint sync, on by default, would add one request a build)'
        ]
      : ['not measured', 'not measured'];
  sections.push(
    "### What users pay, beside the vendor's action",
    `At the default \`poll_interval\` (${seconds(fullScaleIntervalMs)}) against the vendor's fixed \`sleep 30\`, on the same fake and the same ${ours.runs} builds of ` +
      `${minutes(0.7 * typicalMs)}–${minutes(1.3 * typicalMs)} minutes (${minutes(typicalMs)} typical), run ${scale} times faster and ` +
      'given here at full scale; the vendor\'s loop is a model of its script (see "How each figure is measured").',
    table(
      ['cost', 'target', ...figures.flatMap(f => [`node ${f.node}: this action`, `node ${f.node}: the vendor's loop`])],
      [
        [
          "runner held beyond the build: start-up, then from the build's end to the step's exit",
          "target: median below the vendor's",
          ...figures.flatMap(held)
        ],
        ['API requests per build-minute', '—', ...figures.flatMap(requests)]
      ]
    )
  );
}

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
if (brokenGuards.length) console.error(`\nGuards broken (reported, not failing the bench): ${brokenGuards.join('; ')}`);
process.exitCode = missed ? 1 : 0;
