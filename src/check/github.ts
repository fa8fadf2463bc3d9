// The GitHub REST API as far as the check action reads it: a file of a repository at a ref, whether a
// ref names a commit, whether a repository exists. One method per endpoint, one attempt each; it
// knows HTTP and the API, and turns every failure into an ApiError a user can act on.
import { z } from 'zod/mini';
import { answerOf, bodyExcerpt, fatalError, statusErrorDetails } from '../core/api-errors.js';
import type { CallContext } from '../core/build.js';
import { ApiError } from '../core/errors.js';
import type { HttpResponse, HttpTransport } from '../core/http.js';
import { serverText } from '../core/untrusted.js';

/** An action's metadata file is a few KB; one larger than a blueprint may be is not read. */
export const ACTION_FILE_MAX_BYTES = 256 * 1024;

export interface Repository {
  owner: string;
  repo: string;
}

/** A file as the contents API gives it; a folder answers an array instead (no `type` to read). */
const fileSchema = z.object({
  type: z.string(),
  encoding: z.optional(z.string()),
  content: z.optional(z.string())
});

const HEADERS = { Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28' };

export class GitHubClient {
  private readonly base: URL;

  /** `baseUrl` is the transport's: GITHUB_API_URL, checked. */
  constructor(
    private readonly http: HttpTransport,
    baseUrl: string
  ) {
    this.base = new URL(baseUrl);
  }

  /**
   * The text of the file at `path` of `repository` at `ref`; undefined when there is none: no such
   * repository, ref or path (404), or a folder there.
   */
  async getFile(repository: Repository, path: string, ref: string, context: CallContext): Promise<string | undefined> {
    const query = new URLSearchParams({ ref });
    const response = await this.get(`${repositoryPath(repository)}/contents/${segments(path)}?${query}`, context);
    if (response.status === 404) return undefined;
    const what = `the contents of ${name(repository)}/${path} at ${ref}`;
    const answer = answerOf(response, z.union([fileSchema, z.array(z.unknown())]), what, r => this.error(r, what));
    if (Array.isArray(answer) || answer.type !== 'file') return undefined;
    if (answer.encoding !== 'base64' || answer.content === undefined) {
      // GitHub sends no content (encoding "none") for a file over 1 MB.
      throw fatalError(`${what}: the file is too large to read (over ${ACTION_FILE_MAX_BYTES / 1024} KiB)`, 200);
    }
    const bytes = Buffer.from(answer.content, 'base64');
    if (bytes.length > ACTION_FILE_MAX_BYTES) {
      throw fatalError(`${what}: the file is too large to read (over ${ACTION_FILE_MAX_BYTES / 1024} KiB)`, 200);
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw fatalError(`${what}: the file is not UTF-8 text`, 200);
    }
  }

  /** Whether `ref` (a branch, a tag or a commit SHA) names a commit of `repository`, which exists. */
  async refExists(repository: Repository, ref: string, context: CallContext): Promise<boolean> {
    // Answered with the commit's SHA alone, whatever the size of the commit.
    const headers = { Accept: 'application/vnd.github.sha' };
    const response = await this.get(
      `${repositoryPath(repository)}/commits/${encodeURIComponent(ref)}`,
      context,
      headers
    );
    // 422 is GitHub's answer for a ref that names no commit; 404 is taken the same way.
    if (response.status === 404 || response.status === 422) return false;
    const what = `the commit ${ref} of ${name(repository)}`;
    if (response.status !== 200) throw this.error(response, what);
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(response.text.trim())) {
      throw new ApiError(`${what}: the answer is not a commit SHA`, { retryable: true });
    }
    return true;
  }

  /** Whether `repository` exists, as far as this token can see (a private one it cannot read answers 404). */
  async repositoryExists(repository: Repository, context: CallContext): Promise<boolean> {
    const response = await this.get(repositoryPath(repository), context);
    if (response.status === 404) return false;
    const what = `the repository ${name(repository)}`;
    answerOf(response, z.object({ full_name: z.string() }), what, r => this.error(r, what));
    return true;
  }

  /**
   * GET `path` below the API's base URL. A redirect within it (a renamed repository answers 301 to
   * /repositories/{id}/…) is followed once; one elsewhere is not, so that the token stays with the
   * API's host.
   */
  private async get(path: string, context: CallContext, headers: Record<string, string> = {}): Promise<HttpResponse> {
    const request = { method: 'GET', headers: { ...HEADERS, ...headers }, ...context } as const;
    const response = await this.http.send({ ...request, path });
    if (response.status < 300 || response.status >= 400) return response;
    const followed = await this.http.send({ ...request, path: this.redirectPath(response, path) });
    if (followed.status >= 300 && followed.status < 400) {
      throw fatalError(`the GitHub API redirected ${path} more than once`, followed.status);
    }
    return followed;
  }

  /** Where a redirect leads, as a path below the base URL; an error when it leads elsewhere. */
  private redirectPath(response: HttpResponse, path: string): string {
    const location = [response.headers.location].flat()[0];
    let target: URL | undefined;
    try {
      target = location ? new URL(location, this.base) : undefined;
    } catch {
      target = undefined;
    }
    const basePath = this.base.pathname.replace(/\/$/, '');
    if (!target || target.origin !== this.base.origin || !target.pathname.startsWith(`${basePath}/`)) {
      const where = target ? `host ${serverText(target.host, 100)}` : 'an unreadable location';
      throw fatalError(
        `the GitHub API redirected ${path} (${response.status}) to ${where}, outside GITHUB_API_URL: not followed, so that the token stays with the API`,
        response.status
      );
    }
    return target.pathname.slice(basePath.length) + target.search;
  }

  private error(response: HttpResponse, what: string): ApiError {
    const { status, headers } = response;
    if ((status === 403 || status === 429) && headers['x-ratelimit-remaining'] === '0') {
      const reset = Number(headers['x-ratelimit-reset']);
      const when =
        Number.isFinite(reset) && reset > 0
          ? ` (it resets at ${new Date(reset * 1000).toISOString().slice(11, 19)} UTC)`
          : '';
      return fatalError(`the GitHub API's rate limit is used up${when}`, status);
    }
    if (status === 401) {
      return fatalError(
        'the GitHub API refused github_token (401): pass a token that can read the repository, or none for public ones',
        status
      );
    }
    return new ApiError(
      `the GitHub API answered ${what} with ${status}: ${bodyExcerpt(response.text)}`,
      statusErrorDetails(response)
    );
  }
}

/** `owner/repo`, for messages. */
function name({ owner, repo }: Repository): string {
  return `${owner}/${repo}`;
}

function repositoryPath({ owner, repo }: Repository): string {
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
}

/** A path of the repository as URL path segments, each encoded. */
function segments(path: string): string {
  return path.split('/').filter(Boolean).map(encodeURIComponent).join('/');
}
