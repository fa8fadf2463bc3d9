// Times as the actions hold them: milliseconds since the epoch (the runner's clock, or an API's
// timestamps once read), and what is shown of them.
import type { BuildView } from './build.js';

/** The latest time a Date can hold (and the earliest, negated). */
const MAX_EPOCH_MS = 8.64e15;

/** An API timestamp in ms, or undefined when it is not a time a Date can hold (never a crash later). */
export function validTime(ms: number | undefined): number | undefined {
  return ms !== undefined && Number.isFinite(ms) && Math.abs(ms) <= MAX_EPOCH_MS ? ms : undefined;
}

/** ISO 8601, or undefined for a time that is not known or that no date can show (a hostile timestamp). */
export function isoTime(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** How long the build ran: from start (or creation) to completion, when both are known. */
export function buildDuration(build: BuildView): number | undefined {
  const from = build.startedAt ?? build.createdAt;
  if (from === undefined || build.completedAt === undefined) return undefined;
  return Math.max(0, build.completedAt - from);
}
