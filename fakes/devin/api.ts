// A fake of the Devin v3 snapshot-setup builds API (contract: fakes/devin/snapshot-builds.openapi.yaml),
// served over real HTTP so the action's HTTP client is exercised end to end: its options and test
// controls, here; its operations (build-routes.ts, blueprint-routes.ts, sync.ts), found as FastAPI
// finds them (routes.ts), over the builds (builds.ts, under the org's rules of org-rules.ts when
// asked) and the blueprints (blueprints.ts). Build lifecycles and blueprint versions are computed
// from the injected clock on every read, so tests never sleep.
import type { ServerResponse } from 'node:http';
import { FakeApiServer, type RecordedRequest, type Reply, type RequestHook } from '../server.js';
import { BuildRoutes } from './build-routes.js';
import { BlueprintRoutes } from './blueprint-routes.js';
import { BlueprintStore, type BlueprintAt } from './blueprints.js';
import { BuildStore, wireTime, type AddBuildOptions, type DevinBuildWire, type StatusOverride } from './builds.js';
import { FakeLogStorage, type LogContent } from './log-storage.js';
import { dispatch, orgCheck, type Route } from './routes.js';
import { RepoSync, type RepoNameSpelling, type SyncAnswer, type SyncRecord } from './sync.js';
import { DEFAULT_BUILD_PLAN, stateAt, type BuildPlan, type DevinBuildTrigger } from './timeline.js';

export type { RecordedRequest, Reply } from '../server.js';
export type { LogContent, LogRequest } from './log-storage.js';
export type { AddBuildOptions, DevinBuildWire, StatusOverride } from './builds.js';
export type { BuildPlan, DevinBuildStatus, DevinBuildTrigger } from './timeline.js';
export { DEFAULT_BUILD_PLAN } from './timeline.js';
export type { BlueprintAt, BlueprintWire } from './blueprints.js';
export type { RepoNameSpelling, SyncAnswer, SyncRecord } from './sync.js';
export type { PresignedDownloadWire } from './build-routes.js';

export interface FakeDevinApiOptions {
  /** Accepted bearer token, default 'cog_test_token'. */
  token?: string;
  /** The one existing org, default 'org-test'. */
  orgId?: string;
  /** Lifecycle of builds created by POST (and by scheduleBuild), default DEFAULT_BUILD_PLAN. */
  plan?: BuildPlan;
  /**
   * The org's rules (docs.devin.ai, "Blueprints"), default false: only one build runs at a time; a
   * build created while another runs waits (pending), a newer one cancels it (superseded) and takes
   * its place, and when the running build ends the queued one starts. They apply to the builds of
   * POST and scheduleBuild, whose plan's pendingMs becomes the least wait (org-rules.ts); builds
   * given as they are (addBuild, olderBuilds, newerBuildsAfterTrigger) keep their timelines, and one
   * that runs holds the org's slot. Opt-in: the existing runs have running builds that never end.
   */
  orgRules?: boolean;
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
  /**
   * What a sync answers for every repository (setSyncAnswer sets one's), default 'synced': 200 for a
   * repository whose default branch holds a blueprint file (setDefaultBranchBlueprint), 404 for any other.
   */
  syncAnswer?: SyncAnswer;
  /**
   * How the fake writes repo_name in the blueprints a sync or a create makes and in a sync's answer,
   * whatever spelling the request used (the contract does not say), default 'owner/repo' as the
   * request wrote it; 'lower-case' or 'url' (https://github.com/owner/repo). Its list filter and its
   * refusal of a second blueprint match a repository in any spelling, letter case ignored (GitHub's).
   */
  repoNameSpelling?: RepoNameSpelling;
}

/** A build someone else asks for: the org itself, or another run or user. */
export interface ScheduledBuild {
  /**
   * When it is created, ms on the fake's clock: it does not exist (in the list or by id) before.
   * Schedule it before the requests it should come before: one earlier than an answer already given
   * changes, under the org's rules, what that answer said.
   */
  at: number;
  /** 'auto' (default): the org itself, e.g. a blueprint saved in the UI; 'manual': another run or user. */
  trigger?: DevinBuildTrigger;
  /** Default null for 'auto', 'usr_teammate' for 'manual'. */
  triggeredByUserId?: string | null;
  /** Default the fake's plan. */
  plan?: BuildPlan;
}

/** A blueprint made as in the UI: the way to have two repo-tier blueprints for one repository. */
export interface UiBlueprint {
  /** Set: a repo-tier blueprint for that repository; unset or null: an org-tier one. */
  repoName?: string | null;
  /** Default null. */
  contents?: string | null;
  /** Default 'repo' with a repoName, else 'org'; any string (the enum may grow). */
  type?: string;
  /** When it is made, ms on the fake's clock, default now. */
  at?: number;
}

const DEFAULT_TOKEN = 'cog_test_token';
const DEFAULT_ORG_ID = 'org-test';
const TEAMMATE_USER_ID = 'usr_teammate';

export class FakeDevinApi extends FakeApiServer {
  private readonly token: string;
  private readonly dateHeader: boolean;
  private readonly dateSkewMs: number;
  /** The object storage the logs endpoint's presigned URLs point to: a second server, on its own port. */
  readonly logStorage: FakeLogStorage;
  private readonly builds: BuildStore;
  private readonly plan: BuildPlan;
  private readonly blueprintStore: BlueprintStore;
  private readonly repoSync: RepoSync;
  private readonly routes: Route[];

