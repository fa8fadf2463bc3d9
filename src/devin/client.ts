import { z } from 'zod/mini';
import { answerOf, bodyExcerpt, fatalError, redirectError, statusErrorDetails } from '../core/api-errors.js';
import { ApiError } from '../core/errors.js';
import type { HttpMethod, HttpResponse, HttpTransport } from '../core/http.js';

// Unknown fields are dropped, not rejected: the API documents its additions as additive.
// `status` and `trigger` stay open strings so that a value added later is reported, not a crash.
export const buildSchema = z.object({
  build_id: z.string().check(z.minLength(1)),
  status: z.string(),
  trigger: z.nullable(z.string()),
  triggered_by_user_id: z.nullable(z.string()),
  pinned: z.boolean(),
  started_at: z.nullable(z.int()),
  completed_at: z.nullable(z.int()),
  created_at: z.int(),
  updated_at: z.int()
});
export type DevinBuild = z.infer<typeof buildSchema>;

export const buildPageSchema = z.object({
  items: z.array(buildSchema),
  end_cursor: z.optional(z.nullable(z.string())),
  has_next_page: z.optional(z.boolean())
});
export type DevinBuildPage = z.infer<typeof buildPageSchema>;

const validationErrorSchema = z.object({
  detail: z.array(z.object({ loc: z.array(z.union([z.string(), z.number()])), msg: z.string() }))
});

export interface ListBuildsQuery {
  first: number;
  after?: string;
  status?: string;
  active?: boolean;
}

export interface RequestOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

type Operation = 'trigger' | 'list' | 'cancel';

/** The permission each operation needs, from the API reference. */
const PERMISSION: Record<Operation, string> = {
  trigger: 'ManageOrgSnapshots',
  cancel: 'ManageOrgSnapshots',
  list: 'ManageRepoBlueprints'
};

const OPERATION_LABEL: Record<Operation, string> = {
  trigger: 'the trigger (POST builds)',
  list: 'the builds list (GET builds)',
  cancel: 'the cancel (POST cancel)'
};

/**
 * The Devin v3 snapshot-setup builds API: one method per endpoint, one attempt each. It knows
 * HTTP and the API's contract, and turns every failure into an ApiError a user can act on.
 */
export class DevinClient {
  constructor(
    private readonly http: HttpTransport,
    private readonly orgId: string
  ) {}

  private get buildsPath(): string {
    return `/v3beta1/organizations/${encodeURIComponent(this.orgId)}/snapshot-setup/builds`;
  }

  triggerBuild(options: RequestOptions): Promise<DevinBuild> {
    return this.call('trigger', buildSchema, { method: 'POST', path: this.buildsPath, body: {} }, options);
  }

  /** One page of builds, newest first, with the server's clock (its Date header) when it answered. */
  async listBuilds(
    query: ListBuildsQuery,
    options: RequestOptions
  ): Promise<DevinBuildPage & { serverDateMs?: number }> {
    const params = new URLSearchParams({ first: String(query.first) });
    if (query.after) params.set('after', query.after);
    if (query.status) params.set('status', query.status);
    if (query.active !== undefined) params.set('active', String(query.active));
    const response = await this.http.send({ method: 'GET', path: `${this.buildsPath}?${params}`, ...options });
    const page = this.answer('list', buildPageSchema, response);
    const serverDateMs = Date.parse(String(response.headers.date));
    return { ...page, serverDateMs: Number.isNaN(serverDateMs) ? undefined : serverDateMs };
  }

  cancelBuild(buildId: string, options: RequestOptions): Promise<DevinBuild> {
    const path = `${this.buildsPath}/${encodeURIComponent(buildId)}/cancel`;
    return this.call('cancel', buildSchema, { method: 'POST', path }, options);
  }

  /** One request; a 2xx answer is checked against `schema`, anything else becomes an ApiError. */
  private async call<T>(
    operation: Operation,
    schema: z.ZodMiniType<T>,
    request: { method: HttpMethod; path: string; body?: unknown },
    options: RequestOptions
  ): Promise<T> {
    return this.answer(operation, schema, await this.http.send({ ...request, ...options }));
  }

  private answer<T>(operation: Operation, schema: z.ZodMiniType<T>, response: HttpResponse): T {
    return answerOf(response, schema, OPERATION_LABEL[operation], answer => this.errorFor(operation, answer));
  }

  private errorFor(operation: Operation, response: HttpResponse): ApiError {
    const { status } = response;
    const what = OPERATION_LABEL[operation];
    const fatal = (message: string): ApiError => fatalError(message, status);
    const redirect = redirectError('The Devin API', what, response);
    if (redirect) return redirect;
    switch (status) {
      case 401:
        return fatal(
          'The Devin API rejected the token (401). Use a service-user credential (it starts with cog_) ' +
            'from a repository or organization secret, e.g. token: ${{ secrets.DEVIN_API_TOKEN }}.'
        );
      case 403:
        return fatal(
          `The token is not allowed to ${describe(operation)} in ${this.orgId} (403). ` +
            `Give the service user the ${PERMISSION[operation]} permission at the organization level.`
        );
      case 404:
        return fatal(
          operation === 'cancel'
            ? `The build to cancel was not found in ${this.orgId} (404). Check build_id and org_id.`
            : `Not found (404): organization ${this.orgId} does not exist, or api_url is not the Devin API's base URL. Check org_id (the organization id, starting with org-) and api_url.`
        );
      case 422:
        return fatal(`The Devin API refused ${what} as invalid (422): ${this.validationDetail(response.text)}`);
    }
    return new ApiError(
      `The Devin API answered ${what} with ${status}: ${this.excerpt(response.text)}`,
      statusErrorDetails(response)
    );
  }

  private validationDetail(text: string): string {
    try {
      const parsed = validationErrorSchema.safeParse(JSON.parse(text));
      if (parsed.success && parsed.data.detail.length) {
        return parsed.data.detail.map(item => `${item.loc.join('.')}: ${this.http.redact(item.msg)}`).join('; ');
      }
    } catch {
      // Not JSON: fall through to the raw excerpt.
    }
    return this.excerpt(text);
  }

  private excerpt(text: string): string {
    return bodyExcerpt(text, body => this.http.redact(body));
  }
}

function describe(operation: Operation): string {
  return {
    trigger: 'trigger snapshot builds',
    cancel: 'cancel snapshot builds',
    list: 'list snapshot builds'
  }[operation];
}
