// A fake of the Dreadnode organization builds API (docs/dreadnode-api.md), over real HTTP on
// 127.0.0.1. Create and update are as documented; GET one build is the assumed route. A build's
// status is computed from the injected clock on every read: queued, then building, then its outcome.
import { randomUUID } from 'node:crypto';
import { fieldIssues, jsonInvalid, parseJson, type ValidationIssue } from '../pydantic.js';
import { FakeApiServer, type RecordedRequest, type Reply, type RequestHook } from '../server.js';

export type DreadnodeStatus = 'queued' | 'building' | 'ready' | 'failed';

export interface DreadnodePlan {
  outcome: 'ready' | 'failed';
  queuedMs: number;
  buildingMs: number;
  /** Set on a failed build. */
  errorMessage?: string;
}

export interface FakeDreadnodeOptions {
  token?: string;
  org?: string;
  plan?: DreadnodePlan;
  now?: () => number;
  /** Called first; return true when it has answered (or destroyed) the request itself. */
  onRequest?: RequestHook;
}

interface StoredBuild {
  fields: Record<string, unknown>;
  createdAt: number;
  /** Status changes: [from this time, status]. */
  steps: [number, DreadnodeStatus][];
  errorMessage?: string;
  patchedAt?: number;
}

export const DREADNODE_TOKEN = 'dn_key_test_token';
export const DREADNODE_ORG = 'acme';
const ORG_ID = '7d3f1a52-0c4e-4b8e-9a61-2f5c0d9e8b17';
const CREATOR_ID = 'c0ffee00-1111-4222-8333-444455556666';

type Answer = [status: number, body: unknown];
const apiError = (code: number, type: string, detail: string, errors?: ValidationIssue[]): Answer => [
  code,
  { code, detail, type, ...(errors ? { errors } : {}) }
];

export class FakeDreadnodeApi extends FakeApiServer {
  readonly builds = new Map<string, StoredBuild>();
  private readonly created: string[] = [];
  private readonly token: string;
  private readonly org: string;
  private readonly plan: DreadnodePlan;

  constructor(options: FakeDreadnodeOptions = {}) {
    super(options);
    this.token = options.token ?? DREADNODE_TOKEN;
    this.org = options.org ?? DREADNODE_ORG;
    this.plan = options.plan ?? { outcome: 'ready', queuedMs: 200, buildingMs: 500 };
  }

  createdBuildIds(): string[] {
    return [...this.created];
  }

  reply(request: RecordedRequest): Reply {
    const [status, body] = this.answer(request);
    return { status, body };
  }

  /** Adds a build as if created earlier, in a fixed status (or following `plan` from `createdAt`). */
  addBuild(
    status: DreadnodeStatus | DreadnodePlan,
    createdAt = this.now(),
    fields: Record<string, unknown> = {}
  ): string {
    const id = randomUUID();
    this.builds.set(id, {
      fields: { build_ref: 'registry/image:older', display_name: 'Older', provider: 'docker', ...fields },
      createdAt,
      ...this.lifecycle(status, createdAt)
    });
    return id;
  }

  /** A build as the API serialises it (BuildResponse). */
  view(id: string): Record<string, unknown> {
    const build = this.builds.get(id);
    if (!build) throw new Error(`no build ${id}`);
    const now = this.now();
    const [changedAt, status] = build.steps.filter(([from]) => from <= now).at(-1) ?? build.steps[0];
    const updatedAt = Math.max(changedAt, build.patchedAt ?? 0, build.createdAt);
    return {
      id,
      description: null,
      metadata: null,
      is_active: false,
      source_type: 'build',
      source_id: null,
      created_by: null,
      organization_id: ORG_ID,
      ...build.fields,
      status,
      error_message: status === 'failed' ? (build.errorMessage ?? null) : null,
      created_at: new Date(build.createdAt).toISOString(),
      updated_at: new Date(updatedAt).toISOString()
    };
  }

  private lifecycle(
    plan: DreadnodeStatus | DreadnodePlan,
    createdAt: number
  ): Pick<StoredBuild, 'steps' | 'errorMessage'> {
    if (typeof plan === 'string')
      return { steps: [[createdAt, plan]], errorMessage: plan === 'failed' ? 'fixed failure' : undefined };
    const building = createdAt + plan.queuedMs;
    const done = building + plan.buildingMs;
    return {
      steps: [
        [createdAt, 'queued'],
        [building, 'building'],
        [done, plan.outcome]
      ],
      errorMessage: plan.errorMessage
    };
  }

  private answer(request: RecordedRequest): Answer {
    const route = /^\/api\/v1\/org\/([^/]+)\/builds(?:\/([^/]+))?$/.exec(request.path);
    if (!route) return apiError(404, 'not_found_error', 'Not Found');
    if (request.headers.authorization !== `Bearer ${this.token}`)
      return apiError(401, 'authentication_error', 'Authentication failed');
    if (decodeURIComponent(route[1]) !== this.org) return apiError(404, 'not_found_error', 'Organization not found');
    const parsed = request.body ? parseJson(request.body) : { value: undefined };
    if ('brokenAt' in parsed) return apiError(422, 'validation_error', 'Validation error', [jsonInvalid(['body'])]);
    const body = parsed.value;
    const id = route[2] && decodeURIComponent(route[2]);
    if (!id)
      return request.method === 'POST' ? this.create(body) : apiError(405, 'invalid_error', 'Method Not Allowed');
    if (!this.builds.has(id)) return apiError(404, 'not_found_error', 'Build not found');
    if (request.method === 'GET') return [200, this.view(id)];
    if (request.method === 'PATCH') return this.update(id, body);
    return apiError(405, 'invalid_error', 'Method Not Allowed');
  }

  private create(body: unknown): Answer {
    const errors = fieldIssues(body, ['build_ref', 'display_name', 'provider'], {
      build_ref: 'string',
      display_name: 'string',
      provider: 'string',
      description: 'string',
      metadata: 'object'
    });
    if (errors.length) return apiError(422, 'validation_error', 'Validation error', errors);
    const { build_ref, display_name, provider, description = null, metadata = null } = body as Record<string, unknown>;
    const id = this.addBuild(this.plan, this.now(), {
      build_ref,
      display_name,
      provider,
      description,
      metadata,
      created_by: CREATOR_ID
    });
    this.created.push(id);
    return [201, this.view(id)];
  }

  private update(id: string, body: unknown): Answer {
    const errors = fieldIssues(body, [], {
      description: 'string',
      display_name: 'string',
      is_active: 'boolean',
      metadata: 'object'
    });
    if (errors.length) return apiError(422, 'validation_error', 'Validation error', errors);
    const build = this.builds.get(id) as StoredBuild;
    for (const [name, value] of Object.entries(body as Record<string, unknown>))
      if (value !== null) build.fields[name] = value;
    build.patchedAt = this.now();
    return [200, this.view(id)];
  }
}
