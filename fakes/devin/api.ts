// A fake of the Devin v3 snapshot-setup builds API (contract: fakes/devin/snapshot-builds.openapi.yaml),
// served over real HTTP so the action's HTTP client is exercised end to end: its routes, here, over
// the builds (builds.ts) and the request checks (validation.ts). Build lifecycles are computed from
// the injected clock on every read, so tests never sleep.
import type { ServerResponse } from 'node:http';
import { modelBodyIssues, type ValidationIssue } from '../pydantic.js';
import { FakeApiServer, type RecordedRequest, type Reply, type RequestHook } from '../server.js';
import {
  BuildStore,
  DEFAULT_BUILD_PLAN,
  logOf,
  stateAt,
  type AddBuildOptions,
  type BuildPlan,
  type DevinBuildWire,
  type StatusOverride
} from './builds.js';
import { FakeLogStorage, type LogContent } from './log-storage.js';
import { orgIdIssues, parseListQuery } from './validation.js';

export type { RecordedRequest, Reply } from '../server.js';
export type { LogContent, LogRequest } from './log-storage.js';
export type {
  AddBuildOptions,
  BuildPlan,
  DevinBuildStatus,
  DevinBuildTrigger,
  DevinBuildWire,
  StatusOverride
} from './builds.js';
export { DEFAULT_BUILD_PLAN } from './builds.js';

export interface FakeDevinApiOptions {
  /** Accepted bearer token, default 'cog_test_token'. */
  token?: string;
  /** The one existing org, default 'org-test'. */
  orgId?: string;
  /** Lifecycle of builds created by POST, default DEFAULT_BUILD_PLAN. */
  plan?: BuildPlan;
  /** Completed builds that exist before any POST, default 3; the most recent one succeeded. */
  olderBuilds?: number;
  /** After each POST, this many 'auto' builds are created after ours (they stay pending), default 0. */
  newerBuildsAfterTrigger?: number;
  /** How timestamps are serialised, default 's'; integers either way. */
  timestampUnit?: 's' | 'ms';
  /** Clock in ms, default Date.now. */
  now?: () => number;
  /** Default true: a POSTed build that reaches succeeded becomes the active one. */
  activateOnSuccess?: boolean;
  /** Called first for every request; return true if it fully handled (answered or destroyed) the request. */
  onRequest?: RequestHook;
  // What the reference does not promise, varied so that a client cannot come to rely on one answer.
  /** Order of the list, default 'newest-first'; cursors page through either order. */
  listOrder?: 'newest-first' | 'oldest-first';
  /** The trigger value of builds created by POST, default 'manual'. */
  postedTrigger?: 'manual' | null;
  /** Default true; false: answers carry no Date header at all. */
  dateHeader?: boolean;
  /** How far the Date header is from the fake's clock, in ms (negative: behind), default 0. */
  dateSkewMs?: number;
  /** GET one build: 'served' (default), or 'absent': 404 for every id, as if the deployment had no such route. */
  getBuildEndpoint?: 'served' | 'absent';
  /** The logs endpoint: 'served' (default), or answers 403 or 404 for every build. */
  logsEndpoint?: 'served' | 403 | 404;
  /** A lagging list: a build shows in it this long after it is created (reading it by id does not lag), default 0. */
  listLagMs?: number;
  /**
   * A slow trigger: the build a POST makes is created this long after the POST arrives, and does
   * not exist (in the list or by id) before then, default 0. The answer still names it at once:
   * a hook that holds the answer makes a POST that outlasts request_timeout.
   */
  triggerDelayMs?: number;
}

/** The OpenAPI `PresignedDownload` schema: where the build's log file can be fetched, without credentials. */
export interface PresignedDownloadWire {
  url: string;
  /** Unix seconds, as the reference documents, whatever timestampUnit is. */
  expires_at: number;
}

const DEFAULT_TOKEN = 'cog_test_token';
const DEFAULT_ORG_ID = 'org-test';
const TRIGGERING_SERVICE_USER_ID = 'svc_ci';
/** Pinning is refused for builds created longer ago than this. */
const PIN_MAX_AGE_MS = 7 * 24 * 3_600_000;

