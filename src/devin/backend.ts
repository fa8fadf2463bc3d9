import { type BuildBackend, type BuildView, type CallContext, type Phase } from '../core/build.js';
import { ActionError } from '../core/errors.js';
import type { DevinBuild, DevinClient } from './client.js';

/**
 * A Devin timestamp in milliseconds. The reference does not promise the unit: values are read as
 * epoch seconds unless they could only be milliseconds (1e11 s is the year 5138; 1e11 ms is 1973).
 */
export function epochMs(value: number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  return value >= 1e11 ? value : value * 1000;
}

const PHASE: Record<string, Phase> = {
  pending: 'in_progress',
  running: 'in_progress',
  succeeded: 'success',
  failed: 'failure',
  cancelled: 'cancelled'
};

export function toBuildView(build: DevinBuild): BuildView {
  return {
    id: build.build_id,
    status: build.status,
    phase: PHASE[build.status] ?? 'unknown',
    trigger: build.trigger,
    createdAt: epochMs(build.created_at),
    startedAt: epochMs(build.started_at),
    completedAt: epochMs(build.completed_at)
  };
}

export interface DevinBackendOptions {
  /** Builds per page when looking for ours; it is normally among the newest. */
  pageSize: number;
  /** Pages to read before deciding the build is not in the list. */
  maxPages: number;
}

/** Outputs the Devin backend adds to the common ones. */
export const DEVIN_OUTPUT_NAMES = ['active'] as const;

/** The API's own default page size: our build is almost always on the first page. */
export const DEFAULT_DEVIN_BACKEND_OPTIONS: DevinBackendOptions = { pageSize: 100, maxPages: 10 };
/** Recent builds whose times make the forecast. */
const HISTORY_SIZE = 20;
/** The Date header and created_at are whole seconds: a build created this much "before" the trigger is still ours. */
const CLOCK_TOLERANCE_MS = 2000;

/** The Devin snapshot-setup builds API seen through the gate's BuildBackend interface. */
export class DevinBackend implements BuildBackend {
  readonly product = 'Devin';
  readonly orgInput = 'org_id';
  readonly words = { start: 'trigger', started: 'triggered', starting: 'triggering' };
  private history: number[] = [];

  constructor(
    private readonly client: DevinClient,
    private readonly options: DevinBackendOptions = DEFAULT_DEVIN_BACKEND_OPTIONS
  ) {}

  recentDurationsMs(): number[] {
    return this.history;
  }

  /** Keeps how long the newest finished builds took, for the poll schedule. */
  private remember(items: DevinBuild[]): void {
    const durations = items
      .filter(build => build.status === 'succeeded' && build.completed_at !== null)
      .slice(0, HISTORY_SIZE)
      .map(build => (epochMs(build.completed_at) ?? 0) - (epochMs(build.created_at) ?? 0));
    if (durations.length) this.history = durations;
  }

  async trigger(context: CallContext, idempotencyKey: string): Promise<BuildView> {
    return toBuildView(await this.client.triggerBuild(idempotencyKey, context));
  }

  /**
   * The first manual build created since the trigger was sent. "Since" is on the server's clock,
   * from the Date header of the list's answer, so the runner's clock does not matter; both it and
   * created_at are whole seconds, hence the tolerance. Without a Date header there is no telling,
   * and the gate stops rather than risk a second build.
   */
  async findCreatedSince(sinceTrigger: () => number, context: CallContext): Promise<BuildView | undefined> {
    const created: DevinBuild[] = [];
    let threshold: number | undefined;
    await this.eachPage(context, (items, serverDateMs) => {
      if (serverDateMs === undefined) {
        throw new ActionError(
          "the API's answer has no Date header, so builds created since the trigger cannot be told from older ones"
        );
      }
      threshold ??= serverDateMs - sinceTrigger() - CLOCK_TOLERANCE_MS;
      const since = threshold;
      created.push(...items.filter(build => build.trigger === 'manual' && (epochMs(build.created_at) ?? 0) >= since));
      // Newest first: once a page reaches builds older than the trigger, there is nothing further.
      return items.some(build => (epochMs(build.created_at) ?? 0) < since);
    });
    created.sort((a, b) => a.created_at - b.created_at);
    return created.length ? toBuildView(created[0]) : undefined;
  }

  /** Finds the build in the list, following the cursor past the first page when needed. */
  async fetch(buildId: string, context: CallContext): Promise<BuildView | undefined> {
    let found: DevinBuild | undefined;
    await this.eachPage(context, items => {
      found = items.find(build => build.build_id === buildId);
      return found !== undefined;
    });
    return found && toBuildView(found);
  }

  /** Reads the list newest first, a page at a time, until `done` says so or the pages run out. */
  private async eachPage(
    context: CallContext,
    done: (items: DevinBuild[], serverDateMs?: number) => boolean
  ): Promise<void> {
    let after: string | undefined;
    for (let page = 0; page < this.options.maxPages; page++) {
      const { items, end_cursor, serverDateMs } = await this.client.listBuilds(
        { first: this.options.pageSize, after },
        context
      );
      if (page === 0) this.remember(items);
      if (done(items, serverDateMs) || !end_cursor || end_cursor === after) return;
      after = end_cursor;
    }
  }

  async cancel(buildId: string, context: CallContext): Promise<BuildView> {
    return toBuildView(await this.client.cancelBuild(buildId, context));
  }

  /** Reports whether the build is now the one new sessions use. */
  async afterSuccess(build: BuildView, context: CallContext): Promise<Record<string, string>> {
    const { items } = await this.client.listBuilds({ first: 1, active: true }, context);
    return { active: String(items[0]?.build_id === build.id) };
  }
}