  constructor(options: FakeDevinApiOptions = {}) {
    super(options);
    this.token = options.token ?? DEFAULT_TOKEN;
    this.dateHeader = options.dateHeader ?? true;
    this.dateSkewMs = options.dateSkewMs ?? 0;
    this.logStorage = new FakeLogStorage(this.now);
    this.builds = new BuildStore({
      now: this.now,
      timestampUnit: options.timestampUnit ?? 's',
      listOrder: options.listOrder ?? 'newest-first',
      listLagMs: options.listLagMs ?? 0,
      orgRules: options.orgRules ?? false
    });
    this.builds.addOlderBuilds(options.olderBuilds ?? 3);
    this.plan = { ...(options.plan ?? DEFAULT_BUILD_PLAN) };
    const checkOrg = orgCheck(options.orgId ?? DEFAULT_ORG_ID);
    const buildRoutes = new BuildRoutes({
      now: this.now,
      checkOrg,
      builds: this.builds,
      logStorage: this.logStorage,
      plan: this.plan,
      newerBuildsAfterTrigger: options.newerBuildsAfterTrigger ?? 0,
      activateOnSuccess: options.activateOnSuccess ?? true,
      postedTrigger: options.postedTrigger === undefined ? 'manual' : options.postedTrigger,
      getBuildEndpoint: options.getBuildEndpoint ?? 'served',
      logsEndpoint: options.logsEndpoint ?? 'served',
      triggerDelayMs: options.triggerDelayMs ?? 0
    });
    this.blueprintStore = new BlueprintStore(ms => wireTime(options.timestampUnit ?? 's', ms));
    const spelling = options.repoNameSpelling ?? 'owner/repo';
    const blueprintRoutes = new BlueprintRoutes({
      now: this.now,
      checkOrg,
      blueprints: this.blueprintStore,
      spelling
    });
    this.repoSync = new RepoSync({
      now: this.now,
      checkOrg,
      blueprints: this.blueprintStore,
      answer: options.syncAnswer ?? 'synced',
      spelling
    });
    this.routes = [...buildRoutes.routes, ...blueprintRoutes.routes, this.repoSync.route];
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
    return dispatch(this.routes, request, this.token);
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

  /**
   * A build someone else asks for at `build.at`, under the org's rules when orgRules is set (it may
   * supersede ours while ours is queued, or be superseded by ours). Not one of createdBuildIds().
   */
  scheduleBuild({ at, trigger = 'auto', triggeredByUserId, plan = this.plan }: ScheduledBuild): string {
    const fields = {
      trigger,
      triggeredByUserId:
        triggeredByUserId === undefined ? (trigger === 'manual' ? TEAMMATE_USER_ID : null) : triggeredByUserId,
      pinned: false,
      activatesOnSuccess: true,
      createdLater: true as const
    };
    return this.builds.addRequested(fields, at, plan).id;
  }

  /** Under the org's rules: the build whose creation cancelled this one while it was queued. */
  supersededBy(id: string): string | undefined {
    return this.builds.stored(id).queued?.supersededBy?.id;
  }

  /**
   * The org's blueprints as the build started with them (blueprints.ts keeps their history; a
   * change at the very instant it started is in), in execution order: what a verdict on it is
   * about. Undefined until it starts, and for a build that never started (superseded, or cancelled
   * while queued).
   */
  carried(buildId: string): BlueprintAt[] | undefined {
    const { startedAt } = stateAt(this.builds.stored(buildId).timeline, this.now());
    return startedAt === null ? undefined : this.blueprintStore.at(startedAt);
  }

  /** The org's blueprints now, in execution order, with what the API does not show (contents, version). */
  blueprints(): BlueprintAt[] {
    return this.blueprintStore.at(this.now());
  }

  blueprint(id: string): BlueprintAt | undefined {
    return this.blueprintStore.get(id, this.now());
  }

  /** Makes a blueprint as in the UI, without the API's refusal of a second one for a repository; no build. */
  addBlueprint({ repoName = null, contents = null, type, at = this.now() }: UiBlueprint = {}): string {
    return this.blueprintStore.create({ repoName, contents, createdAt: at, ...(type !== undefined && { type }) })
      .blueprint_id;
  }

  /**
   * Saves new contents of a blueprint in the UI at `at` (default now; earlier, it changes what the
   * builds that started since carried): a new version, then, as the org does on a save, an 'auto'
   * build (unless autoBuild is false) created at the same instant. The id of that build; undefined
   * when the contents were the same (no version, no build) or autoBuild is false.
   */
  editBlueprintInUi(
    id: string,
    contents: string,
    { at = this.now(), autoBuild = true }: { at?: number; autoBuild?: boolean } = {}
  ): string | undefined {
    const { changed } = this.blueprintStore.change(id, { contents }, at);
    return changed && autoBuild ? this.scheduleBuild({ at, trigger: 'auto' }) : undefined;
  }

  /** What the repository's default branch holds as .devin/blueprint.yaml; null: no such file; undefined: no such repository. */
  setDefaultBranchBlueprint(repoName: string, contents: string | null | undefined): void {
    this.repoSync.setFile(repoName, contents);
  }

  /** What a sync of this repository answers (undefined: the syncAnswer option's). */
  setSyncAnswer(repoName: string, answer: SyncAnswer | undefined): void {
    this.repoSync.setAnswer(repoName, answer);
  }

  /** Every sync request the fake processed, oldest first. */
  get syncs(): readonly SyncRecord[] {
    return this.repoSync.records;
  }
}
