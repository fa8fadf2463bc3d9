// The figures of one node version: tools/bench/bench.ts runs this file under each node it measures, so
// that the bundles it spawns and the gates it runs in this process all run on that node. Prints
// nothing; writes its figures as JSON to --out.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../../src/core/clock.js';
import { FakeDevinApi, type FakeDevinApiOptions } from '../../fakes/devin/api.js';
import { mainStepInProcess } from '../../harness/in-process.js';
import { DEVIN_ORG as TEST_ORG, DEVIN_TOKEN as TEST_TOKEN } from '../../harness/kits/devin.js';
import { devinDefinition } from '../../src/devin/definition.js';
import { RateLimiter } from '../../fakes/rate-limit.js';
import { REPO_ROOT, runBundle, runnerEnvironment } from '../../harness/runner.js';
import { seededRandom } from '../../fakes/seeded-random.js';
import { median } from './stats.js';
import { spawnTimed } from './spawn.js';
import { measureCheckStartUp } from './check-startup.js';
import type { ColdStart, Crowd, Memory, MeasureOptions, NodeFigures, WaitSet } from './figures.js';
import { profileStartUp, type StartUpProfile } from './startup-profile.js';
import { VENDOR_SLEEP_MS, vendorWait } from './vendor.js';

async function withFake<T>(options: FakeDevinApiOptions, body: (api: FakeDevinApi) => Promise<T>): Promise<T> {
  const api = new FakeDevinApi(options);
  await api.start();
  try {
    return await body(api);
  } finally {
    await api.stop();
  }
}

const inputs = (url: string, extra: Record<string, string> = {}) => ({
  org_id: TEST_ORG,
  token: TEST_TOKEN,
  api_url: url,
  ...extra
});

/** A length drawn uniformly from 0.7–1.3 × `typicalMs`: builds and their history both come from this. */
const drawLength = (typicalMs: number, random: () => number) => Math.round(typicalMs * (0.7 + 0.6 * random()));

/** Eight finished builds before ours, each length drawn on its own: the history does not know our build. */
function addHistory(api: FakeDevinApi, typicalMs: number, random: () => number, count = 8): void {
  for (let i = count; i >= 1; i--) {
    const createdAt = Date.now() - i * 3_600_000;
    const total = drawLength(typicalMs, random);
    api.addBuild({
      status: 'succeeded',
      trigger: 'manual',
      createdAt,
      startedAt: createdAt + total * 0.1,
      completedAt: createdAt + total
    });
  }
}

/**
 * The environment the runner gives a JavaScript action (harness/runner.ts). Bare node, the floor
 * and the bundle all get exactly this one, so that none of them pays for what the others do not
 * (e.g. NODE_EXTRA_CA_CERTS loading a CA bundle).
 */
const runnerEnv = runnerEnvironment;

/** Spawns this node with `args`; resolves with the time of the spawn call (before it) and of the exit. */
const spawnNode = (args: string[], env: Record<string, string>, cwd: string) =>
  spawnTimed(process.execPath, args, env, cwd);

/**
 * Cold start. Each round spawns bare `node -e 0` (timed to its exit), the floor (node making one
 * HTTP request to the fake) and each bundle (timed to the fake receiving their first request), in
 * an order that rotates round to round, all with the same environment; ratios are per round.
 * Each round also times `true` the same way: what spawning and reaping from this process costs,
 * about 2 ms, is subtracted from every time, since it is no part of node's start-up and, added to
 * both sides, it pulls every ratio towards 1 (an outside whole-process timer does not pay it).
 */