function validationFailure(issues: ValidationIssue[]): Reply {
  return { status: 422, body: { detail: issues } };
}

function notFound(detail: string): Reply {
  return { status: 404, body: { detail } };
}

function unauthorized(detail: string): Reply {
  return { status: 401, body: { detail }, headers: { 'www-authenticate': 'Bearer' } };
}

interface PathParams {
  orgId: string;
  buildId: string;
}

interface Route {
  pattern: RegExp;
  /** By HTTP method. */
  operations: Record<string, (request: RecordedRequest, params: PathParams) => Reply>;
  /** False: this deployment does not offer the route, and it answers 404 like an unknown path. */
  offered?: () => boolean;
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export class FakeDevinApi extends FakeApiServer {
  private readonly token: string;
  private readonly orgId: string;
  private readonly plan: BuildPlan;
  private readonly newerBuildsAfterTrigger: number;
  private readonly activateOnSuccess: boolean;
  private readonly postedTrigger: 'manual' | null;
  private readonly dateHeader: boolean;
  private readonly dateSkewMs: number;
  private readonly getBuildEndpoint: 'served' | 'absent';
  private readonly logsEndpoint: 'served' | 403 | 404;
  private readonly triggerDelayMs: number;
  /** The object storage the logs endpoint's presigned URLs point to: a second server, on its own port. */
  readonly logStorage: FakeLogStorage;
  private readonly builds: BuildStore;

  private readonly routes: Route[] = [
    {
      pattern: /^\/v3beta1\/organizations\/([^/]+)\/snapshot-setup\/builds$/,
      operations: {
        GET: (request, params) => this.listBuilds(request, params),
        POST: (request, params) => this.triggerBuild(request, params)
      }
    },
    {
      pattern: /^\/v3beta1\/organizations\/([^/]+)\/snapshot-setup\/builds\/([^/]+)$/,
      operations: { GET: (_request, params) => this.getBuild(params) },
      offered: () => this.getBuildEndpoint === 'served'
    },
    {
      pattern: /^\/v3beta1\/organizations\/([^/]+)\/snapshot-setup\/builds\/([^/]+)\/cancel$/,
      operations: { POST: (_request, params) => this.cancelBuild(params) }
    },
    {
      pattern: /^\/v3beta1\/organizations\/([^/]+)\/snapshot-setup\/builds\/([^/]+)\/logs$/,
      operations: { GET: (_request, params) => this.buildLogs(params) }
    },
    {
      pattern: /^\/v3beta1\/organizations\/([^/]+)\/snapshot-setup\/builds\/([^/]+)\/pin$/,
      operations: {
        POST: (request, params) => this.pinBuild(request, params),
        DELETE: (_request, params) => this.unpinBuild(params)
      }
    }
  ];

  constructor(options: FakeDevinApiOptions = {}) {
    super(options);
    this.token = options.token ?? DEFAULT_TOKEN;
    this.orgId = options.orgId ?? DEFAULT_ORG_ID;
    this.plan = { ...(options.plan ?? DEFAULT_BUILD_PLAN) };
    this.newerBuildsAfterTrigger = options.newerBuildsAfterTrigger ?? 0;
    this.activateOnSuccess = options.activateOnSuccess ?? true;
    this.postedTrigger = options.postedTrigger === undefined ? 'manual' : options.postedTrigger;
    this.dateHeader = options.dateHeader ?? true;
    this.dateSkewMs = options.dateSkewMs ?? 0;
    this.getBuildEndpoint = options.getBuildEndpoint ?? 'served';
    this.logsEndpoint = options.logsEndpoint ?? 'served';
    this.triggerDelayMs = options.triggerDelayMs ?? 0;
    this.logStorage = new FakeLogStorage(this.now);
    this.builds = new BuildStore({
      now: this.now,
      timestampUnit: options.timestampUnit ?? 's',
      listOrder: options.listOrder ?? 'newest-first',
      listLagMs: options.listLagMs ?? 0
    });
    this.builds.addOlderBuilds(options.olderBuilds ?? 3);
  }

  /** Starts the log storage too, on a port of its own. */
  override async start(port = 0): Promise<string> {
    await this.logStorage.start();
    try {
      return await super.start(port);
    } catch (error) {
      await this.logStorage.stop();
      throw error;
    }
  }

  override async stop(): Promise<void> {
    await Promise.all([super.stop(), this.logStorage.stop()]);
  }

  /**
   * The Date header as this fake sends it (skewed, or none), for `response`; hooks that answer
   * themselves write it the same way. Node would otherwise add one on the real clock.
   */
  dateHeaders(response: ServerResponse): Record<string, string> {
    response.sendDate = false;
    return this.dateHeader ? { date: new Date(this.now() + this.dateSkewMs).toUTCString() } : {};
  }

  /** Writes `reply` as JSON with this fake's Date header; a reply without a body (204) has none. */
  override send(response: ServerResponse, recorded: RecordedRequest, reply: Reply): void {
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    recorded.status = reply.status;
    response.writeHead(reply.status, {
      ...(text ? { 'content-type': 'application/json' } : {}),
      'content-length': String(Buffer.byteLength(text)),
      ...this.dateHeaders(response),
      ...reply.headers
    });
    response.end(text);
  }

  reply(request: RecordedRequest): Reply {
    return this.dispatch(request);
  }

  createdBuildIds(): string[] {
    return [...this.builds.createdIds];
  }

  build(id: string): DevinBuildWire | undefined {
    const build = this.builds.get(id);
    return build && this.builds.wireView(build, this.now());
  }

  /**
   * Forces the status on the wire (also what the status filter sees), even one outside the enum;
   * a function decides at each read, e.g. a new 2 MB string every time. Undefined clears.
   */
  setStatusOverride(id: string, status: StatusOverride | undefined): void {
    this.builds.stored(id).statusOverride = status;
  }

  /**
   * Gives the build another id, any string at all (newlines, runner commands): it is listed, found
   * by GET and cancelled under the new one, and createdBuildIds() names it so.
   */
  renameBuild(id: string, newId: string): void {
    this.builds.rename(id, newId);
  }

  /** What the build's log file holds, default a few plain lines. */
  setBuildLog(id: string, log: LogContent): void {
    this.builds.stored(id).log = log;
  }

  /** The build is deleted: gone from lists, and 404 by id. */
  removeBuild(id: string): void {
    this.builds.remove(id);
  }

  addBuild(options: AddBuildOptions): string {
    return this.builds.addBuild(options);
  }

  // Same precedence as FastAPI: routing (404/405), then auth (401), then validation (422), then lookups (404).
  private dispatch(request: RecordedRequest): Reply {
    for (const route of this.routes) {
      const match = route.pattern.exec(request.path);
      if (!match) continue;
      if (route.offered && !route.offered()) return notFound('Not Found');
      const operation = route.operations[request.method];
      if (!operation) {
        return {
          status: 405,
          body: { detail: 'Method Not Allowed' },
          headers: { allow: Object.keys(route.operations).join(', ') }
        };
      }
      const failedAuth = this.checkAuthorization(singleHeader(request.headers.authorization));
      if (failedAuth) return failedAuth;
      let params: PathParams;
      try {
        params = { orgId: decodeURIComponent(match[1]), buildId: decodeURIComponent(match[2] ?? '') };
      } catch {
        return notFound('Not Found');
      }
      return operation(request, params);
    }
    return notFound('Not Found');
  }

  private checkAuthorization(authorization: string | undefined): Reply | undefined {
    const credentials = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!credentials) return unauthorized('Not authenticated');
    if (credentials[1] !== this.token) return unauthorized('Invalid service user credentials');
    return undefined;
  }

