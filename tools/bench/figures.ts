// What the bench measures on one node version: measure.ts writes these figures, bench.ts reads them
// and prints them against their targets.
import type { CheckStartUp } from './check-startup.js';
import type { StartUpProfile } from './startup-profile.js';

export interface MeasureOptions {
  only: string[];
  bundle: string;
  /** The check action's bundle, for the check figure. */
  checkBundle: string;
  /** Older bundles to time beside the current one: label → path of their index.js. */
  pastBundles: Record<string, string>;
  pairs: number;
  memoryRuns: number;
  waitRuns: number;
  waitConcurrency: number;
  gates: number;
  profileRuns: number;
}

export interface ColdStart {
  rounds: number;
  /** Spawning and reaping `true`, subtracted from every other time below. */
  spawnOverheadMs: number;
  bareMs: number;
  bundleMs: number;
  floorMs: number;
  /** Medians of the per-round ratios to bare `node -e 0`. */
  bundleRatio: number;
  floorRatio: number;
  /** The bundle (`wait: false`) from spawn to exit, / `node -e 0`: what a whole-process timer sees. */
  bundleExitRatio: number;
  past: { label: string; ratio: number; ms: number }[];
}

export interface Memory {
  runs: number;
  bareMb: number;
  wholeRunMb: number;
  /** Median of the per-pair differences. */
  aboveBareMb: number;
  /** A process that only loads the built-ins an https client needs (https, tls, crypto), above bare node. */
  httpsBuiltinsAboveBareMb: number;
}

export interface WaitSet {
  runs: number;
  delayMedianMs: number;
  delayMaxMs: number;
  /** Of the delay: from the build's end to the check that saw it (the fake receiving it), median. */
  untilSeenMedianMs: number;
  /** Of the delay: from that check to the process's exit (`active` check, summary, exit), median. */
  afterSeenMedianMs: number;
  /** Against this action's minimum: absent for the vendor's loop, which has its own. */
  requests?: {
    ratioMedian: number;
    ratioMax: number;
    /** Runs whose requests exceeded 1.1 × the minimum. */
    ratioAbove1_1: number;
  };
  paginated: number;
  /**
   * At full scale (the default poll_interval): from the build's end to the exit, with the wait for
   * the check scaled up and the rest (a request, the summary, the exit) as it is; median and max.
   */
  afterEndFullScaleMedianMs: number;
  afterEndFullScaleMaxMs: number;
  /** Every request the fake received, per minute of the build's life at full scale; median and max. */
  requestsPerBuildMinuteMedian: number;
  requestsPerBuildMinuteMax: number;
}

export interface Wait {
  /** poll_interval in the runs, and the default it stands for (full scale). */
  intervalMs: number;
  fullScaleIntervalMs: number;
  /** The vendor's sleep between checks in the runs (its 30 s, scaled alike). */
  vendorSleepMs: number;
  typicalMs: number;
  ours: WaitSet;
  vendor: WaitSet;
}

export interface Crowd {
  gates: number;
  correct: number;
  throttledFailures: number;
  requests: number;
  minimum: number;
  throttled: number;
  seconds: number;
}

export interface NodeFigures {
  node: string;
  coldStart?: ColdStart;
  memory?: Memory;
  wait?: Wait;
  crowd?: Crowd;
  profile?: StartUpProfile;
  check?: CheckStartUp;
}