async function coldStart(options: MeasureOptions): Promise<ColdStart> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-start-'));
  try {
    return await withFake({}, async api => {
      let firstRequestAt = 0;
      api.onRequest = () => {
        firstRequestAt ||= performance.now();
        return false;
      };
      const env = runnerEnv(dir, inputs(api.url, { wait: 'false' }));
      const untilExit = async (args: string[], command = process.execPath) => {
        const { startedAt, exitedAt } = await spawnTimed(command, args, env, dir);
        return exitedAt - startedAt;
      };
      const bundleExit: number[] = [];
      const untilFirstRequest = async (args: string[], exits?: number[]) => {
        firstRequestAt = 0;
        const { startedAt, exitedAt, code } = await spawnNode(args, env, dir);
        if (!firstRequestAt) throw new Error(`node ${args.join(' ')} exited (${code}) without a request`);
        exits?.push(exitedAt - startedAt);
        return firstRequestAt - startedAt;
      };
      const floorScript = `require('node:http').get(${JSON.stringify(api.url)}, res => res.resume())`;
      const contenders: { label: string; time: () => Promise<number> }[] = [
        { label: 'spawn', time: () => untilExit([], 'true') },
        { label: 'bare', time: () => untilExit(['-e', '0']) },
        { label: 'floor', time: () => untilFirstRequest(['-e', floorScript]) },
        { label: 'bundle', time: () => untilFirstRequest([resolve(REPO_ROOT, options.bundle)], bundleExit) },
        ...Object.entries(options.pastBundles).map(([label, path]) => ({
          label,
          time: () => untilFirstRequest([path])
        }))
      ];
      const times = new Map<string, number[]>(contenders.map(c => [c.label, []]));
      // One unmeasured round: the first spawns pay for cold file caches.
      for (const contender of contenders) await contender.time();
      bundleExit.length = 0;
      for (let round = 0; round < options.pairs; round++) {
        for (let i = 0; i < contenders.length; i++) {
          const contender = contenders[(round + i) % contenders.length];
          times.get(contender.label)?.push(await contender.time());
        }
      }
      const overhead = times.get('spawn') ?? [];
      const net = (raw: number[]) => raw.map((ms, round) => ms - overhead[round]);
      const of = (label: string) => net(times.get(label) ?? []);
      const bare = of('bare');
      const ratio = (label: string) => median(of(label).map((ms, round) => ms / bare[round]));
      return {
        rounds: options.pairs,
        spawnOverheadMs: median(overhead),
        bareMs: median(bare),
        bundleMs: median(of('bundle')),
        floorMs: median(of('floor')),
        bundleRatio: ratio('bundle'),
        floorRatio: ratio('floor'),
        bundleExitRatio: median(net(bundleExit).map((ms, round) => ms / bare[round])),
        past: Object.keys(options.pastBundles).map(label => ({ label, ratio: ratio(label), ms: median(of(label)) }))
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Peak RSS of a whole run (trigger, wait, verdict, active check, summary) in an org whose list
 * pages are full (100 builds), minus bare `node -e 0`'s, both read by the same preload as they exit.
 */
async function memory(options: MeasureOptions): Promise<Memory> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rss-'));
  const rssFile = join(dir, 'rss');
  const preload = ['--import', resolve(REPO_ROOT, 'tools/bench/peak-rss.mjs')];
  const peakMb = async (args: string[], env: Record<string, string>) => {
    const { code } = await spawnNode([...preload, ...args], env, dir);
    if (code !== 0) throw new Error(`node ${args.join(' ')} exited ${code}`);
    return Number(readFileSync(rssFile, 'utf8')) / 1024;
  };
  const bare: number[] = [];
  const whole: number[] = [];
  const builtins: number[] = [];
  try {
    for (let i = 0; i < options.memoryRuns; i++) {
      await withFake({ plan: { outcome: 'succeeded', pendingMs: 300, runningMs: 1500 }, olderBuilds: 0 }, async api => {
        addHistory(api, 1800, seededRandom(i), 150);
        const env = runnerEnv(dir, inputs(api.url, { poll_interval: '200ms' }), { BENCH_RSS_FILE: rssFile });
        bare.push(await peakMb(['-e', '0'], env));
        whole.push(await peakMb([resolve(REPO_ROOT, options.bundle)], env));
        builtins.push(await peakMb(['-e', "require('node:https'); require('node:crypto')"], env));
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    runs: options.memoryRuns,
    bareMb: median(bare),
    wholeRunMb: median(whole),
    aboveBareMb: median(whole.map((mb, i) => mb - bare[i])),
    httpsBuiltinsAboveBareMb: median(builtins.map((mb, i) => mb - bare[i]))
  };
}

/** Runs `tasks` with at most `limit` of them at once. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** One way of waiting for a build the fake holds: resolves with the time (Date.now) its step would exit. */
type Waiter = (api: FakeDevinApi) => Promise<number>;

/** This action: its bundle, as the runner runs it, with poll_interval `intervalMs`. */
const bundleWaiter =
  (options: MeasureOptions, intervalMs: number, typicalMs: number): Waiter =>
  async api => {
    let exitedAt = 0;
    const run = await runBundle(inputs(api.url, { poll_interval: `${intervalMs}ms` }), {
      bundle: options.bundle,
      killAfterMs: 4 * typicalMs,
      onSpawn: child => child.on('exit', () => (exitedAt = Date.now()))
    });
    if (run.exitCode !== 0) throw new Error(`a wait failed: ${run.stderr}${run.stdout}`);
    return exitedAt;
  };

/** The vendor's loop (tools/bench/vendor.ts), with its sleep of `sleepMs`. */
const vendorWaiter =
  (sleepMs: number): Waiter =>
  async api => {
    await vendorWait(api, TEST_ORG, TEST_TOKEN, sleepMs);
    return Date.now();
  };

/**
 * Detection delay and requests per wait. Each build's length is drawn from 0.7–1.3 × the typical
 * length (30 polls, as a 5-minute build is at the default 10 s, scaled down in time), and so is
 * each of the org's 8 earlier builds, independently; the same seed draws the same builds for every
 * waiter. `scale` is what the runs' intervals were divided by: the wait for the check that sees the
 * end is multiplied back by it, what follows that check (real work) is not.
 */
async function waitSet(
  options: MeasureOptions,
  {
    typicalMs,
    scale,
    seed,
    wait,
    minimum
  }: { typicalMs: number; scale: number; seed: number; wait: Waiter; minimum?: (buildMs: number) => number }
): Promise<WaitSet> {
  const random = seededRandom(seed);
  const runs = Array.from({ length: options.waitRuns }, () => {
    const total = drawLength(typicalMs, random);
    return { pendingMs: 2000, runningMs: total - 2000, historySeed: Math.floor(random() * 2 ** 31) };
  });
  const results = await pool(
    runs.map(
      ({ pendingMs, runningMs, historySeed }) =>
        () =>
          withFake(
            { plan: { outcome: 'succeeded', pendingMs, runningMs }, timestampUnit: 'ms', olderBuilds: 0 },
            async api => {
              addHistory(api, typicalMs, seededRandom(historySeed));
              const exitedAt = await wait(api);
              const build = api.build(api.createdBuildIds()[0]);
              if (!build?.completed_at) throw new Error('a wait ended before its build');
              const buildMs = build.completed_at - build.created_at;
              // The check that saw the build ended: the first status check after its end.
              const seenAt =
                api.requests.find(r => r.method === 'GET' && !r.query.active && r.at >= (build.completed_at ?? 0))
                  ?.at ?? exitedAt;
              const untilSeenMs = seenAt - build.completed_at;
              return {
                delayMs: exitedAt - build.completed_at,
                untilSeenMs,
                afterSeenMs: exitedAt - seenAt,
                afterEndFullScaleMs: scale * untilSeenMs + (exitedAt - seenAt),
                perBuildMinute: api.requests.length / ((scale * buildMs) / 60_000),
                ratio: minimum && api.requests.length / minimum(buildMs),
                paginated: api.requests.filter(r => r.query.after).length
              };
            }
          )
    ),
    options.waitConcurrency
  );
  const of = (pick: (result: (typeof results)[number]) => number) => results.map(pick);
  const ratios = results.flatMap(r => (r.ratio === undefined ? [] : [r.ratio]));
  return {
    runs: results.length,
    delayMedianMs: median(of(r => r.delayMs)),
    delayMaxMs: Math.max(...of(r => r.delayMs)),
    untilSeenMedianMs: median(of(r => r.untilSeenMs)),
    afterSeenMedianMs: median(of(r => r.afterSeenMs)),
    requests: minimum && {
      ratioMedian: median(ratios),
      ratioMax: Math.max(...ratios),
      ratioAbove1_1: ratios.filter(r => r > 1.1).length
    },
    paginated: results.reduce((sum, r) => sum + r.paginated, 0),
    afterEndFullScaleMedianMs: median(of(r => r.afterEndFullScaleMs)),
    afterEndFullScaleMaxMs: Math.max(...of(r => r.afterEndFullScaleMs)),
    requestsPerBuildMinuteMedian: median(of(r => r.perBuildMinute)),
    requestsPerBuildMinuteMax: Math.max(...of(r => r.perBuildMinute))
  };
}

/** Every in-process gate of the bench goes through here: the one place to change when the entry point does. */
function runGateInProcess(api: FakeDevinApi, pollIntervalMs: number) {
  const gateInputs = inputs(api.url, { poll_interval: `${pollIntervalMs}ms`, timeout: '10m', request_timeout: '30s' });
  return mainStepInProcess(devinDefinition, gateInputs, { clock: systemClock });
}

/**
 * Many gates at once in this process (each with its own HTTP client, real time) against one fake
 * API that allows 20 requests a second; the org's 8 earlier builds are drawn independently of ours.
 */
async function crowd(options: MeasureOptions): Promise<Crowd> {
  const INTERVAL_MS = 10_000;
  // 27 s: not a whole number of intervals, which would make the minimum unreachably tight.
  const plan = { outcome: 'succeeded' as const, pendingMs: 2000, runningMs: 25_000 };
  const limiter = new RateLimiter(20);
  const started = Date.now();
  return withFake({ plan, olderBuilds: 0 }, async api => {
    addHistory(api, plan.pendingMs + plan.runningMs, seededRandom(7));
    api.onRequest = limiter.hook;
    const results = await Promise.all(Array.from({ length: options.gates }, () => runGateInProcess(api, INTERVAL_MS)));
    const minimum = api
      .createdBuildIds()
      .map(id => api.build(id))
      .reduce(
        (sum, build) =>
          sum + 1 + Math.ceil((((build?.completed_at ?? 0) - (build?.created_at ?? 0)) * 1000) / INTERVAL_MS) + 1,
        0
      );
    return {
      gates: options.gates,
      correct: results.filter(r => r.outputs.result === 'success').length,
      throttledFailures: results.filter(r => /429/.test(r.report.failure ?? '')).length,
      requests: api.requests.length,
      minimum,
      throttled: limiter.throttled,
      seconds: (Date.now() - started) / 1000
    };
  });
}

async function startUpProfile(options: MeasureOptions): Promise<StartUpProfile> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-prof-'));
  try {
    return await withFake({}, api =>
      profileStartUp({
        api,
        bundle: resolve(REPO_ROOT, options.bundle),
        runs: options.profileRuns,
        dir,
        env: () => runnerEnv(dir, inputs(api.url, { wait: 'false' }))
      })
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const { values: args } = parseArgs({ options: { options: { type: 'string' }, out: { type: 'string' } } });
if (!args.options || !args.out) throw new Error('usage: measure.ts --options <json> --out <file>');
const options = JSON.parse(args.options) as MeasureOptions;
const wanted = (name: string) => options.only.includes(name);
const figures: NodeFigures = { node: process.version };
if (wanted('start')) figures.coldStart = await coldStart(options);
if (wanted('memory')) figures.memory = await memory(options);
if (wanted('wait')) {
  // The default poll_interval, 10 s, and the vendor's 30 s sleep, both divided by 10; builds of 3.5–6.5 minutes alike.
  const scale = 10;
  const fullScaleIntervalMs = 10_000;
  const intervalMs = fullScaleIntervalMs / scale;
  const vendorSleepMs = VENDOR_SLEEP_MS / scale;
  const typicalMs = 30 * intervalMs;
  // The same seed: the same builds and histories for this action and for the vendor's loop.
  const set = (wait: Waiter, minimum?: (buildMs: number) => number) =>
    waitSet(options, { typicalMs, scale, seed: 42, wait, minimum });
  figures.wait = {
    intervalMs,
    fullScaleIntervalMs,
    vendorSleepMs,
    typicalMs,
    // 1 trigger, one check per interval of the build's life, 1 `active` check.
    ours: await set(bundleWaiter(options, intervalMs, typicalMs), buildMs => 1 + Math.ceil(buildMs / intervalMs) + 1),
    vendor: await set(vendorWaiter(vendorSleepMs))
  };
}
if (wanted('crowd')) figures.crowd = await crowd(options);
if (wanted('profile')) figures.profile = await startUpProfile(options);
if (wanted('check')) {
  figures.check = await measureCheckStartUp({
    mainBundle: resolve(REPO_ROOT, options.bundle),
    checkBundle: resolve(REPO_ROOT, options.checkBundle),
    rounds: options.pairs
  });
}
writeFileSync(args.out, JSON.stringify(figures));
