import {
  sameBuild,
  statusOf,
  type BuildBackend,
  type BuildView,
  type CallContext,
  type FollowUp,
  type Phase,
  type Prepared,
  type PrepareCall,
  type Successors,
  type TriggerTime
} from '../core/build.js';
import { formatDuration } from '../core/duration.js';
import { ActionError } from '../core/errors.js';
import { checkServerBuildId, serverText } from '../core/untrusted.js';
import { prepareBlueprints, type BlueprintPlan } from './blueprints.js';
import type { DevinBuild, DevinClient } from './client.js';
import { ListOrder } from './list-order.js';
import { Sightings, SuccessorSearch } from './supersede-evidence.js';
import { epochMs } from './timestamps.js';

/** A Map, not an object: a status named `constructor` or `__proto__` must not find Object.prototype's. */
const PHASE = new Map<string, Phase>([
  ['pending', 'in_progress'],
  ['running', 'in_progress'],
  ['succeeded', 'success'],
  ['failed', 'failure'],
  ['cancelled', 'cancelled']
]);

const API = 'The Devin API';

/** The build as the gate sees it; every string from the server passes the sanitizing boundary. */
export function toBuildView(build: DevinBuild): BuildView {
  return {
    id: checkServerBuildId(build.build_id, API),
    ...statusOf(build.status),
    phase: PHASE.get(build.status) ?? 'unknown',
    trigger: build.trigger === null ? null : serverText(build.trigger),
    createdAt: epochMs(build.created_at),
    startedAt: epochMs(build.started_at),
    completedAt: epochMs(build.completed_at)
  };
}

/** The API's own default page size: our build is almost always on the first page. */
const PAGE_SIZE = 100;
/** Pages a reconcile reads before giving up: 2,000 builds, far more than an org makes in a trigger's time. */
const RECONCILE_PAGE_CAP = 20;
/**
 * How far the runner's clock and the API's may disagree, and how long "before the trigger" a
 * build may seem to be created on the runner's clock and still be ours.
 */
export const CLOCK_TOLERANCE_MS = 30_000;
/** created_at and the Date header are whole seconds: a build created this much "before" the trigger on the API's clock is still ours. */
const SERVER_CLOCK_TOLERANCE_MS = 2000;

/**
 * The Devin snapshot-setup builds API seen through the gate's BuildBackend interface.
 *
 * The reference does not promise the list's order, so nothing here depends on it: a status check
 * reads the first page and, when the build is not on it, reads the build by id
 * (GET builds/{build_id}) from then on; an attached build is read by id from the start. A
 * reconcile, and the search for a build that superseded ours, read every page until the list
 * passes the time they look from, in an order the pages read so far show (list-order.ts), never
 * one a single page is taken to show, nor the page size asked for.
 */
export class DevinBackend implements BuildBackend {
  readonly product = 'Devin';
  readonly orgInput = 'org_id';
  readonly words = { start: 'trigger', started: 'triggered', starting: 'triggering' };
  /** Builds this run created or found in the list, which its first page normally shows. */
  private readonly listed = new Set<string>();
  /** Builds checked by id alone, since reading them by id answered. */
  private readonly readById = new Set<string>();
  /** Reading by id answered 404 for a build the list showed: this deployment may not offer it. */
  private byIdUnanswered = false;
  /** Per trigger (by its send time): the builds the first look at the list after it showed. */
  private readonly firstSeen = new Map<number, Set<string>>();
  /** What the answers showed over time: the evidence that places builds of one second (supersededBy). */
  private readonly sightings = new Sightings(this.listed);

  constructor(
    private readonly client: DevinClient,
    private readonly plan: BlueprintPlan = { sync: false }
  ) {}

  prepare(call: PrepareCall, log: (line: string) => void): Promise<Prepared | undefined> {
    const { repo, sync, blueprint } = this.plan;
    const { orgId } = this.client;
    if (sync) log(`Syncing the blueprint of ${repo} into ${orgId} …`);
    else if (blueprint) log(`Uploading ${blueprint.path} as the blueprint of ${repo} in ${orgId} …`);
    return prepareBlueprints(this.client, this.plan, call);
  }

