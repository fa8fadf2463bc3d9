/**
 * When to check a build next: every `poll_interval`, each gap up to 5% shorter so that many gates
 * drift apart. A schedule from the organization's recent build times (one check moved onto the
 * typical end, denser checks after it) was measured fairly, with a history drawn independently of
 * the build, and did not pay: later detection and more requests than plain polling (BENCHMARKS.md).
 */

const JITTER = 0.05;

/** Milliseconds to wait before the next check. */
export function pollDelay(intervalMs: number, random: () => number): number {
  return intervalMs * (1 - JITTER * random());
}
