// The builds of the fake Devin API: each one's timeline (timeline.ts), given or worked out by the
// org's rules (org-rules.ts), the order lists page through, and each build as the API writes it.
import { randomBytes } from 'node:crypto';
import type { LogContent } from './log-storage.js';
import { runQueue, type QueueEntry } from './org-rules.js';
import {
  stateAt,
  type BuildPlan,
  type DevinBuildStatus,
  type DevinBuildTrigger,
  type TerminalStatus,
  type Timeline
} from './timeline.js';

export interface AddBuildOptions {
  status: DevinBuildStatus;
  /** Default 'auto'. */
  trigger?: DevinBuildTrigger | null;
  /** Default null. */
  triggeredByUserId?: string | null;
  /** Default false. A pinned succeeded build is the active one whatever succeeds later. */
  pinned?: boolean;
  /** Times in ms on the fake's clock; they should not be in the future. Default: now. */
  createdAt?: number;
  /** Default: createdAt, or null for a pending build. */
  startedAt?: number | null;
  /** Terminal statuses only. Default: startedAt, else createdAt. */
  completedAt?: number;
}

/** A status forced on the wire: a fixed string, or one computed from the real status at each read (undefined: the real one). */
export type StatusOverride = string | ((status: DevinBuildStatus) => string | undefined);

/** A build as the API serialises it (the OpenAPI `Build` schema). */
export interface DevinBuildWire {
  build_id: string;
  /** A DevinBuildStatus, unless forced to something else with setStatusOverride. */
  status: string;
  trigger: DevinBuildTrigger | null;
  triggered_by_user_id: string | null;
  pinned: boolean;
  started_at: number | null;
  completed_at: number | null;
  created_at: number;
  updated_at: number;
}

const OLDER_MANUAL_BUILD_USER_ID = 'usr_maintainer';
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export interface StoredBuild {
  /** Changes only through rename. */
  id: string;
  /** Creation order; breaks created_at ties in the newest-first order and in cursors. */
  sequence: number;
  trigger: DevinBuildTrigger | null;
  triggeredByUserId: string | null;
  pinned: boolean;
  timeline: Timeline;
  activatesOnSuccess: boolean;
  statusOverride?: StatusOverride;
  log?: LogContent;
  /** A slow trigger's build exists (in the list and by id) only from its creation time on. */
  createdLater?: true;
  /** Under the org's rules: what was asked of the build, from which its timeline is worked out. */
  queued?: QueuedRequest;
  /** This build shows in the list this long after it is created, whatever the list's own lag. */
  listLagMs?: number;
}

export interface QueuedRequest {
  plan: BuildPlan;
  /** The first cancel request: when it came, and its arrival order. */
  cancel?: { at: number; order: number };
  /** Worked out by the rules: the build whose creation cancelled this one while it was queued. */
  supersededBy?: StoredBuild;
}

/** The fields of a build the store does not work out itself. */
export type BuildFields = Omit<StoredBuild, 'id' | 'sequence' | 'timeline' | 'queued'>;

/** What the build's log file holds: what a test set, or a few plain lines. */
export function logOf(build: StoredBuild): LogContent {
  return (
    build.log ??
    [`Building snapshot ${build.id}`, 'Cloning repositories', 'Running setup commands', 'Saving snapshot', ''].join(
      '\n'
    )
  );
}

/** Position of a build in the list order; what a cursor encodes. */
export interface ListPosition {
  createdAt: number;
  sequence: number;
}

/** Newest first: negative when `a` is newer than `b`; creation order breaks created_at ties. */
function newestFirst(a: ListPosition, b: ListPosition): number {
  return b.createdAt - a.createdAt || b.sequence - a.sequence;
}

export function encodeCursor(position: ListPosition): string {
  return Buffer.from(`${position.createdAt}:${position.sequence}`).toString('base64url');
}

