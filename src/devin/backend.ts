import {
  validTime,
  type BuildBackend,
  type BuildView,
  type CallContext,
  type FollowUp,
  type Phase,
  type TriggerTime
} from '../core/build.js';
import { formatDuration } from '../core/duration.js';
import { ActionError } from '../core/errors.js';
import { checkServerBuildId, serverText } from '../core/untrusted.js';
import type { DevinBuild, DevinClient } from './client.js';

/**
 * A Devin timestamp in milliseconds. The reference does not promise the unit: values are read as
 * epoch seconds unless they could only be milliseconds (1e11 s is the year 5138; 1e11 ms is 1973).
 * A value no Date can hold is unknown.
 */
export function epochMs(value: number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  return validTime(value >= 1e11 ? value : value * 1000);
}

const PHASE: Record<string, Phase> = {
  pending: 'in_progress',
  running: 'in_progress',
  succeeded: 'success',
  failed: 'failure',
  cancelled: 'cancelled'
};

const API = 'The Devin API';

/** The build as the gate sees it; every string from the server passes the sanitizing boundary. */
export function toBuildView(build: DevinBuild): BuildView {
  return {
    id: checkServerBuildId(build.build_id, API),
    status: serverText(build.status),
    phase: PHASE[build.status] ?? 'unknown',
    trigger: build.trigger === null ? null : serverText(build.trigger),
    createdAt: epochMs(build.created_at),
    startedAt: epochMs(build.started_at),
    completedAt: epochMs(build.completed_at)
  };
}

/** Outputs the Devin backend adds to the common ones. */
export const DEVIN_OUTPUT_NAMES = ['active', 'pinned', 'log_path'] as const;

/** The API's own default page size: our build is almost always on the first page. */
const PAGE_SIZE = 100;
/** Pages a reconcile reads before giving up: 2,000 builds, far more than an org makes in a trigger's time. */
const RECONCILE_PAGE_CAP = 20;
/** Recent builds whose times make the forecast. */
const HISTORY_SIZE = 20;
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
 * The reference does not promise the list's order, so nothing here depends on it: a status
 * check reads the first page (which also feeds the poll schedule) and, when the build is not on
 * it, reads the build by id (GET builds/{build_id}) from then on; an attached build is read by id
 * from the start. A reconcile reads every page until the list passes the trigger time.
 */
export class DevinBackend implements BuildBackend {
  readonly product = 'Devin';
  readonly orgInput = 'org_id';
  readonly words = { start: 'trigger', started: 'triggered', starting: 'triggering' };
  private history: number[] = [];
  /** Builds this run created, which the first page of the list normally shows. */
  private readonly listed = new Set<string>();

  constructor(private readonly client: DevinClient) {}

  recentDurationsMs(): number[] {
    return this.history;
  }

  /** Keeps how long the newest finished builds took, for the poll schedule. */
  private remember(items: DevinBuild[]): void {
    const durations = newestFirst(items)
      .filter(build => build.status === 'succeeded')
      .map(build => (epochMs(build.completed_at) ?? 0) - (epochMs(build.created_at) ?? 0))
      .filter(ms => ms > 0)
      .slice(0, HISTORY_SIZE);
    if (durations.length) this.history = durations;
  }

  async trigger(context: CallContext, idempotencyKey: string): Promise<BuildView> {
    return this.ours(toBuildView(await this.client.triggerBuild(idempotencyKey, context)));
  }

  private ours(build: BuildView): BuildView {
    this.listed.add(build.id);
    return build;
  }

