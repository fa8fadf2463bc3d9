/**
 * When to check a build next. Without history it is every `poll_interval`, each gap up to 5%
 * shorter so that many gates drift apart. With the org's recent build times it also moves one
 * check to just after the typical end and checks every two-thirds of an interval from there until
 * most recent builds would have finished, for at most two intervals: the verdict comes sooner for
 * about one extra request, while `poll_interval` stays the longest gap between checks. The cap
 * keeps a forecast that is off (a history unlike the build) from costing more than ~10% extra
 * requests on a short build (BENCHMARKS.md).
 */

/** How long recent builds took, creation to completion. */
export interface Forecast {
  typicalMs: number;
  /** Most recent builds were done by then. */
  lateMs: number;
}

const JITTER = 0.05;
/** History worth trusting: fewer builds than this say little about the next one. */
const MIN_SAMPLES = 3;
/** The denser checks after the typical end last at most this many intervals. */
const LATE_WINDOW_INTERVALS = 2;

/** The median and the upper quartile of recent build times; undefined with too few of them. */
export function forecastFrom(durationsMs: readonly number[]): Forecast | undefined {
  const sorted = durationsMs.filter(ms => ms > 0).sort((a, b) => a - b);
  if (sorted.length < MIN_SAMPLES) return undefined;
  const at = (quantile: number) => sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))];
  return { typicalMs: at(0.5), lateMs: at(0.75) };
}

/** Milliseconds to wait before the next check of a build that is `ageMs` old. */
export function pollDelay(
  ageMs: number,
  intervalMs: number,
  forecast: Forecast | undefined,
  random: () => number
): number {
  const regular = intervalMs * (1 - JITTER * random());
  if (!forecast) return regular;
  const dense = (intervalMs * 2) / 3;
  // A moment after the typical end, so that a build finishing on time is seen at once.
  const expectedEnd = forecast.typicalMs + Math.min(intervalMs / 10, 500);
  if (ageMs < expectedEnd) {
    // Pulled in to land on the expected end, but never a needlessly short gap.
    const untilEnd = expectedEnd - ageMs;
    return untilEnd < regular ? Math.max(untilEnd, dense / 2) : regular;
  }
  const lateEnd = Math.min(Math.max(forecast.lateMs, expectedEnd), expectedEnd + LATE_WINDOW_INTERVALS * intervalMs);
  return ageMs < lateEnd + dense ? dense : regular;
}