  /**
   * The newest build created after `build` that is not cancelled, read from the list's pages until
   * they pass `build`'s creation, in whichever order the list uses (RECONCILE_PAGE_CAP pages at
   * most: past it, an ActionError). One created in the same second is placed by the evidence of
   * supersede-evidence.ts, never by its place in the list; the ones it cannot place are named.
   */
  async supersededBy(build: BuildView, context: CallContext): Promise<Successors> {
    const since = build.createdAt;
    if (since === undefined) return { undecided: [] };
    const search = new SuccessorSearch(build, this.sightings);
    for await (const { items, last, order } of this.pages(context)) {
      search.add(items);
      if (last || order.passed(items, since)) {
        const { newest } = search;
        return newest ? { newer: this.onList(toBuildView(newest)), undecided: [] } : { undecided: search.undecided };
      }
    }
    throw new ActionError(
      `the builds list was still going after ${RECONCILE_PAGE_CAP} pages without passing the creation of build ${build.id}, ` +
        'so whether a newer build superseded it cannot be told'
    );
  }

  async trigger(context: CallContext, idempotencyKey: string): Promise<BuildView> {
    const answer = await this.client.triggerBuild(idempotencyKey, context);
    const build = this.onList(toBuildView(answer));
    this.sightings.saw([answer], 'one');
    return build;
  }

  private onList(build: BuildView): BuildView {
    this.listed.add(build.id);
    return build;
  }

  /**
   * The build a trigger that may have failed created, on evidence: a build whose trigger is
   * `manual` or null (never `auto`), created after the trigger was sent by the runner's clock
   * (within CLOCK_TOLERANCE_MS) and, when the answer has a Date header, by the API's clock too.
   * Every build created since the earlier of the two is a candidate, so that clocks that disagree
   * widen the search rather than hide a build: none means none has appeared yet (the gate reads
   * again over its settle window); one that passes both clocks is returned, as found; anything else
   * (two candidates, as overlapping runs make, or one that only one clock places after the
   * trigger) stops with an ActionError that says what was seen. Pages are read in whichever order
   * the list uses until they pass the trigger time, RECONCILE_PAGE_CAP at most. A manual build
   * that was not there at the first look after this trigger, yet that both clocks place before it,
   * also stops it: a server whose timestamps and Date header disagree would otherwise hide our
   * build and cost a second one.
   */
  async findCreatedSince(trigger: TriggerTime, context: CallContext): Promise<BuildView | undefined> {
    const candidates = new Map<string, Candidate>();
    const firstSeen = this.firstSeen.get(trigger.sentAt);
    const seen = new Set<string>();
    let appeared: DevinBuild | undefined;
    let skewMs = 0;
    for await (const { items, serverDateMs, last, order } of this.pages(context)) {
      const runnerNow = trigger.now();
      const byRunnerFrom = trigger.sentAt - CLOCK_TOLERANCE_MS;
      // When the trigger was sent by the API's clock, when its answer tells that clock.
      const byServerFrom =
        serverDateMs === undefined
          ? undefined
          : serverDateMs - (runnerNow - trigger.sentAt) - SERVER_CLOCK_TOLERANCE_MS;
      if (serverDateMs !== undefined) skewMs = serverDateMs - runnerNow;
      const from = Math.min(byRunnerFrom, byServerFrom ?? byRunnerFrom);
      for (const build of items) {
        // A time no date can hold cannot place the build before the trigger: it stays a candidate.
        const created = epochMs(build.created_at) ?? Infinity;
        if (build.trigger === 'auto') continue;
        seen.add(build.build_id);
        if (created < from) {
          if (firstSeen && !firstSeen.has(build.build_id)) appeared ??= build;
          continue;
        }
        const byRunner = created !== Infinity && created >= byRunnerFrom;
        const byServer = created !== Infinity && (byServerFrom === undefined || created >= byServerFrom);
        candidates.set(build.build_id, { build, byBothClocks: byRunner && byServer });
      }
      // A list that reads as newest first has passed the trigger at a build older than it; in any
      // other order, or while the order is unknown, the list is read to its end.
      if (last || order.passed(items, from)) {
        if (!firstSeen) this.firstSeen.set(trigger.sentAt, seen);
        if (appeared && candidates.size === 0) throw appearedBeforeTrigger(appeared);
        return this.adopt([...candidates.values()], skewMs);
      }
    }
    throw new ActionError(
      `the builds list was still going after ${RECONCILE_PAGE_CAP} pages without passing the trigger time`
    );
  }

  private adopt(candidates: Candidate[], skewMs: number): BuildView | undefined {
    if (candidates.length === 0) return undefined;
    const ids = candidates.slice(0, 5).map(({ build }) => serverText(build.build_id, 80));
    if (candidates.length > 1) {
      throw new ActionError(
        `${candidates.length} builds were created around the time of the trigger (${ids.join(', ')}), so which one it made ` +
          'cannot be told; another run may have triggered one at the same time'
      );
    }
    const [{ build, byBothClocks }] = candidates;
    if (!byBothClocks) {
      throw new ActionError(
        `build ${ids[0]} was created around the time of the trigger, but not after it by both the runner's clock and the API's ` +
          `(they disagree by ${formatDuration(Math.abs(skewMs))}), so whether the trigger made it cannot be told`
      );
    }
    return this.onList(toBuildView(build));
  }

