// A fake of the Devin v3 snapshot-setup builds API (contract: fakes/devin/snapshot-builds.openapi.yaml),
// served over real HTTP so the action's HTTP client is exercised end to end.
// Build lifecycles are computed from the injected clock on every read, so tests never sleep.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { FakeApiServer, type RecordedRequest, type Reply, type RequestHook } from '../server.js';
import { FakeLogStorage, type LogContent } from './log-storage.js';

export type { RecordedRequest, Reply } from '../server.js';
export type { LogContent, LogRequest } from './log-storage.js';

export type DevinBuildStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type DevinBuildTrigger = 'manual' | 'auto';

export interface BuildPlan {
  outcome: 'succeeded' | 'failed' | 'cancelled';
  /** Time in `pending` after creation. */
  pendingMs: number;
  /** Then time in `running` before `outcome`. */
  runningMs: number;
}

export const DEFAULT_BUILD_PLAN: Readonly<BuildPlan> = { outcome: 'succeeded', pendingMs: 200, runningMs: 500 };

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
}

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

/** The OpenAPI `PresignedDownload` schema: where the build's log file can be fetched, without credentials. */
export interface PresignedDownloadWire {
  url: string;
  /** Unix seconds, as the reference documents, whatever timestampUnit is. */
  expires_at: number;
}

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

type TerminalStatus = BuildPlan['outcome'];

const BUILD_STATUSES: readonly DevinBuildStatus[] = ['pending', 'running', 'succeeded', 'failed', 'cancelled'];
const DEFAULT_TOKEN = 'cog_test_token';
const DEFAULT_ORG_ID = 'org-test';
const TRIGGERING_SERVICE_USER_ID = 'svc_ci';
const OLDER_MANUAL_BUILD_USER_ID = 'usr_maintainer';
const PAGE_SIZE = { default: 100, min: 1, max: 200 };
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** Pinning is refused for builds created longer ago than this. */
const PIN_MAX_AGE_MS = 7 * 24 * HOUR_MS;

/** When a build starts and completes; its status at any instant follows from these. */
interface Timeline {
  createdAt: number;
  /** null: never starts (pending until it completes, or forever). */
  startsAt: number | null;
  /** null: never completes on its own. */
  completesAt: number | null;
  outcome: TerminalStatus;
}

interface StoredBuild {
  /** Changes only through renameBuild. */
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
}

interface BuildState {
  status: DevinBuildStatus;
  startedAt: number | null;
  completedAt: number | null;
  updatedAt: number;
}

function stateAt(timeline: Timeline, now: number): BuildState {
  const { createdAt, startsAt, completesAt, outcome } = timeline;
  if (completesAt !== null && now >= completesAt) {
    const startedAt = startsAt !== null && startsAt <= completesAt ? startsAt : null;
    return { status: outcome, startedAt, completedAt: completesAt, updatedAt: completesAt };
  }
  if (startsAt !== null && now >= startsAt) {
    return { status: 'running', startedAt: startsAt, completedAt: null, updatedAt: startsAt };
  }
  return { status: 'pending', startedAt: null, completedAt: null, updatedAt: createdAt };
}

/** One entry of FastAPI's HTTPValidationError `detail`. */
interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
  input?: unknown;
}

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

/** Position of a build in the list order; what a cursor encodes. */
interface ListPosition {
  createdAt: number;
  sequence: number;
}

/** Newest first: negative when `a` is newer than `b`; creation order breaks created_at ties. */
function newestFirst(a: ListPosition, b: ListPosition): number {
  return b.createdAt - a.createdAt || b.sequence - a.sequence;
}

function encodeCursor(position: ListPosition): string {
  return Buffer.from(`${position.createdAt}:${position.sequence}`).toString('base64url');
}