  /**
   * The build a trigger that may have failed created, on evidence: a build whose trigger is
   * `manual` or null (never `auto`), created after the trigger was sent by the runner's clock
   * (within CLOCK_TOLERANCE_MS) and, when the answer has a Date header, by the API's clock too.
   * Undefined when the list shows no such build (the trigger may then be sent again with the same
   * Idempotency-Key); an ActionError when the clocks disagree, when more than one build qualifies
   * (overlapping runs), or when the list is too long to read.
   */
  async findCreatedSince(trigger: TriggerTime, context: CallContext): Promise<BuildView | undefined> {
    let after: string | undefined;
    const candidates: DevinBuild[] = [];
    for (let page = 0; page < RECONCILE_PAGE_CAP; page++) {
      const { items, end_cursor, serverDateMs } = await this.client.listBuilds({ first: PAGE_SIZE, after }, context);
      const runnerNow = trigger.now();
      const since = runnerNow - trigger.sentAt;
      let threshold = trigger.sentAt - CLOCK_TOLERANCE_MS;
      if (serverDateMs !== undefined) {
        const skew = serverDateMs - runnerNow;
        if (Math.abs(skew) > CLOCK_TOLERANCE_MS) {
          throw new ActionError(
            `the API's clock (its Date header) and the runner's disagree by ${formatDuration(Math.abs(skew))}, ` +
              `more than ${formatDuration(CLOCK_TOLERANCE_MS)}, so builds created since the trigger cannot be told from older ones`
          );
        }
        threshold = Math.max(threshold, serverDateMs - since - SERVER_CLOCK_TOLERANCE_MS);
      }
      if (page === 0) this.remember(items);
      const createdSince = (build: DevinBuild) => (epochMs(build.created_at) ?? -Infinity) >= threshold;
      candidates.push(...items.filter(build => build.trigger !== 'auto' && createdSince(build)));
      // In either order, a page that holds a build older than the trigger, and a newer one or none
      // after it, has passed the trigger time only if the list is newest first: read on otherwise.
      const passed = isNewestFirst(items) && items.some(build => !createdSince(build));
      if (passed || !end_cursor || end_cursor === after) return this.adopt(candidates);
      after = end_cursor;
    }
    throw new ActionError(
      `the builds list was still going after ${RECONCILE_PAGE_CAP} pages of ${PAGE_SIZE} builds without passing the trigger time`
    );
  }

  private adopt(candidates: DevinBuild[]): BuildView | undefined {
    const unique = [...new Map(candidates.map(build => [build.build_id, build])).values()];
    if (unique.length > 1) {
      const ids = unique.slice(0, 5).map(build => serverText(build.build_id, 80));
      throw new ActionError(
        `${unique.length} builds were created since the trigger (${ids.join(', ')}), so which one it made cannot be told; ` +
          'another run may have triggered one at the same time'
      );
    }
    return unique.length ? this.ours(toBuildView(unique[0])) : undefined;
  }

  /** The build's state: from the first page of the list for a build this run created, else by id. */
  async fetch(buildId: string, context: CallContext): Promise<BuildView | undefined> {
    if (this.listed.has(buildId)) {
      const { items } = await this.client.listBuilds({ first: PAGE_SIZE }, context);
      this.remember(items);
      const found = items.find(build => build.build_id === buildId);
      if (found) return toBuildView(found);
      // Pushed past the first page, or a list in another order: read it by id from now on.
      this.listed.delete(buildId);
    }
    const build = await this.client.getBuild(buildId, context);
    return build && toBuildView(build);
  }

  async cancel(buildId: string, context: CallContext): Promise<BuildView> {
    return toBuildView(await this.client.cancelBuild(buildId, context));
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
    return toBuildView(await this.client.pinBuild(buildId, context));
  }

  logUrl(buildId: string, context: CallContext): Promise<string> {
    return this.client.getLogUrl(buildId, context);
  }
}

/** Whether a page runs from newest to oldest (a page of one or none reads as either). */
function isNewestFirst(items: DevinBuild[]): boolean {
  return items.every((build, i) => i === 0 || build.created_at <= items[i - 1].created_at);
}

function newestFirst(items: DevinBuild[]): DevinBuild[] {
  return isNewestFirst(items) ? items : [...items].sort((a, b) => b.created_at - a.created_at);
}