export function decodeCursor(cursor: string): ListPosition | undefined {
  const match = /^(\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return undefined;
  const position = { createdAt: Number(match[1]), sequence: Number(match[2]) };
  // base64url decoding is lenient; only cursors this fake could have issued are accepted.
  return encodeCursor(position) === cursor ? position : undefined;
}

/** What a list request asks for, once validated. */
export interface ListQuery {
  first: number;
  after?: ListPosition;
  status?: DevinBuildStatus;
  active?: boolean;
}

export interface BuildStoreOptions {
  now: () => number;
  timestampUnit: 's' | 'ms';
  listOrder: 'newest-first' | 'oldest-first';
  /** A lagging list: a build shows in it this long after it is created. */
  listLagMs: number;
  /** The server's own page size, whatever `first` asks; undefined: as `first` asks. */
  pageSize?: number;
  /** The org's rules (org-rules.ts) for the builds asked for through addRequested. */
  orgRules: boolean;
}

/** A time on the fake's clock (ms) as the API writes it: an integer in `unit`. */
export function wireTime(unit: 's' | 'ms', ms: number): number {
  return unit === 's' ? Math.floor(ms / 1000) : Math.floor(ms);
}

function exists(build: StoredBuild, now: number): boolean {
  return !build.createdLater || build.timeline.createdAt <= now;
}

/** Whether a list that lags by `lagMs` shows the build yet (without a lag, builds given a later time show too). */
function listed(build: StoredBuild, now: number, lagMs: number): boolean {
  return !lagMs || build.timeline.createdAt + lagMs <= now;
}

export class BuildStore {
  /** Insertion-ordered; list order is computed on each read. */
  private readonly builds = new Map<string, StoredBuild>();
  /** Ids of the builds created through the API, oldest first. */
  readonly createdIds: string[] = [];
  /** Every build ever added, removed ones too: a removed build still ran, and the rules replay it. */
  private readonly history: StoredBuild[] = [];
  /** Arrival order of builds and cancel requests. */
  private nextSequence = 0;

  constructor(private readonly options: BuildStoreOptions) {}

  get(id: string): StoredBuild | undefined {
    return this.builds.get(id);
  }

  /** The build, once it has been created by the fake's clock (a slow trigger's is not, until its time). */
  existing(id: string, now: number): StoredBuild | undefined {
    const build = this.builds.get(id);
    return build && exists(build, now) ? build : undefined;
  }

  /** The build, which must exist. */
  stored(id: string): StoredBuild {
    const build = this.builds.get(id);
    if (!build) throw new Error(`FakeDevinApi has no build ${id}`);
    return build;
  }

  all(): IterableIterator<StoredBuild> {
    return this.builds.values();
  }

  /**
   * A build with its timeline as given, outside the org's rules (while it runs it holds the org's
   * one slot all the same), or, with `queued`, as the rules work it out.
   */
  add(fields: Omit<StoredBuild, 'id' | 'sequence'>): StoredBuild {
    let id: string;
    do id = `bld_${randomBytes(8).toString('hex')}`;
    while (this.builds.has(id));
    const build: StoredBuild = { id, sequence: this.nextSequence++, ...fields };
    this.builds.set(id, build);
    this.history.push(build);
    this.applyRules();
    return build;
  }

  /** A build asked for at `createdAt`: under the org's rules when they apply, else it follows `plan` alone. */
  addRequested(fields: BuildFields, createdAt: number, plan: BuildPlan): StoredBuild {
    const startsAt = createdAt + plan.pendingMs;
    return this.add({
      ...fields,
      timeline: { createdAt, startsAt, completesAt: startsAt + plan.runningMs, outcome: plan.outcome },
      ...(this.options.orgRules && { queued: { plan } })
    });
  }

  addBuild(options: AddBuildOptions): string {
    const createdAt = options.createdAt ?? this.options.now();
    let timeline: Timeline;
    if (options.status === 'pending') {
      timeline = { createdAt, startsAt: null, completesAt: null, outcome: 'succeeded' };
    } else if (options.status === 'running') {
      timeline = { createdAt, startsAt: options.startedAt ?? createdAt, completesAt: null, outcome: 'succeeded' };
    } else {
      const startsAt = options.startedAt === undefined ? createdAt : options.startedAt;
      timeline = {
        createdAt,
        startsAt,
        completesAt: options.completedAt ?? startsAt ?? createdAt,
        outcome: options.status
      };
    }
    return this.add({
      trigger: options.trigger === undefined ? 'auto' : options.trigger,
      triggeredByUserId: options.triggeredByUserId ?? null,
      pinned: options.pinned ?? false,
      timeline,
      activatesOnSuccess: true
    }).id;
  }

  /** Builds finished hours ago, a few minutes long each, mixed triggers and outcomes; the most recent succeeded. */
  addOlderBuilds(count: number): void {
    const seededAt = this.options.now();
    for (let age = count; age >= 1; age--) {
      const createdAt = seededAt - age * 2 * HOUR_MS;
      const startsAt = createdAt + 15_000 + age * 1_000;
      const completesAt = startsAt + 3 * MINUTE_MS + ((age * 53_000) % (4 * MINUTE_MS));
      const outcome: TerminalStatus = age % 3 === 2 ? 'failed' : age % 5 === 4 ? 'cancelled' : 'succeeded';
      const trigger: DevinBuildTrigger = age % 2 === 1 ? 'auto' : 'manual';
      this.add({
        trigger,
        triggeredByUserId: trigger === 'manual' ? OLDER_MANUAL_BUILD_USER_ID : null,
        pinned: false,
        timeline: { createdAt, startsAt, completesAt, outcome },
        activatesOnSuccess: true
      });
    }
  }

  rename(id: string, newId: string): void {
    const build = this.stored(id);
    if (this.builds.has(newId)) throw new Error(`FakeDevinApi already has a build ${newId}`);
    this.builds.delete(id);
    build.id = newId;
    this.builds.set(newId, build);
    const created = this.createdIds.indexOf(id);
    if (created >= 0) this.createdIds[created] = newId;
  }

  remove(id: string): void {
    this.stored(id);
    this.builds.delete(id);
  }

  /** Cancelling an in-flight build completes it as cancelled now; a finished build is left as it is. */
  cancel(build: StoredBuild, now: number): void {
    const { status } = stateAt(build.timeline, now);
    if (build.queued) {
      build.queued.cancel ??= { at: now, order: this.nextSequence++ };
    } else if (status === 'pending' || status === 'running') {
      build.timeline = {
        ...build.timeline,
        startsAt: status === 'running' ? build.timeline.startsAt : null,
        completesAt: now,
        outcome: 'cancelled'
      };
    }
    this.applyRules();
  }

  /** Works out the timelines of the builds under the org's rules again, after a request that may change what follows it. */
  private applyRules(): void {
    if (!this.options.orgRules) return;
    const entries: QueueEntry<StoredBuild>[] = [];
    const busy = [];
    for (const build of this.history) {
      const { createdAt, startsAt, completesAt } = build.timeline;
      if (build.queued) {
        const { plan, cancel } = build.queued;
        entries.push({ key: build, createdAt, order: build.sequence, plan, ...(cancel && { cancel }) });
      } else if (startsAt !== null) {
        busy.push({ from: startsAt, until: completesAt });
      }
    }
    for (const [build, outcome] of runQueue(entries, busy)) {
      build.timeline = outcome.timeline;
      if (build.queued) build.queued.supersededBy = outcome.supersededBy;
    }
  }

  wireView(build: StoredBuild, now: number): DevinBuildWire {
    const state = stateAt(build.timeline, now);
    const override = build.statusOverride;
    return {
      build_id: build.id,
      status: (typeof override === 'function' ? override(state.status) : override) ?? state.status,
      trigger: build.trigger,
      triggered_by_user_id: build.triggeredByUserId,
      pinned: build.pinned,
      started_at: state.startedAt === null ? null : this.wireTime(state.startedAt),
      completed_at: state.completedAt === null ? null : this.wireTime(state.completedAt),
      created_at: this.wireTime(build.timeline.createdAt),
      updated_at: this.wireTime(state.updatedAt)
    };
  }

  /** The build whose image new sessions use: a pinned succeeded build, else the most recently succeeded one. */
  activeBuildId(now: number): string | undefined {
    let latest: { id: string; completedAt: number } | undefined;
    for (const build of this.builds.values()) {
      const { status, completedAt } = stateAt(build.timeline, now);
      if (status !== 'succeeded' || completedAt === null) continue;
      if (build.pinned) return build.id;
      if (build.activatesOnSuccess && (!latest || completedAt >= latest.completedAt))
        latest = { id: build.id, completedAt };
    }
    return latest?.id;
  }

  /** One page of the list, as the API answers it (the OpenAPI `BuildPage` schema). */
  page(query: ListQuery, now: number) {
    const activeId = query.active === undefined ? undefined : this.activeBuildId(now);
    const matching = [...this.builds.values()]
      .filter(build => exists(build, now) && listed(build, now, build.listLagMs ?? this.options.listLagMs))
      .map(build => ({ build, wire: this.wireView(build, now) }))
      .filter(({ wire }) => query.status === undefined || wire.status === query.status)
      .filter(({ build }) => query.active === undefined || (build.id === activeId) === query.active)
      .sort((a, b) => this.listComparison(this.position(a.build), this.position(b.build)));
    const { after } = query;
    const remaining = after
      ? matching.filter(({ build }) => this.listComparison(this.position(build), after) > 0)
      : matching;
    const page = remaining.slice(0, this.options.pageSize ?? query.first);
    const hasNextPage = remaining.length > page.length;
    const last = page.at(-1)?.build;
    return {
      items: page.map(({ wire }) => wire),
      end_cursor: hasNextPage && last ? encodeCursor(this.position(last)) : null,
      has_next_page: hasNextPage,
      total: matching.length
    };
  }

  private wireTime(ms: number): number {
    return wireTime(this.options.timestampUnit, ms);
  }

  private position(build: StoredBuild): ListPosition {
    return { createdAt: build.timeline.createdAt, sequence: build.sequence };
  }

  /** Negative when `a` is listed before `b`. */
  private listComparison(a: ListPosition, b: ListPosition): number {
    return this.options.listOrder === 'newest-first' ? newestFirst(a, b) : newestFirst(b, a);
  }
}
