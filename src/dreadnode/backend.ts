import {
  sameBuild,
  statusOf,
  type BuildBackend,
  type BuildView,
  type CallContext,
  type FollowUp,
  type Phase
} from '../core/build.js';
import { ActionError, ApiError } from '../core/errors.js';
import { checkServerBuildId, serverText } from '../core/untrusted.js';
import type { BuildCreateRequest, BuildUpdateRequest, DreadnodeBuild, DreadnodeClient } from './client.js';

/** A Map, not an object: a status named `constructor` or `__proto__` must not find Object.prototype's. */
const PHASE = new Map<string, Phase>([
  ['queued', 'in_progress'],
  ['building', 'in_progress'],
  ['ready', 'success'],
  ['failed', 'failure']
]);

const API = 'The Dreadnode API';

/**
 * The API has no start or completion time: `completedAt` is the `updated_at` of a build seen
 * ready or failed, the last change the API reports, which is the best available.
 */
export function toBuildView(build: DreadnodeBuild): BuildView {
  const phase = PHASE.get(build.status) ?? 'unknown';
  const finished = phase === 'success' || phase === 'failure';
  return {
    id: checkServerBuildId(build.id, API),
    ...statusOf(build.status),
    phase,
    createdAt: build.created_at,
    completedAt: finished ? build.updated_at : undefined,
    errorMessage: build.error_message ? serverText(build.error_message) : undefined,
    outputs: { is_active: String(build.is_active) }
  };
}

/** Where the run came from, from the runner's environment; recorded in the build's metadata. */
export interface GitHubContext {
  repository?: string;
  sha?: string;
  run_url?: string;
}

export interface DreadnodeBackendOptions {
  /** What to register; unused when attaching to an existing build. */
  create?: BuildCreateRequest;
  /** After a success: mark the build active. */
  activate: boolean;
  /** After a success: record `github` in the build's metadata. */
  annotate: boolean;
  /** The user's metadata, merged into the build's with `github` on top. */
  metadata?: Record<string, unknown>;
  github: GitHubContext;
}

/** The Dreadnode organization builds API seen through the gate's BuildBackend interface. */
export class DreadnodeBackend implements BuildBackend {
  readonly product = 'Dreadnode';
  readonly orgInput = 'org';
  readonly words = { start: 'create', started: 'created', starting: 'creating' };
  /** The build as the API last answered, for the metadata a PATCH must keep. */
  private lastSeen: DreadnodeBuild | undefined;

  constructor(
    private readonly client: DreadnodeClient,
    private readonly org: string,
    private readonly options: DreadnodeBackendOptions
  ) {}

  /** Registers the build. The API documents no idempotency key, so none is sent. */
  async trigger(context: CallContext): Promise<BuildView> {
    if (!this.options.create)
      throw new ActionError(
        'Nothing to create: build_ref, display_name and sandbox_provider are needed when build_id is not set.'
      );
    return this.seen(await this.client.createBuild(this.options.create, context));
  }

  /**
   * Called after a create that may or may not have been carried out (no answer, 500/502/504, an
   * unreadable success). Without a list or search endpoint, a build it created cannot be found,
   * and nothing proves that none was: creating again could register the build twice. So this
   * never says "nothing was created"; it stops, and says what to look for.
   */
  async findCreatedSince(): Promise<BuildView | undefined> {
    const ref = this.options.create?.build_ref ?? '';
    throw new ActionError(
      `the Dreadnode API has no documented way to list builds, so a build this request may have created cannot be looked up: ` +
        `check organization ${this.org} for a build with build_ref "${ref}", and if it is there, run the action with build_id set to its id`
    );
  }

  /**
   * Reading one build (GET builds/{build_id}) is in no public Dreadnode reference: a deployment
   * that does not offer it answers 404 for a build it has just created.
   */
  neverFound(buildId: string): string {
    return (
      `Build ${buildId} was created, but reading it back (GET /api/v1/org/${this.org}/builds/${buildId}) answered 404 ` +
      'at every check since: this Dreadnode deployment may not offer that endpoint, which the action assumes ' +
      '(see dreadnode/README.md). Check the build in Dreadnode.'
    );
  }

  async fetch(buildId: string, context: CallContext): Promise<BuildView | undefined> {
    try {
      return sameBuild(buildId, this.seen(await this.client.getBuild(buildId, context)), 'the status check', API);
    } catch (error) {
      if (error instanceof ApiError && error.details.status === 404) return undefined;
      throw error;
    }
  }

  /**
   * One PATCH that marks the build active and/or records where it came from in its metadata
   * (the build's own, then the user's, then `github`). Reports `is_active` as the API answers it,
   * or as last seen when there is nothing to update.
   */
  async afterSuccess(build: BuildView, context: CallContext): Promise<FollowUp> {
    const update: BuildUpdateRequest = {};
    if (this.options.activate) update.is_active = true;
    if (this.options.annotate) {
      const own = this.lastSeen?.id === build.id ? (this.lastSeen.metadata ?? {}) : {};
      update.metadata = { ...own, ...this.options.metadata, github: this.options.github };
    }
    if (Object.keys(update).length === 0) return { outputs: { is_active: build.outputs?.is_active ?? '' } };
    const after = await this.client.updateBuild(build.id, update, context);
    sameBuild(build.id, toBuildView(after), 'the update', API);
    this.lastSeen = after;
    return { outputs: { is_active: String(after.is_active) } };
  }

  private seen(build: DreadnodeBuild): BuildView {
    this.lastSeen = build;
    return toBuildView(build);
  }
}
