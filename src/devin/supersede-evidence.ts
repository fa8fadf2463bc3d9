// Whether a build is newer or older than one the org's one-build rule cancelled, on evidence.
// Timestamps are whole seconds as a rule (the contract types them as integers), so a build created
// in the same second as ours cannot be placed by created_at alone, and the list's order is not
// promised. What the rule implies decides instead ("only one build runs at a time; new triggers
// cancel any queued build"): a build created while ours was queued cancelled ours at once, so every
// newer build was created, and started, no earlier than ours was cancelled; a build older than ours
// that is not cancelled was not queued when ours was created (ours would have cancelled it), so it
// had started by then.
import type { BuildView } from '../core/build.js';
import { serverText } from '../core/untrusted.js';
import type { DevinBuild } from './client.js';
import { epochMs } from './timestamps.js';

/** Builds remembered as listed: far more than an org makes in a run; past it, less evidence, never wrong evidence. */
const LISTED_MAX = 10_000;

/**
 * What the run's answers showed, numbered in the order they came: when each build was first
 * listed, and when each build the run follows was last seen queued (pending).
 */
export class Sightings {
  private answers = 0;
  private readonly firstListed = new Map<string, number>();
  private readonly lastQueued = new Map<string, number>();

  /** `followed`: the builds whose queued sightings are kept (the run's own, and those it follows). */
  constructor(private readonly followed: ReadonlySet<string>) {}

  /** One answer: a page of the list, or one build (read by id, or the trigger's). */
  saw(builds: readonly DevinBuild[], from: 'list' | 'one'): void {
    const answer = ++this.answers;
    for (const { build_id: id, status } of builds) {
      if (from === 'list' && !this.firstListed.has(id) && this.firstListed.size < LISTED_MAX) {
        this.firstListed.set(id, answer);
      }
      if (status === 'pending' && this.followed.has(id)) this.lastQueued.set(id, answer);
    }
  }

  /**
   * Whether `other` was listed no later than an answer that showed `build` still queued: it
   * existed before anything cancelled `build`, so it is not a build that superseded it.
   */
  listedWhileQueued(other: string, build: string): boolean {
    const listed = this.firstListed.get(other);
    const queued = this.lastQueued.get(build);
    return listed !== undefined && queued !== undefined && listed <= queued;
  }
}

/** Where a build stands against a cancelled one: created after it, before it, or not known. */
export type Place = 'newer' | 'older' | 'undecided';

/**
 * Where `candidate` (not cancelled, created no earlier than `cancelled` by its timestamps) stands
 * against `cancelled`. Newer: created in a later second (or tick); still pending now (an older
 * build queued when ours was created would have been cancelled); started after ours was created.
 * Older: listed while ours was still queued; started before ours was cancelled. Evidence both
 * ways (a server that breaks the rule), or none, leaves it undecided: it is never guessed.
 */
export function placeAgainst(candidate: DevinBuild, cancelled: BuildView, listedWhileQueued: boolean): Place {
  const created = epochMs(candidate.created_at);
  const started = epochMs(candidate.started_at);
  const since = cancelled.createdAt;
  if (created === undefined || since === undefined) return 'undecided';
  const newer =
    created > since || (candidate.status === 'pending' && started === undefined) || (started ?? -Infinity) > since;
  const older =
    created < since ||
    listedWhileQueued ||
    (started !== undefined && cancelled.completedAt !== undefined && started < cancelled.completedAt);
  if (newer === older) return 'undecided';
  return newer ? 'newer' : 'older';
}

/**
 * One look through the list's pages for the builds that may have superseded `cancelled`: those not
 * cancelled and created no earlier than it, each placed against it (placeAgainst).
 */
export class SuccessorSearch {
  private best: { build: DevinBuild; rank: Rank } | undefined;
  /** The builds it cannot place, as messages name them. */
  readonly undecided: string[] = [];

  constructor(
    private readonly cancelled: BuildView,
    private readonly sightings: Sightings
  ) {}

  /** Takes in the next page. */
  add(items: readonly DevinBuild[]): void {
    const { cancelled } = this;
    const since = cancelled.createdAt ?? Infinity;
    for (const item of items) {
      const created = epochMs(item.created_at);
      if (item.build_id === cancelled.id || item.status === 'cancelled' || created === undefined || created < since) {
        continue;
      }
      const place = placeAgainst(item, cancelled, this.sightings.listedWhileQueued(item.build_id, cancelled.id));
      if (place === 'undecided') this.undecided.push(serverText(item.build_id, 80));
      const rank: Rank = [created, epochMs(item.started_at) ?? Infinity];
      if (place === 'newer' && (!this.best || later(rank, this.best.rank))) this.best = { build: item, rank };
    }
  }

  /** The newest of the builds known to be newer; its place in the list plays no part. */
  get newest(): DevinBuild | undefined {
    return this.best?.build;
  }
}

/** How new a build is among newer ones: its creation, then its start (one not started yet queued behind the others). */
type Rank = [created: number, started: number];

function later([created, started]: Rank, [otherCreated, otherStarted]: Rank): boolean {
  return created > otherCreated || (created === otherCreated && started > otherStarted);
}
