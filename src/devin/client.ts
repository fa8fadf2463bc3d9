import { z } from 'zod/mini';
import {
  answerOf,
  bodyExcerpt,
  fatalError,
  formatValidationIssues,
  redirectError,
  statusErrorDetails,
  validationIssueSchema
} from '../core/api-errors.js';
import type { CallContext } from '../core/build.js';
import { ApiError } from '../core/errors.js';
import { serverDate, type HttpRequest, type HttpResponse, type HttpTransport } from '../core/http.js';
import type { RepoName } from './repo-name.js';

// Checked only as far as the action reads it: a field it does not read may change or go without
// breaking the gate, and unknown fields are dropped. `status` and `trigger` stay open strings so
// that a value added later is reported, not a crash. `pinned` is kept for the pin work.
export const buildSchema = z.object({
  build_id: z.string().check(z.minLength(1)),
  status: z.string(),
  trigger: z.nullable(z.string()),
  pinned: z.boolean(),
  // Integers in the contract; any number is taken, and one no Date can hold is read as unknown.
  started_at: z.nullable(z.number()),
  completed_at: z.nullable(z.number()),
  created_at: z.number()
});
export type DevinBuild = z.infer<typeof buildSchema>;

export const buildPageSchema = z.object({
  items: z.array(buildSchema),
  end_cursor: z.optional(z.nullable(z.string()))
});
export type DevinBuildPage = z.infer<typeof buildPageSchema>;

export const presignedDownloadSchema = z.object({ url: z.string().check(z.minLength(1)) });

// A blueprint as far as the action reads it; `type` stays an open string (the reference says it may grow).
export const blueprintSchema = z.object({
  blueprint_id: z.string().check(z.minLength(1)),
  repo_name: z.nullable(z.string()),
  type: z.string(),
  updated_at: z.number()
});
export type DevinBlueprint = z.infer<typeof blueprintSchema>;

const blueprintListSchema = z.object({ data: z.array(blueprintSchema) });
// Only repo_name is known to be in the sync answer (the endpoint is not in the API reference).
const syncAnswerSchema = z.object({ repo_name: z.optional(z.string()) });

const validationErrorSchema = z.object({ detail: z.array(validationIssueSchema) });

export interface ListBuildsQuery {
  first: number;
  after?: string;
  active?: boolean;
}

/** One endpoint, as messages name it, and what a 403 says the token needs. */
interface Operation {
  label: string;
  /** "The token is not allowed to …". */
  verb: string;
  permission: string;
  /** What a 404 from this endpoint means; `subject` is the repository or blueprint the call is about. */
  notFound: (orgId: string, subject: string) => string;
  /** What a 409 from this endpoint means, where the reference documents one. */
  conflict?: string;
}

const orgNotFound = (orgId: string): string =>
  `Not found (404): organization ${orgId} does not exist, or api_url is not the Devin API's base URL. ` +
  'Check org_id (the organization id, org-… or org_…) and api_url.';

