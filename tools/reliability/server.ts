// The server a run of the reliability matrix meets: what it does where the API reference makes no
// promise (list order and page size, the trigger value of our build, the Date header and the
// server's clock, the timestamp unit, whether GET one build exists, lagging lists and slow
// triggers, the org's one-build rule and builds others start around ours), drawn from the run's
// seed, and the hostile neighbours it lists.
import type { FakeDevinApi } from '../../fakes/devin/api.js';
import { hostileText } from '../../fakes/hostile.js';

const HOUR_MS = 3_600_000;

/** What this run's server does where the reference makes no promise, and what hostile text it sends. */
export interface ServerDraw {
  listOrder: 'newest-first' | 'oldest-first';
  postedTrigger: 'manual' | null;
  /** 'absent', or how far the Date header is from the server's clock (ms; negative: behind). */
  dateHeader: 'absent' | number;
  /** How far the server's clock (its timestamps and Date header) is from the runner's, in ms. */
  serverClockOffsetMs: number;
  timestampUnit: 's' | 'ms';
  getBuildEndpoint: 'served' | 'absent';
  /** Older builds with hostile ids and statuses, and our build's status hostile while it runs. */
  hostile: boolean;
  /** Our build's status is 2 MB, and different at every check, while it runs. */
  oversized: boolean;
  /** A fatal fault (a hostile 422) scheduled for one request, by its number. */
  fatalFaultAt?: number;
  /** A lagging list: how long (ms) a build takes to show in it; 0 when it does not lag. */
  listLagMs: number;
  /** A slow trigger: its build is created this long (ms) after the POST, which is never answered; 0 when not slow. */
  slowTriggerMs: number;
  /** The org runs one build at a time and a new trigger supersedes the queued one (the fake's orgRules). */
  orgRules: boolean;
  /** With orgRules: how long (ms) a build someone else started is still running when ours is triggered; 0: none. */
  busyForMs: number;
  /** With orgRules: a build someone else starts after our trigger, and how; undefined: none. */
  othersTrigger?: OthersTrigger;
  /** The server's own page size, whatever `first` asks (1: one build a page); undefined: as asked. */
  pageSize?: number;
}

/** A build someone else starts after our trigger, under the org's rules. */
export interface OthersTrigger {
  /**
   * This long (ms) after our trigger; or, as `shareOfSecond`, this share of what is left of the
   * second of our trigger: with timestamps in seconds, created in the same second as ours.
   */
  after: number | { shareOfSecond: number };
  trigger: 'auto' | 'manual';
  /** The list shows it this long (ms) after its creation (0: as the list shows every build). */
  listLagMs: number;
}

/** When, on the fake's clock, the build of `others` is created, for a trigger at `now`. */
export function othersCreatedAt(others: OthersTrigger, now: number): number {
  const { after } = others;
  if (typeof after === 'number') return now + after;
  const leftOfSecond = 999 - (((now % 1000) + 1000) % 1000);
  return now + 1 + Math.floor(after.shareOfSecond * leftOfSecond);
}

/** Hours, as a signed number of ms, between 1 and `maxHours`. */
function drawHours(random: () => number, maxHours: number): number {
  return (random() < 0.5 ? -1 : 1) * Math.round((1 + random() * (maxHours - 1)) * HOUR_MS);
}

export function drawServer(random: () => number): ServerDraw {
  const date = random();
  const hostile = random() < 0.1;
  return {
    listOrder: random() < 0.3 ? 'oldest-first' : 'newest-first',
    postedTrigger: random() < 0.3 ? null : 'manual',
    dateHeader: date < 0.15 ? 'absent' : date < 0.35 ? drawHours(random, 6) : 0,
    serverClockOffsetMs: random() < 0.2 ? drawHours(random, 3) : 0,
    timestampUnit: random() < 0.5 ? 's' : 'ms',
    getBuildEndpoint: random() < 0.3 ? 'absent' : 'served',
    hostile,
    oversized: random() < 0.05,
    // About 1 % of runs: late enough that our build exists, early enough that the run still polls.
    fatalFaultAt: hostile && random() < 0.1 ? 4 + Math.floor(random() * 4) : undefined,
    // Together within the settle window (10 s here), which is all the gate promises to wait out.
    listLagMs: random() < 0.2 ? 500 + Math.floor(random() * 3500) : 0,
    slowTriggerMs: random() < 0.15 ? 500 + Math.floor(random() * 4500) : 0,
    ...drawOrg(random),
    pageSize: drawPageSize(random)
  };
}

/** Most servers answer as many builds as asked; some choose one a page, or a few, whatever is asked. */
function drawPageSize(random: () => number): number | undefined {
  const size = random();
  return size < 0.25 ? 1 : size < 0.35 ? 2 + Math.floor(random() * 5) : undefined;
}

/**
 * The org's one-build rule, and builds others start around ours (drawn last, so earlier draws keep
 * their seeds): now and then in the second of our trigger, and now and then listed late (within the
 * 10 s the gate watches for a successor).
 */
function drawOrg(random: () => number): Pick<ServerDraw, 'orgRules' | 'busyForMs' | 'othersTrigger'> {
  const orgRules = random() < 0.4;
  const busy = random() < 0.5 ? 10_000 + Math.floor(random() * 110_000) : 0;
  const others = random() < 0.5;
  const afterMs = 1000 + Math.floor(random() * 45_000);
  const trigger = random() < 0.7 ? ('auto' as const) : ('manual' as const);
  const after = random() < 0.5 ? { shareOfSecond: random() } : afterMs;
  const listLagMs = random() < 0.5 ? 3000 + Math.floor(random() * 6500) : 0;
  return orgRules
    ? { orgRules, busyForMs: busy, othersTrigger: others ? { after, trigger, listLagMs } : undefined }
    : { orgRules, busyForMs: 0 };
}

/**
 * Older builds, a manual one among them, whose ids and statuses hold hostile text. One runs for
 * ever, which the org's one-build rule does not allow: there it has failed.
 */
export function addHostileNeighbours(api: FakeDevinApi, random: () => number, orgRules: boolean): void {
  const now = api.now();
  for (const [status, trigger] of [
    ['succeeded', 'manual'],
    ['failed', 'auto'],
    [orgRules ? 'failed' : 'running', null]
  ] as const) {
    const id = api.addBuild({ status, trigger, createdAt: now - Math.floor(random() * 3 * HOUR_MS) - 60_000 });
    const hostileId = hostileText(random, `bld_${id.slice(4, 10)}`);
    api.renameBuild(id, hostileId);
    if (random() < 0.5) api.setStatusOverride(hostileId, hostileText(random, status));
  }
}
