// Where the bundle's milliseconds before its first request go: the bundle runs under V8's sampling
// profiler (--cpu-prof), and each sample taken before the fake API received the first request is
// charged to the innermost frame of the bundle on its stack, mapped through the bundle's source map
// to the package (or src/ folder) it came from. Samples with no bundle frame are node's own work
// (bootstrap, the ES module loader, compiling the bundle) or the garbage collector.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FakeApiServer } from '../../fakes/server.js';
import { median } from './stats.js';

export interface StartUpProfile {
  runs: number;
  /** Median, spawn to first request, profiled (the profiler slows it down). */
  totalMs: number;
  /** Median, spawn until the profiler started: process creation and node's bootstrap. */
  beforeProfileMs: number;
  /** Median ms per place. */
  places: { place: string; ms: number }[];
}

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** The package or src/ folder a bundled source path came from. */
function placeOf(source: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (inPackage) return inPackage[1];
  const inSrc = /\/src\/(?:([^/]+)\/)?[^/]+$/.exec(source);
  if (inSrc) return inSrc[1] ? `src/${inSrc[1]}/` : 'src/';
  const builtin = /external node-commonjs "(?:node:)?([^"]+)"/.exec(source);
  if (builtin) return `loading node built-ins: ${builtin[1]}`;
  return 'ncc runtime';
}

/** The built-in a node: frame belongs to (node:internal/crypto/random → crypto); undefined for the module loader. */
function builtinOf(url: string): string | undefined {
  const match = /^node:(?:internal\/)?([^/]+)/.exec(url);
  if (!match || /^node:internal\/(modules|bootstrap)\//.test(url)) return undefined;
  // http's parts (_http_agent, _http_outgoing, …) and stream's internals under their module's name.
  return match[1].replace(/^_http_\w+$/, 'http').replace(/^streams$/, 'stream');
}

function profileOnce(
  api: FakeApiServer,
  bundle: string,
  env: Record<string, string>,
  dir: string,
  name: string
): Promise<{ spawnedUs: number; firstRequestUs: number; profile: CpuProfile }> {
  let firstRequestUs = 0;
  api.onRequest = () => {
    firstRequestUs ||= nowUs();
    return false;
  };
  return new Promise((done, fail) => {
    const spawnedUs = nowUs();
    const args = ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', name, '--cpu-prof-interval', '100', bundle];
    const child = spawn(process.execPath, args, { env, cwd: dir, stdio: 'ignore' });
    child.on('error', fail);
    child.on('exit', () => {
      if (!firstRequestUs) return fail(new Error('the profiled bundle made no request'));
      done({ spawnedUs, firstRequestUs, profile: JSON.parse(readFileSync(join(dir, name), 'utf8')) as CpuProfile });
    });
  });
}

export async function profileStartUp({
  api,
  bundle,
  runs,
  dir,
  env
}: {
  api: FakeApiServer;
  bundle: string;
  runs: number;
  dir: string;
  env: () => Record<string, string>;
}): Promise<StartUpProfile> {
  const bundleUrl = pathToFileURL(bundle).href;
  const sourceMap = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')));
  const totals: number[] = [];
  const beforeProfile: number[] = [];
  const perRun: Map<string, number>[] = [];
  for (let run = 0; run < runs; run++) {
    const { spawnedUs, firstRequestUs, profile } = await profileOnce(api, bundle, env(), dir, `run-${run}.cpuprofile`);
    // The profile's timestamps and process.hrtime() are both the monotonic clock, in µs here.
    if (profile.startTime < spawnedUs || profile.startTime > firstRequestUs) {
      throw new Error('the CPU profile is not on the monotonic clock this script reads');
    }
    totals.push((firstRequestUs - spawnedUs) / 1000);
    beforeProfile.push((profile.startTime - spawnedUs) / 1000);
    const parentOf = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
    const nodes = new Map(profile.nodes.map(node => [node.id, node]));
    const placeCache = new Map<number, string>();
    const placeOfNode = (id: number): string => {
      const cached = placeCache.get(id);
      if (cached) return cached;
      // Up from the sampled frame to the innermost frame of the bundle, noting the outermost
      // built-in module on the way: that is what the bundle was loading.
      let builtin: string | undefined;
      let at: number | undefined = id;
      for (; at !== undefined && nodes.get(at)?.callFrame.url !== bundleUrl; at = parentOf.get(at)) {
        builtin = builtinOf(nodes.get(at)?.callFrame.url ?? '') ?? builtin;
      }
      const leaf = nodes.get(id)?.callFrame;
      const frame = at === undefined ? undefined : nodes.get(at)?.callFrame;
      let place: string;
      if (!frame) {
        place =
          leaf?.functionName === '(garbage collector)'
            ? 'garbage collector'
            : 'node outside the bundle: module loader, compiling the bundle';
      } else if (at !== id) {
        place = `loading node built-ins: ${builtin ?? '(compiling)'}`;
      } else if (frame.functionName === '__nccwpck_require__') {
        // V8 compiles a function when it is first called, and charges it to the caller.
        place = 'ncc require: compiling each module as it is first required';
      } else {
        const source = sourceMap.findEntry(frame.lineNumber, frame.columnNumber);
        place =
          'originalSource' in source && source.originalSource
            ? placeOf(source.originalSource)
            : // ncc joins ES modules into one function ("scope hoisting"), which the map cannot name.
              `module ${frame.functionName || '(top level)'} of the bundle (joined ES modules)`;
      }
      placeCache.set(id, place);
      return place;
    };
    const places = new Map<string, number>();
    let sampledAt = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      sampledAt += profile.timeDeltas[i];
      // A sample stands for the time until the next one.
      const until = sampledAt + (profile.timeDeltas[i + 1] ?? 0);
      if (until > firstRequestUs) break;
      const place = placeOfNode(profile.samples[i]);
      places.set(place, (places.get(place) ?? 0) + (until - sampledAt) / 1000);
    }
    perRun.push(places);
  }
  const names = [...new Set(perRun.flatMap(places => [...places.keys()]))];
  return {
    runs,
    totalMs: median(totals),
    beforeProfileMs: median(beforeProfile),
    places: names
      .map(place => ({
        place,
        ms: median(perRun.map(places => places.get(place) ?? 0))
      }))
      .sort((a, b) => b.ms - a.ms)
  };
}
