// The fake Devin API's build operations: trigger, list, get, cancel, logs, pin and unpin, over the
// builds' store (builds.ts).
import { modelBodyIssues } from '../pydantic.js';
import type { RecordedRequest, Reply } from '../server.js';
import { logOf, type BuildStore } from './builds.js';
import type { FakeLogStorage } from './log-storage.js';
import { notFound, ORG_SETUP, type OrgCheck, type PathParams, type Route } from './routes.js';
import { stateAt, type BuildPlan } from './timeline.js';
import { parseListQuery } from './validation.js';

/** The OpenAPI `PresignedDownload` schema: where the build's log file can be fetched, without credentials. */
export interface PresignedDownloadWire {
  url: string;
  /** Unix seconds, as the reference documents, whatever timestampUnit is. */
  expires_at: number;
}

/** How the build operations behave: FakeDevinApiOptions, with their defaults applied. */
export interface BuildRoutesConfig {
  now: () => number;
  checkOrg: OrgCheck;
  builds: BuildStore;
  logStorage: FakeLogStorage;
  plan: BuildPlan;
  newerBuildsAfterTrigger: number;
  activateOnSuccess: boolean;
  postedTrigger: 'manual' | null;
  getBuildEndpoint: 'served' | 'absent';
  logsEndpoint: 'served' | 403 | 404;
  triggerDelayMs: number;
}

const TRIGGERING_SERVICE_USER_ID = 'svc_ci';
/** Pinning is refused for builds created longer ago than this. */
const PIN_MAX_AGE_MS = 7 * 24 * 3_600_000;

export class BuildRoutes {
  readonly routes: Route[];

  constructor(private readonly config: BuildRoutesConfig) {
    const builds = `${ORG_SETUP}\\/builds`;
    this.routes = [
      {
        pattern: new RegExp(`${builds}$`),
        operations: {
          GET: (request, params) => this.listBuilds(request, params),
          POST: (request, params) => this.triggerBuild(request, params)
        }
      },
      {
        pattern: new RegExp(`${builds}\\/([^/]+)$`),
        operations: { GET: (_request, params) => this.getBuild(params) },
        offered: () => config.getBuildEndpoint === 'served'
      },
      {
        pattern: new RegExp(`${builds}\\/([^/]+)\\/cancel$`),
        operations: { POST: (_request, params) => this.cancelBuild(params) }
      },
      {
        pattern: new RegExp(`${builds}\\/([^/]+)\\/logs$`),
        operations: { GET: (_request, params) => this.buildLogs(params) }
      },
      {
        pattern: new RegExp(`${builds}\\/([^/]+)\\/pin$`),
        operations: {
          POST: (request, params) => this.pinBuild(request, params),
          DELETE: (_request, params) => this.unpinBuild(params)
        }
      }
    ];
  }

  private triggerBuild(request: RecordedRequest, { orgId }: PathParams): Reply {
    const { builds, plan } = this.config;
    const refused = this.config.checkOrg(orgId, modelBodyIssues(request));
    if (refused) return refused;
    const now = this.config.now();
    const createdAt = now + this.config.triggerDelayMs;
    const fields = {
      trigger: this.config.postedTrigger,
      triggeredByUserId: TRIGGERING_SERVICE_USER_ID,
      pinned: false,
      activatesOnSuccess: this.config.activateOnSuccess,
      ...(this.config.triggerDelayMs > 0 && { createdLater: true as const })
    };
    const build = builds.addRequested(fields, createdAt, plan);
    builds.createdIds.push(build.id);
    // Builds queued just after ours push it down the newest-first list; they never start, nor follow the org's rules.
    for (let i = 1; i <= this.config.newerBuildsAfterTrigger; i++) {
      builds.add({
        trigger: 'auto',
        triggeredByUserId: null,
        pinned: false,
        timeline: { createdAt: now + i, startsAt: null, completesAt: null, outcome: 'succeeded' },
        activatesOnSuccess: true
      });
    }
    return { status: 201, body: builds.wireView(build, createdAt) };
  }

  private listBuilds(request: RecordedRequest, { orgId }: PathParams): Reply {
    const { parsed: query, issues } = parseListQuery(request.query);
    const refused = this.config.checkOrg(orgId, issues);
    if (refused) return refused;
    return { status: 200, body: this.config.builds.page(query, this.config.now()) };
  }

  private getBuild({ orgId, id }: PathParams): Reply {
    const { builds, now } = this.config;
    const refused = this.config.checkOrg(orgId, []);
    if (refused) return refused;
    const build = builds.existing(id, now());
    return build ? { status: 200, body: builds.wireView(build, now()) } : notFound('Build not found');
  }

  private cancelBuild({ orgId, id }: PathParams): Reply {
    const { builds } = this.config;
    const refused = this.config.checkOrg(orgId, []);
    if (refused) return refused;
    const now = this.config.now();
    const build = builds.existing(id, now);
    if (!build) return notFound('Build not found');
    builds.cancel(build, now);
    return { status: 200, body: builds.wireView(build, now) };
  }

  /** A presigned URL on the log storage, valid 10 minutes on the fake's clock. */
  private buildLogs({ orgId, id }: PathParams): Reply {
    const { logsEndpoint } = this.config;
    const refused = this.config.checkOrg(orgId, []);
    if (refused) return refused;
    if (logsEndpoint === 403) return { status: 403, body: { detail: 'Forbidden' } };
    if (logsEndpoint === 404) return notFound('Logs not found');
    const build = this.config.builds.existing(id, this.config.now());
    if (!build) return notFound('Build not found');
    const { url, expiresAt } = this.config.logStorage.presign(logOf(build));
    const body: PresignedDownloadWire = { url, expires_at: Math.floor(expiresAt / 1000) };
    return { status: 200, body };
  }

  /** Pins a succeeded build less than 7 days old, in place of any other pin: it becomes the active build. */
  private pinBuild(request: RecordedRequest, { orgId, id }: PathParams): Reply {
    const { builds } = this.config;
    const refused = this.config.checkOrg(orgId, modelBodyIssues(request));
    if (refused) return refused;
    const now = this.config.now();
    const build = builds.existing(id, now);
    if (!build) return notFound('Build not found');
    if (stateAt(build.timeline, now).status !== 'succeeded') {
      return { status: 409, body: { detail: 'Only a succeeded build can be pinned' } };
    }
    if (now - build.timeline.createdAt > PIN_MAX_AGE_MS) {
      return { status: 409, body: { detail: 'Builds older than 7 days cannot be pinned' } };
    }
    for (const other of builds.all()) other.pinned = false;
    build.pinned = true;
    return { status: 200, body: builds.wireView(build, now) };
  }

  private unpinBuild({ orgId, id }: PathParams): Reply {
    const refused = this.config.checkOrg(orgId, []);
    if (refused) return refused;
    const build = this.config.builds.existing(id, this.config.now());
    if (!build) return notFound('Build not found');
    build.pinned = false;
    return { status: 204, body: undefined };
  }
}