const OPERATIONS = {
  trigger: {
    label: 'the trigger (POST builds)',
    verb: 'trigger snapshot builds',
    permission: 'ManageOrgSnapshots',
    notFound: orgNotFound
  },
  list: {
    label: 'the builds list (GET builds)',
    verb: 'list snapshot builds',
    permission: 'ManageRepoBlueprints',
    notFound: orgNotFound
  },
  read: {
    label: 'the status check (GET builds/{build_id})',
    verb: 'read snapshot builds',
    permission: 'ManageRepoBlueprints',
    notFound: orgNotFound
  },
  logs: {
    label: 'the logs request (GET builds/{build_id}/logs)',
    verb: "read snapshot builds' logs",
    permission: 'ManageRepoBlueprints',
    notFound: orgId => `The logs endpoint answered 404 in ${orgId}.`
  },
  pin: {
    label: 'the pin (POST builds/{build_id}/pin)',
    verb: 'pin snapshot builds',
    permission: 'ManageOrgSnapshots',
    notFound: orgId => `The build to pin was not found in ${orgId} (404).`,
    conflict: 'the API pins only a build that succeeded less than 7 days ago'
  },
  cancel: {
    label: 'the cancel (POST cancel)',
    verb: 'cancel snapshot builds',
    permission: 'ManageOrgSnapshots',
    notFound: orgId => `The build to cancel was not found in ${orgId} (404). Check build_id and org_id.`
  },
  sync: {
    label: 'the sync (POST sync)',
    verb: 'sync blueprints',
    // Not documented for sync; the permission for repository blueprints is the likely one.
    permission: 'ManageRepoBlueprints (probably: the API reference does not document sync)',
    notFound: (orgId, repo) =>
      `The sync of ${repo} in ${orgId} answered 404: either the repository is not connected to the organization ` +
      '(connect it in Devin), or its default branch has no .devin/blueprint.yaml (commit one and merge it).'
  },
  blueprints: {
    label: 'the blueprints list (GET blueprints)',
    verb: 'read blueprints',
    permission: 'ManageRepoBlueprints',
    notFound: orgNotFound
  },
  createBlueprint: {
    label: 'the blueprint create (POST blueprints)',
    verb: 'create blueprints',
    permission: 'ManageRepoBlueprints',
    notFound: orgNotFound
  },
  updateBlueprint: {
    label: 'the blueprint update (PATCH blueprints/{blueprint_id})',
    verb: 'update blueprints',
    permission: 'ManageRepoBlueprints',
    notFound: (orgId, id) => `Blueprint ${id} was not found in ${orgId} (404): it may have been deleted meanwhile.`
  }
} as const satisfies Record<string, Operation>;

/**
 * The Devin v3 snapshot-setup builds API: one method per endpoint, one attempt each. It knows
 * HTTP and the API's contract, and turns every failure into an ApiError a user can act on.
 */
export class DevinClient {
  constructor(
    private readonly http: HttpTransport,
    /** The organization every path names, and every message about it. */
    readonly orgId: string
  ) {}

  private get setupPath(): string {
    return `/v3beta1/organizations/${encodeURIComponent(this.orgId)}/snapshot-setup`;
  }

  private get buildsPath(): string {
    return `${this.setupPath}/builds`;
  }

  triggerBuild(idempotencyKey: string, context: CallContext): Promise<DevinBuild> {
    const headers = { 'Idempotency-Key': idempotencyKey };
    return this.call(
      OPERATIONS.trigger,
      buildSchema,
      { method: 'POST', path: this.buildsPath, body: {}, headers },
      context
    );
  }

  /** One page of builds, with the server's clock (its Date header) when it answered. */
  async listBuilds(query: ListBuildsQuery, context: CallContext): Promise<DevinBuildPage & { serverDateMs?: number }> {
    const params = new URLSearchParams({ first: String(query.first) });
    if (query.after) params.set('after', query.after);
    if (query.active !== undefined) params.set('active', String(query.active));
    const response = await this.http.send({ method: 'GET', path: `${this.buildsPath}?${params}`, ...context });
    const page = this.answer(OPERATIONS.list, buildPageSchema, response);
    return { ...page, serverDateMs: serverDate(response) };
  }

  /** One build by id; undefined when the API answers 404 (the reference promises no 404 from it: see the backend). */
  async getBuild(buildId: string, context: CallContext): Promise<DevinBuild | undefined> {
    const response = await this.http.send({ method: 'GET', path: this.buildPath(buildId), ...context });
    return response.status === 404 ? undefined : this.answer(OPERATIONS.read, buildSchema, response);
  }

  /** A presigned URL for the build's log file, on another host, valid for 10 minutes. */
  async getLogUrl(buildId: string, context: CallContext): Promise<string> {
    const request = { method: 'GET', path: `${this.buildPath(buildId)}/logs` } as const;
    return (await this.call(OPERATIONS.logs, presignedDownloadSchema, request, context)).url;
  }

  /** Pins the org to the build: new sessions use it until it is unpinned. */
  pinBuild(buildId: string, context: CallContext): Promise<DevinBuild> {
    const request = { method: 'POST', path: `${this.buildPath(buildId)}/pin`, body: {} } as const;
    return this.call(OPERATIONS.pin, buildSchema, request, context);
  }

  /** Has Devin pull `repo`'s .devin/blueprint.yaml from the HEAD of its default branch; triggers no build. */
  async syncBlueprint(repo: RepoName, context: CallContext): Promise<void> {
    const request = { method: 'POST', path: `${this.setupPath}/sync`, body: { repo_name: repo.sent } } as const;
    await this.call(OPERATIONS.sync, syncAnswerSchema, request, context, repo.given);
  }