  /** Org id validation joins the operation's own issues (one 422 lists all); an unknown org is checked after. */
  private checkOrg(orgId: string, issues: ValidationIssue[]): Reply | undefined {
    const orgIssues = orgIdIssues(orgId);
    if (orgIssues.length + issues.length > 0) return validationFailure([...orgIssues, ...issues]);
    if (orgId !== this.orgId) return notFound('Organization not found');
    return undefined;
  }

  private triggerBuild(request: RecordedRequest, { orgId }: PathParams): Reply {
    const refused = this.checkOrg(orgId, modelBodyIssues(request));
    if (refused) return refused;
    const now = this.now();
    const createdAt = now + this.triggerDelayMs;
    const startsAt = createdAt + this.plan.pendingMs;
    const build = this.builds.add({
      trigger: this.postedTrigger,
      triggeredByUserId: TRIGGERING_SERVICE_USER_ID,
      pinned: false,
      timeline: { createdAt, startsAt, completesAt: startsAt + this.plan.runningMs, outcome: this.plan.outcome },
      activatesOnSuccess: this.activateOnSuccess,
      ...(this.triggerDelayMs > 0 && { createdLater: true as const })
    });
    this.builds.createdIds.push(build.id);
    // Builds queued just after ours push it down the newest-first list; they never start.
    for (let i = 1; i <= this.newerBuildsAfterTrigger; i++) {
      this.builds.add({
        trigger: 'auto',
        triggeredByUserId: null,
        pinned: false,
        timeline: { createdAt: now + i, startsAt: null, completesAt: null, outcome: 'succeeded' },
        activatesOnSuccess: true
      });
    }
    return { status: 201, body: this.builds.wireView(build, createdAt) };
  }