function decodeCursor(cursor: string): ListPosition | undefined {
  const match = /^(\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return undefined;
  const position = { createdAt: Number(match[1]), sequence: Number(match[2]) };
  // base64url decoding is lenient; only cursors this fake could have issued are accepted.
  return encodeCursor(position) === cursor ? position : undefined;
}

interface ListQuery {
  first: number;
  after?: ListPosition;
  status?: DevinBuildStatus;
  active?: boolean;
}

// Messages and types follow what FastAPI/pydantic v2 send for the same mistakes.
function parseListQuery(query: Record<string, string>): { parsed: ListQuery; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const parsed: ListQuery = { first: PAGE_SIZE.default };

  if (query.first !== undefined) {
    const input = query.first;
    const first = /^[+-]?\d+$/.test(input) ? Number(input) : NaN;
    if (Number.isNaN(first)) {
      issues.push({
        loc: ['query', 'first'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        type: 'int_parsing',
        input
      });
    } else if (first < PAGE_SIZE.min) {
      issues.push({
        loc: ['query', 'first'],
        msg: `Input should be greater than or equal to ${PAGE_SIZE.min}`,
        type: 'greater_than_equal',
        input
      });
    } else if (first > PAGE_SIZE.max) {
      issues.push({
        loc: ['query', 'first'],
        msg: `Input should be less than or equal to ${PAGE_SIZE.max}`,
        type: 'less_than_equal',
        input
      });
    } else {
      parsed.first = first;
    }
  }

  if (query.after !== undefined) {
    parsed.after = decodeCursor(query.after);
    if (!parsed.after)
      issues.push({ loc: ['query', 'after'], msg: 'Invalid cursor', type: 'value_error', input: query.after });
  }

  if (query.status !== undefined) {
    const status = BUILD_STATUSES.find(known => known === query.status);
    if (status) parsed.status = status;
    else {
      const expected = `${BUILD_STATUSES.slice(0, -1)
        .map(s => `'${s}'`)
        .join(', ')} or '${BUILD_STATUSES.at(-1)}'`;
      issues.push({ loc: ['query', 'status'], msg: `Input should be ${expected}`, type: 'enum', input: query.status });
    }
  }

  if (query.active !== undefined) {
    // The spellings pydantic accepts for a boolean.
    const spelled = query.active.toLowerCase();
    if (['true', '1', 'yes', 'on', 't', 'y'].includes(spelled)) parsed.active = true;
    else if (['false', '0', 'no', 'off', 'f', 'n'].includes(spelled)) parsed.active = false;
    else
      issues.push({
        loc: ['query', 'active'],
        msg: 'Input should be a valid boolean, unable to interpret input',
        type: 'bool_parsing',
        input: query.active
      });
  }

  return { parsed, issues };
}

function triggerBodyIssues(request: RecordedRequest): ValidationIssue[] {
  const contentType = request.headers['content-type'];
  const mediaType = (typeof contentType === 'string' ? contentType : '').split(';')[0].trim().toLowerCase();
  const notAnObject: ValidationIssue = {
    loc: ['body'],
    msg: 'Input should be a valid dictionary or object to extract fields from',
    type: 'model_attributes_type',
    input: request.body
  };
  if (request.body === '') return [{ loc: ['body'], msg: 'Field required', type: 'missing', input: null }];
  if (mediaType !== 'application/json') return [notAnObject];
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch (error) {
    const position = Number(/position (\d+)/.exec(String(error))?.[1] ?? 0);
    return [{ loc: ['body', position], msg: 'JSON decode error', type: 'json_invalid', input: {} }];
  }
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? [] : [notAnObject];
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export class FakeDevinApi extends FakeApiServer {
  private readonly token: string;
  private readonly orgId: string;
  private readonly plan: BuildPlan;
  private readonly newerBuildsAfterTrigger: number;
  private readonly timestampUnit: 's' | 'ms';
  private readonly activateOnSuccess: boolean;
  private readonly listOrder: 'newest-first' | 'oldest-first';
  private readonly postedTrigger: 'manual' | null;
  private readonly dateHeader: boolean;
  private readonly dateSkewMs: number;
  private readonly getBuildEndpoint: 'served' | 'absent';
  private readonly logsEndpoint: 'served' | 403 | 404;
  /** The object storage the logs endpoint's presigned URLs point to: a second server, on its own port. */
  readonly logStorage: FakeLogStorage;
  /** Insertion-ordered; list order is computed on each read. */
  private readonly builds = new Map<string, StoredBuild>();
  private readonly createdIds: string[] = [];
  private nextSequence = 0;

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
    this.timestampUnit = options.timestampUnit ?? 's';
    this.activateOnSuccess = options.activateOnSuccess ?? true;
    this.listOrder = options.listOrder ?? 'newest-first';
    this.postedTrigger = options.postedTrigger === undefined ? 'manual' : options.postedTrigger;
    this.dateHeader = options.dateHeader ?? true;
    this.dateSkewMs = options.dateSkewMs ?? 0;
    this.getBuildEndpoint = options.getBuildEndpoint ?? 'served';
    this.logsEndpoint = options.logsEndpoint ?? 'served';
    this.logStorage = new FakeLogStorage(this.now);
    this.seedOlderBuilds(options.olderBuilds ?? 3);
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
    return [...this.createdIds];
  }

  build(id: string): DevinBuildWire | undefined {
    const build = this.builds.get(id);
    return build && this.wireView(build, this.now());
  }

  /**
   * Forces the status on the wire (also what the status filter sees), even one outside the enum;
   * a function decides at each read, e.g. a new 2 MB string every time. Undefined clears.
   */
  setStatusOverride(id: string, status: StatusOverride | undefined): void {
    this.storedBuild(id).statusOverride = status;
  }

  /**
   * Gives the build another id, any string at all (newlines, runner commands): it is listed, found
   * by GET and cancelled under the new one, and createdBuildIds() names it so.
   */
  renameBuild(id: string, newId: string): void {
    const build = this.storedBuild(id);
    if (this.builds.has(newId)) throw new Error(`FakeDevinApi already has a build ${newId}`);
    this.builds.delete(id);
    build.id = newId;
    this.builds.set(newId, build);
    const created = this.createdIds.indexOf(id);
    if (created >= 0) this.createdIds[created] = newId;
  }

  /** What the build's log file holds, default a few plain lines. */
  setBuildLog(id: string, log: LogContent): void {
    this.storedBuild(id).log = log;
  }

  /** The build is deleted: gone from lists, and 404 by id. */
  removeBuild(id: string): void {
    this.storedBuild(id);
    this.builds.delete(id);
  }

  addBuild(options: AddBuildOptions): string {
    const createdAt = options.createdAt ?? this.now();
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
    return this.store({
      trigger: options.trigger === undefined ? 'auto' : options.trigger,
      triggeredByUserId: options.triggeredByUserId ?? null,
      pinned: options.pinned ?? false,
      timeline,
      activatesOnSuccess: true
    }).id;
  }

  private storedBuild(id: string): StoredBuild {
    const build = this.builds.get(id);
    if (!build) throw new Error(`FakeDevinApi has no build ${id}`);
    return build;
  }

  private store(fields: Omit<StoredBuild, 'id' | 'sequence'>): StoredBuild {
    let id: string;
    do id = `bld_${randomBytes(8).toString('hex')}`;
    while (this.builds.has(id));
    const build: StoredBuild = { id, sequence: this.nextSequence++, ...fields };
    this.builds.set(id, build);
    return build;
  }

  /** Builds finished hours ago, a few minutes long each, mixed triggers and outcomes; the most recent succeeded. */
  private seedOlderBuilds(count: number): void {
    const seededAt = this.now();
    for (let age = count; age >= 1; age--) {
      const createdAt = seededAt - age * 2 * HOUR_MS;
      const startsAt = createdAt + 15_000 + age * 1_000;
      const completesAt = startsAt + 3 * MINUTE_MS + ((age * 53_000) % (4 * MINUTE_MS));
      const outcome: TerminalStatus = age % 3 === 2 ? 'failed' : age % 5 === 4 ? 'cancelled' : 'succeeded';
      const trigger: DevinBuildTrigger = age % 2 === 1 ? 'auto' : 'manual';
      this.store({
        trigger,
        triggeredByUserId: trigger === 'manual' ? OLDER_MANUAL_BUILD_USER_ID : null,
        pinned: false,
        timeline: { createdAt, startsAt, completesAt, outcome },
        activatesOnSuccess: true
      });
    }
  }

  private wireTime(ms: number): number {
    return this.timestampUnit === 's' ? Math.floor(ms / 1000) : Math.floor(ms);
  }

  private wireView(build: StoredBuild, now: number): DevinBuildWire {
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
  private activeBuildId(now: number): string | undefined {
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
    const orgIssues: ValidationIssue[] = orgId.startsWith('org-')
      ? []
      : [
          {
            loc: ['path', 'org_id'],
            msg: "Value error, org_id must start with 'org-'",
            type: 'value_error',
            input: orgId
          }
        ];
    if (orgIssues.length + issues.length > 0) return validationFailure([...orgIssues, ...issues]);
    if (orgId !== this.orgId) return notFound('Organization not found');
    return undefined;
  }

  private triggerBuild(request: RecordedRequest, { orgId }: PathParams): Reply {
    const refused = this.checkOrg(orgId, triggerBodyIssues(request));
    if (refused) return refused;
    const now = this.now();
    const startsAt = now + this.plan.pendingMs;
    const build = this.store({
      trigger: this.postedTrigger,
      triggeredByUserId: TRIGGERING_SERVICE_USER_ID,
      pinned: false,
      timeline: { createdAt: now, startsAt, completesAt: startsAt + this.plan.runningMs, outcome: this.plan.outcome },
      activatesOnSuccess: this.activateOnSuccess
    });
    this.createdIds.push(build.id);
    // Builds queued just after ours push it down the newest-first list; they never start.
    for (let i = 1; i <= this.newerBuildsAfterTrigger; i++) {
      this.store({
        trigger: 'auto',
        triggeredByUserId: null,
        pinned: false,
        timeline: { createdAt: now + i, startsAt: null, completesAt: null, outcome: 'succeeded' },
        activatesOnSuccess: true
      });
    }
    return { status: 201, body: this.wireView(build, now) };
  }

  private listBuilds(request: RecordedRequest, { orgId }: PathParams): Reply {
    const { parsed: query, issues } = parseListQuery(request.query);
    const refused = this.checkOrg(orgId, issues);
    if (refused) return refused;

    const now = this.now();
    const activeId = query.active === undefined ? undefined : this.activeBuildId(now);
    const matching = [...this.builds.values()]
      .map(build => ({ build, wire: this.wireView(build, now) }))
      .filter(({ wire }) => query.status === undefined || wire.status === query.status)
      .filter(({ build }) => query.active === undefined || (build.id === activeId) === query.active)
      .sort((a, b) => this.listComparison(this.position(a.build), this.position(b.build)));
    const { after } = query;
    const remaining = after
      ? matching.filter(({ build }) => this.listComparison(this.position(build), after) > 0)
      : matching;
    const page = remaining.slice(0, query.first);
    const hasNextPage = remaining.length > page.length;
    const last = page.at(-1)?.build;
    return {
      status: 200,
      body: {
        items: page.map(({ wire }) => wire),
        end_cursor: hasNextPage && last ? encodeCursor(this.position(last)) : null,
        has_next_page: hasNextPage,
        total: matching.length
      }
    };
  }

  private position(build: StoredBuild): ListPosition {
    return { createdAt: build.timeline.createdAt, sequence: build.sequence };
  }

  /** Negative when `a` is listed before `b`. */
  private listComparison(a: ListPosition, b: ListPosition): number {
    return this.listOrder === 'newest-first' ? newestFirst(a, b) : newestFirst(b, a);
  }

  private getBuild({ orgId, buildId }: PathParams): Reply {
    const refused = this.checkOrg(orgId, []);
    if (refused) return refused;
    const build = this.builds.get(buildId);
    return build ? { status: 200, body: this.wireView(build, this.now()) } : notFound('Build not found');
  }

  /** Cancelling an in-flight build completes it as cancelled now; a finished build is left as it is. */
  private cancelBuild({ orgId, buildId }: PathParams): Reply {
    const refused = this.checkOrg(orgId, []);
    if (refused) return refused;
    const build = this.builds.get(buildId);
    if (!build) return notFound('Build not found');
    const now = this.now();
    const { status } = stateAt(build.timeline, now);
    if (status === 'pending' || status === 'running') {
      build.timeline = {
        ...build.timeline,
        startsAt: status === 'running' ? build.timeline.startsAt : null,
        completesAt: now,
        outcome: 'cancelled'
      };
    }
    return { status: 200, body: this.wireView(build, now) };
  }

  /** A presigned URL on the log storage, valid 10 minutes on the fake's clock. */
  private buildLogs({ orgId, buildId }: PathParams): Reply {
    const refused = this.checkOrg(orgId, []);
    if (refused) return refused;
    if (this.logsEndpoint === 403) return { status: 403, body: { detail: 'Forbidden' } };
    if (this.logsEndpoint === 404) return notFound('Logs not found');
    const build = this.builds.get(buildId);
    if (!build) return notFound('Build not found');
    const { url, expiresAt } = this.logStorage.presign(build.log ?? defaultLog(build.id));
    const body: PresignedDownloadWire = { url, expires_at: Math.floor(expiresAt / 1000) };
    return { status: 200, body };
  }

  /** Pins a succeeded build less than 7 days old, in place of any other pin: it becomes the active build. */
  private pinBuild(request: RecordedRequest, { orgId, buildId }: PathParams): Reply {
    const refused = this.checkOrg(orgId, triggerBodyIssues(request));
    if (refused) return refused;
    const build = this.builds.get(buildId);
    if (!build) return notFound('Build not found');
    const now = this.now();
    if (stateAt(build.timeline, now).status !== 'succeeded') {
      return { status: 409, body: { detail: 'Only a succeeded build can be pinned' } };
    }
    if (now - build.timeline.createdAt > PIN_MAX_AGE_MS) {
      return { status: 409, body: { detail: 'Builds older than 7 days cannot be pinned' } };
    }
    for (const other of this.builds.values()) other.pinned = false;
    build.pinned = true;
    return { status: 200, body: this.wireView(build, now) };
  }

  private unpinBuild({ orgId, buildId }: PathParams): Reply {
    const refused = this.checkOrg(orgId, []);
    if (refused) return refused;
    const build = this.builds.get(buildId);
    if (!build) return notFound('Build not found');
    build.pinned = false;
    return { status: 204, body: undefined };
  }
}

function defaultLog(id: string): string {
  return [`Building snapshot ${id}`, 'Cloning repositories', 'Running setup commands', 'Saving snapshot', ''].join(
    '\n'
  );
}