  /**
   * All the org's blueprints (not paginated), every tier. Not filtered by repo_name: whether the
   * filter matches a repository stored under another spelling is not documented, so the caller
   * compares the names itself (repo-name.ts); the path then holds no percent-encoded name either.
   */
  async listBlueprints(context: CallContext): Promise<DevinBlueprint[]> {
    const request = { method: 'GET', path: `${this.setupPath}/blueprints` } as const;
    return (await this.call(OPERATIONS.blueprints, blueprintListSchema, request, context)).data;
  }

  /** Creates `repo`'s repo-tier blueprint holding `contents`; triggers no build. */
  createBlueprint(repo: RepoName, contents: string, context: CallContext): Promise<DevinBlueprint> {
    const request = {
      method: 'POST',
      path: `${this.setupPath}/blueprints`,
      body: { repo_name: repo.sent, contents }
    } as const;
    return this.call(OPERATIONS.createBlueprint, blueprintSchema, request, context, repo.given);
  }

  /** Replaces a blueprint's YAML with `contents` (a new version); triggers no build. */
  updateBlueprint(blueprintId: string, contents: string, context: CallContext): Promise<DevinBlueprint> {
    const path = `${this.setupPath}/blueprints/${encodeURIComponent(blueprintId)}`;
    const request = { method: 'PATCH', path, body: { contents } } as const;
    return this.call(OPERATIONS.updateBlueprint, blueprintSchema, request, context, blueprintId);
  }

  cancelBuild(buildId: string, context: CallContext): Promise<DevinBuild> {
    const path = `${this.buildPath(buildId)}/cancel`;
    return this.call(OPERATIONS.cancel, buildSchema, { method: 'POST', path }, context);
  }

  private buildPath(buildId: string): string {
    return `${this.buildsPath}/${encodeURIComponent(buildId)}`;
  }

  /** One request; a 2xx answer is checked against `schema`, anything else becomes an ApiError. */
  private async call<T>(
    operation: Operation,
    schema: z.ZodMiniType<T>,
    request: Omit<HttpRequest, keyof CallContext>,
    context: CallContext,
    subject?: string
  ): Promise<T> {
    return this.answer(operation, schema, await this.http.send({ ...request, ...context }), subject);
  }

  /** `subject` (a repository, a blueprint) is named in every error about it. */
  private answer<T>(operation: Operation, schema: z.ZodMiniType<T>, response: HttpResponse, subject?: string): T {
    const what = subject ? `${operation.label} of ${subject}` : operation.label;
    return answerOf(response, schema, what, answer => this.errorFor(operation, answer, what, subject));
  }

  private errorFor(operation: Operation, response: HttpResponse, what: string, subject = ''): ApiError {
    const redirect = redirectError('The Devin API', what, response);
    if (redirect) return redirect;
    const { status } = response;
    const message: Record<number, (() => string) | undefined> = {
      401: () =>
        'The Devin API rejected the token (401). Use a service-user credential (it starts with cog_) ' +
        'from a repository or organization secret, e.g. token: ${{ secrets.DEVIN_API_TOKEN }}.',
      403: () =>
        `The token is not allowed to ${operation.verb}${subject && ` (${subject})`} in ${this.orgId} (403). ` +
        `Give the service user the ${operation.permission} permission at the organization level.`,
      404: () => operation.notFound(this.orgId, subject),
      409:
        operation.conflict === undefined
          ? undefined
          : () => `The Devin API refused ${what} (409): ${operation.conflict}.`,
      422: () => `The Devin API refused ${what} as invalid (422): ${this.validationDetail(response.text)}`
    };
    const explain = message[status];
    if (explain) return fatalError(explain(), status);
    return new ApiError(
      `The Devin API answered ${what} with ${status}: ${bodyExcerpt(response.text)}`,
      statusErrorDetails(response)
    );
  }

  private validationDetail(text: string): string {
    try {
      const parsed = validationErrorSchema.safeParse(JSON.parse(text));
      if (parsed.success && parsed.data.detail.length) {
        return formatValidationIssues(parsed.data.detail);
      }
    } catch {
      // Not JSON: fall through to the raw excerpt.
    }
    return bodyExcerpt(text);
  }
}