  private listBuilds(request: RecordedRequest, { orgId }: PathParams): Reply {
    const { parsed: query, issues } = parseListQuery(request.query);
    const refused = this.checkOrg(orgId, issues);
    if (refused) return refused;
    return { status: 200, body: this.builds.page(query, this.now()) };
  }

  private getBuild({ orgId, buildId }: PathParams): Reply {
    const refused = this.checkOrg(orgId, []);
    if (refused) return refused;
    const build = this.builds.existing(buildId, this.now());
    return build ? { status: 200, body: this.builds.wireView(build, this.now()) } : notFound('Build not found');
  }

  private cancelBuild({ orgId, buildId }: PathParams): Reply {
    const refused = this.checkOrg(orgId, []);
    if (refused) return refused;
    const build = this.builds.existing(buildId, this.now());
    if (!build) return notFound('Build not found');
    const now = this.now();
    this.builds.cancel(build, now);
    return { status: 200, body: this.builds.wireView(build, now) };
  }

  /** A presigned URL on the log storage, valid 10 minutes on the fake's clock. */
  private buildLogs({ orgId, buildId }: PathParams): Reply {
    const refused = this.checkOrg(orgId, []);
    if (refused) return refused;
    if (this.logsEndpoint === 403) return { status: 403, body: { detail: 'Forbidden' } };
    if (this.logsEndpoint === 404) return notFound('Logs not found');
    const build = this.builds.existing(buildId, this.now());
    if (!build) return notFound('Build not found');
    const { url, expiresAt } = this.logStorage.presign(logOf(build));
    const body: PresignedDownloadWire = { url, expires_at: Math.floor(expiresAt / 1000) };
    return { status: 200, body };
  }

  /** Pins a succeeded build less than 7 days old, in place of any other pin: it becomes the active build. */
  private pinBuild(request: RecordedRequest, { orgId, buildId }: PathParams): Reply {
    const refused = this.checkOrg(orgId, modelBodyIssues(request));
    if (refused) return refused;
    const build = this.builds.existing(buildId, this.now());
    if (!build) return notFound('Build not found');
    const now = this.now();
    if (stateAt(build.timeline, now).status !== 'succeeded') {
      return { status: 409, body: { detail: 'Only a succeeded build can be pinned' } };
    }
    if (now - build.timeline.createdAt > PIN_MAX_AGE_MS) {
      return { status: 409, body: { detail: 'Builds older than 7 days cannot be pinned' } };
    }
    for (const other of this.builds.all()) other.pinned = false;
    build.pinned = true;
    return { status: 200, body: this.builds.wireView(build, now) };
  }

  private unpinBuild({ orgId, buildId }: PathParams): Reply {
    const refused = this.checkOrg(orgId, []);
    if (refused) return refused;
    const build = this.builds.existing(buildId, this.now());
    if (!build) return notFound('Build not found');
    build.pinned = false;
    return { status: 204, body: undefined };
  }
}