  /**
   * The build's state, in one request as a rule: a build this run created is looked for on the
   * list's first page; one that is not there (pushed down, another order, a list that missed it)
   * and an attached one are read by id, and once that answers, every later check reads by id.
   * Where reading by id answers 404 (the reference does not promise it), the list is read page
   * by page instead, and from then on without trying the id first.
   */
  async fetch(buildId: string, context: CallContext): Promise<BuildView | undefined> {
    let triedById = false;
    if (this.readById.has(buildId) || (!this.listed.has(buildId) && !this.byIdUnanswered)) {
      triedById = true;
      const build = await this.readBuildById(buildId, context);
      if (build) return build;
    }
    let firstPage = true;
    for await (const { items } of this.pages(context)) {
      const found = items.find(build => build.build_id === buildId);
      if (found) {
        if (triedById) this.byIdUnanswered = true;
        return toBuildView(found);
      }
      if (firstPage && !triedById && !this.byIdUnanswered) {
        triedById = true;
        const build = await this.readBuildById(buildId, context);
        if (build) return build;
      }
      firstPage = false;
    }
    return undefined;
  }

  /** The build by id; while that answers, later checks read it so alone. */
  private async readBuildById(buildId: string, context: CallContext): Promise<BuildView | undefined> {
    const build = await this.client.getBuild(buildId, context);
    if (build) this.readById.add(buildId);
    else this.readById.delete(buildId);
    const view = build && sameBuild(buildId, toBuildView(build), 'the status check', API);
    if (build) this.sightings.saw([build], 'one');
    return view;
  }

  /**
   * The list a page at a time, following the cursor, RECONCILE_PAGE_CAP pages at most (a walk that
   * ends without `last` stopped at the cap); `order`, what the pages read so far show of its order.
   */
  private async *pages(
    context: CallContext
  ): AsyncGenerator<{ items: DevinBuild[]; serverDateMs?: number; last: boolean; order: ListOrder }> {
    const order = new ListOrder();
    let after: string | undefined;
    for (let page = 0; page < RECONCILE_PAGE_CAP; page++) {
      // The server may answer fewer (or more) builds than asked: nothing below counts on PAGE_SIZE.
      const { items, end_cursor, serverDateMs } = await this.client.listBuilds({ first: PAGE_SIZE, after }, context);
      this.sightings.saw(items, 'list');
      order.add(items);
      const last = !end_cursor || end_cursor === after;
      yield { items, serverDateMs, last, order };
      if (last) return;
      after = end_cursor;
    }
  }

  async cancel(buildId: string, context: CallContext): Promise<BuildView> {
    return sameBuild(buildId, toBuildView(await this.client.cancelBuild(buildId, context)), 'the cancel', API);
  }

  /** Reports whether the build is now the one new sessions use, and a pin that keeps another one in use. */
  async afterSuccess(build: BuildView, context: CallContext): Promise<FollowUp> {
    const { items } = await this.client.listBuilds({ first: 1, active: true }, context);
    const active = items[0];
    const pinnedElsewhere =
      active && active.build_id !== build.id && active.pinned ? checkServerBuildId(active.build_id, API) : undefined;
    return { outputs: { active: String(active?.build_id === build.id) }, pinnedElsewhere };
  }

  async pin(buildId: string, context: CallContext): Promise<BuildView> {
    return sameBuild(buildId, toBuildView(await this.client.pinBuild(buildId, context)), 'the pin', API);
  }

  logUrl(buildId: string, context: CallContext): Promise<string> {
    return this.client.getLogUrl(buildId, context);
  }
}

/**
 * A build that was not in the list at the first look after the trigger, but whose created_at places
 * it before the trigger by both clocks: the list or the clocks are wrong, and which cannot be told.
 */
function appearedBeforeTrigger(build: DevinBuild): ActionError {
  return new ActionError(
    `build ${serverText(build.build_id, 80)} appeared in the list after the trigger, but its created_at places it ` +
      "before the trigger by both the runner's clock and the API's, so whether the trigger made it cannot be told"
  );
}

/** A build that may be the one a trigger made; adopted only if both clocks place it after the trigger. */
interface Candidate {
  build: DevinBuild;
  byBothClocks: boolean;
}
