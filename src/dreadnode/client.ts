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
import { serverText } from '../core/untrusted.js';
import type { HttpRequest, HttpResponse, HttpTransport } from '../core/http.js';

/** An ISO 8601 date-time as epoch ms. One without a zone (as a naive Python datetime is written) is read as UTC. */
const dateTime = z.pipe(
  z.string(),
  z.transform((text, context) => {
    const ms = Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(text) || !text.includes('T') ? text : `${text}Z`);
    if (Number.isNaN(ms)) {
      context.issues.push({ code: 'custom', input: text, message: 'expected an ISO 8601 date-time' });
      return z.NEVER;
    }
    return ms;
  })
);

const jsonObject = z.record(z.string(), z.unknown());

// BuildResponse, checked only as far as the action uses it: fields it does not read (provider,
// source_type, organization_id, ...) may change without breaking the gate. `status` is not
// required in the contract and defaults to `ready` there.
export const dreadnodeBuildSchema = z.object({
  id: z.string().check(z.minLength(1)),
  build_ref: z.optional(z.string()),
  status: z._default(z.string(), 'ready'),
  is_active: z.boolean(),
  error_message: z.optional(z.nullable(z.string())),
  metadata: z.optional(z.nullable(jsonObject)),
  created_at: dateTime,
  updated_at: dateTime
});
export type DreadnodeBuild = z.infer<typeof dreadnodeBuildSchema>;

/** APIErrorPayload, the envelope of every error answer. */
const errorPayloadSchema = z.object({
  detail: z.string().check(z.minLength(1)),
  type: z.string(),
  errors: z.optional(z.nullable(z.array(validationIssueSchema)))
});
type ErrorPayload = z.infer<typeof errorPayloadSchema>;

export interface BuildCreateRequest {
  build_ref: string;
  display_name: string;
  provider: string;
  description?: string;
  metadata?: Record<string, unknown>;
}

export interface BuildUpdateRequest {
  description?: string;
  display_name?: string;
  is_active?: boolean;
  metadata?: Record<string, unknown>;
}

/** Error types that say "not now" rather than "not ever": retried like a 429, whatever the status. */
const RETRYABLE_TYPES = new Set([
  'usage_limit_exceeded_error',
  'org_sandbox_capacity_exceeded_error',
  'e2b_rate_limit_error'
]);

/** One endpoint, as messages name it: what a 403 says the token may not do, and the build it is about. */
interface Operation {
  label: string;
  verb: string;
  buildId?: string;
}

const OPERATIONS = {
  create: { label: 'the create (POST builds)', verb: 'create builds' },
  read: (buildId: string): Operation => ({
    label: 'the status check (GET builds/{build_id})',
    verb: 'read builds',
    buildId
  }),
  update: (buildId: string): Operation => ({
    label: 'the update (PATCH builds/{build_id})',
    verb: 'update builds',
    buildId
  })
};

/**
 * The Dreadnode platform's organization builds API: one method per endpoint, one attempt each.
 * Reading one build is not documented: `GET .../builds/{build_id}` is assumed (docs/dreadnode-api.md).
 */
export class DreadnodeClient {
  constructor(
    private readonly http: HttpTransport,
    private readonly org: string
  ) {}

  private get buildsPath(): string {
    return `/api/v1/org/${encodeURIComponent(this.org)}/builds`;
  }

  createBuild(body: BuildCreateRequest, context: CallContext): Promise<DreadnodeBuild> {
    return this.call(OPERATIONS.create, { method: 'POST', path: this.buildsPath, body }, context);
  }

  getBuild(buildId: string, context: CallContext): Promise<DreadnodeBuild> {
    return this.call(OPERATIONS.read(buildId), { method: 'GET', path: this.buildPath(buildId) }, context);
  }

  updateBuild(buildId: string, body: BuildUpdateRequest, context: CallContext): Promise<DreadnodeBuild> {
    return this.call(OPERATIONS.update(buildId), { method: 'PATCH', path: this.buildPath(buildId), body }, context);
  }

  private buildPath(buildId: string): string {
    return `${this.buildsPath}/${encodeURIComponent(buildId)}`;
  }

  /** One request; a 2xx answer is checked against the build schema, anything else becomes an ApiError. */
  private async call(
    operation: Operation,
    request: Omit<HttpRequest, keyof CallContext>,
    context: CallContext
  ): Promise<DreadnodeBuild> {
    const response = await this.http.send({ ...request, ...context });
    return answerOf(response, dreadnodeBuildSchema, operation.label, answer => this.errorFor(operation, answer));
  }

  private errorFor(operation: Operation, response: HttpResponse): ApiError {
    const redirect = redirectError('The Dreadnode API', operation.label, response);
    if (redirect) return redirect;
    const { status } = response;
    const payload = this.payload(response.text);
    const said = payload
      ? `${serverText(payload.detail)} (${serverText(payload.type, 80)})`
      : bodyExcerpt(response.text);
    if (payload && RETRYABLE_TYPES.has(payload.type)) {
      return new ApiError(`The Dreadnode API answered ${operation.label} with ${status}: ${said}`, {
        ...statusErrorDetails(response, true),
        throttled: true
      });
    }
    const where = operation.buildId
      ? `build ${operation.buildId} in organization ${this.org}`
      : `organization ${this.org}`;
    const message: Record<number, () => string> = {
      401: () =>
        `The Dreadnode API rejected the token (401): ${said}. Use a Dreadnode API key from a secret, e.g. token: \${{ secrets.DREADNODE_API_TOKEN }}.`,
      403: () =>
        `The token is not allowed to ${operation.verb} in organization ${this.org} (403): ${said}. Check that the API key's user may ${operation.verb} in that organization.`,
      404: () =>
        `Not found (404): ${where}: ${said}. Check org (the organization slug)${operation.buildId ? ', build_id' : ''} and api_url (the deployment's base URL: the action adds /api/v1/org/…).`,
      422: () =>
        `The Dreadnode API refused ${operation.label} as invalid (422): ${said}${this.validationErrors(payload)}`
    };
    if (message[status]) return fatalError(message[status](), status);
    return new ApiError(
      `The Dreadnode API answered ${operation.label} with ${status}: ${said}`,
      statusErrorDetails(response)
    );
  }

  private payload(text: string): ErrorPayload | undefined {
    try {
      const parsed = errorPayloadSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  private validationErrors(payload: ErrorPayload | undefined): string {
    const errors = payload?.errors ?? [];
    return errors.length ? `: ${formatValidationIssues(errors)}` : '';
  }
}
