// A fake of the few GitHub REST endpoints the check action reads (the contents of a repository at a
// ref, a commit by ref, a repository), served over real HTTP on 127.0.0.1 like the other fakes, with
// what GitHub does that a client must cope with: a renamed repository answers 301 to its new place
// (/repositories/{id}/...), an exhausted rate limit answers 403 or 429 with x-ratelimit-remaining: 0,
// a server error, an answer that never comes, a redirect to another host. Where GitHub's answers
// vary, the fake varies them too: the line length of base64 contents, and 404 or 422 for a ref that
// names no commit.
import type { ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { FakeServer, type RecordedRequest, type Reply, type RequestHook } from '../server.js';

export type { RecordedRequest } from '../server.js';

export interface FakeRepository {
  /** owner/name, as GitHub spells it; requests may spell it in any letter case. */
  fullName: string;
  /** Each ref (a branch, a tag or a commit SHA) and the files at it: path → contents. The first is the default branch. */
  refs: Record<string, Record<string, string>>;
  /** Names it had before it was renamed: they answer 301 to the repository by id. */
  formerNames?: string[];
}

/** What the fake answers for every request about a repository, instead of its contents. */
export type GitHubFault =
  /** The primary rate limit used up: 403 (as GitHub answers most clients) or 429, x-ratelimit-remaining: 0. */
  | 'rate-limit-403'
  | 'rate-limit-429'
  /** 502 with an HTML page, as a proxy in front of GitHub answers. */
  | 'server-error'
  /** Headers never sent: the request hangs until the client gives up. */
  | 'hang'
  /** A 301 to another host, which a client must not follow with its token. */
  | 'redirect-elsewhere';

export interface FakeGitHubApiOptions {
  repositories?: FakeRepository[];
  /** By repository (full name, any letter case): what every request about it gets. */
  faults?: Record<string, GitHubFault>;
  /** The one token accepted: another one gets 401; none at all is an anonymous request, served. */
  token?: string;
  /** base64 contents wrapped every 60 characters (GitHub's default), or on one line (0). */
  contentLineLength?: 60 | 0;
  /** What GET commits/{ref} answers for a ref that names no commit: 422 (GitHub's) or 404. */
  unknownRefStatus?: 422 | 404;
  now?: () => number;
  onRequest?: RequestHook;
}

/** An answer that is not JSON, or none at all. */
interface GitHubReply extends Reply {
  /** Sent as it is, as text/plain. */
  text?: string;
  /** Nothing is sent: the request hangs until the client or the server's stop closes it. */
  hang?: true;
}

const DOCS = 'https://docs.github.com/rest';
const RATE_LIMIT = 60;

export class FakeGitHubApi extends FakeServer {
  private readonly repositories: FakeRepository[];
  private readonly faults: Map<string, GitHubFault>;
  private readonly token: string | undefined;
  private readonly contentLineLength: number;
  private readonly unknownRefStatus: number;

  constructor(options: FakeGitHubApiOptions = {}) {
    super(options);
    this.repositories = options.repositories ?? [];
    this.faults = new Map(Object.entries(options.faults ?? {}).map(([name, fault]) => [name.toLowerCase(), fault]));
    this.token = options.token;
    this.contentLineLength = options.contentLineLength ?? 60;
    this.unknownRefStatus = options.unknownRefStatus ?? 422;
  }

  /** The requests about a repository, by any of its names or its id. */
  requestsFor(fullName: string): RecordedRequest[] {
    const repository = this.repository(fullName);
    const prefixes = repository
      ? [repository.fullName, ...(repository.formerNames ?? [])].map(name => `/repos/${name.toLowerCase()}`)
      : [`/repos/${fullName.toLowerCase()}`];
    const id = repository && `/repositories/${this.idOf(repository)}`;
    return this.requests.filter(request => {
      const path = request.path.toLowerCase();
      const under = (prefix: string): boolean => path === prefix || path.startsWith(`${prefix}/`);
      return prefixes.some(under) || (id !== undefined && under(id));
    });
  }

  reply(request: RecordedRequest): GitHubReply {
    if (request.method !== 'GET') return notFound();
    const auth = request.headers.authorization;
    if (auth !== undefined && (this.token === undefined || auth !== `Bearer ${this.token}`)) {
      return { status: 401, body: { message: 'Bad credentials', documentation_url: DOCS, status: '401' } };
    }
    const segments = request.path.split('/').slice(1).map(decodeURIComponent);
    let repository: FakeRepository | undefined;
    let rest: string[];
    if (segments[0] === 'repos' && segments.length >= 3) {
      const name = `${segments[1]}/${segments[2]}`;
      rest = segments.slice(3);
      repository = this.repository(name);
      const fault = this.faults.get(name.toLowerCase());
      if (fault) return this.faulty(fault, request);
      if (repository && repository.fullName.toLowerCase() !== name.toLowerCase()) {
        return this.movedTo(
          `/repositories/${this.idOf(repository)}/${rest.map(encodeURIComponent).join('/')}`,
          request
        );
      }
    } else if (segments[0] === 'repositories' && segments.length >= 2) {
      repository = this.repositories.find(candidate => String(this.idOf(candidate)) === segments[1]);
      rest = segments.slice(2);
    } else {
      return notFound();
    }
    if (!repository) return notFound();
    if (rest.length === 0 || (rest.length === 1 && rest[0] === '')) return { status: 200, body: this.wire(repository) };
    const ref = request.query.ref ?? Object.keys(repository.refs)[0];
    if (rest[0] === 'contents') return this.contents(repository, ref, rest.slice(1).filter(Boolean).join('/'));
    if (rest[0] === 'commits' && rest.length >= 2) return this.commit(repository, rest.slice(1).join('/'), request);
    return notFound();
  }

  /** Writes a reply as GitHub would: JSON, text, or nothing at all (a hang). */
  override send(response: ServerResponse, recorded: RecordedRequest, reply: GitHubReply): void {
    if (reply.hang) return;
    if (reply.text === undefined) return super.send(response, recorded, reply);
    recorded.status = reply.status;
    response.writeHead(reply.status, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(reply.text),
      ...reply.headers
    });
    response.end(reply.text);
  }

  private repository(name: string): FakeRepository | undefined {
    const wanted = name.toLowerCase();
    return this.repositories.find(repository =>
      [repository.fullName, ...(repository.formerNames ?? [])].some(known => known.toLowerCase() === wanted)
    );
  }

  /** A stable id for each repository: its place in the list, from 1000. */
  private idOf(repository: FakeRepository): number {
    return 1000 + this.repositories.indexOf(repository);
  }

  private wire(repository: FakeRepository): Record<string, unknown> {
    return {
      id: this.idOf(repository),
      name: repository.fullName.split('/')[1],
      full_name: repository.fullName,
      private: false,
      default_branch: Object.keys(repository.refs)[0]
    };
  }

  /** GET contents/{path}?ref: a file, a folder's listing, or 404 (no such ref or path). */
  private contents(repository: FakeRepository, ref: string, path: string): GitHubReply {
    const files = repository.refs[ref];
    if (!files)
      return {
        status: 404,
        body: { message: `No commit found for the ref ${ref}`, documentation_url: DOCS, status: '404' }
      };
    const text = files[path];
    if (text !== undefined) {
      const base64 = Buffer.from(text).toString('base64');
      const wrapped = this.contentLineLength
        ? base64.replace(new RegExp(`.{1,${this.contentLineLength}}`, 'g'), '$&\n')
        : base64;
      return {
        status: 200,
        body: {
          type: 'file',
          encoding: 'base64',
          size: Buffer.byteLength(text),
          name: path.split('/').pop(),
          path,
          content: wrapped,
          sha: sha(`${repository.fullName}:${ref}:${path}`)
        }
      };
    }
    const prefix = path ? `${path}/` : '';
    const entries = [
      ...new Set(
        Object.keys(files)
          .filter(file => file.startsWith(prefix))
          .map(file => file.slice(prefix.length).split('/')[0])
      )
    ];
    if (entries.length === 0) return notFound();
    return {
      status: 200,
      body: entries.map(name => ({
        name,
        path: prefix + name,
        type: `${prefix}${name}` in files ? 'file' : 'dir'
      }))
    };
  }

  /** GET commits/{ref}: its SHA alone with Accept: application/vnd.github.sha, as GitHub answers it. */
  private commit(repository: FakeRepository, ref: string, request: RecordedRequest): GitHubReply {
    if (!repository.refs[ref]) {
      return {
        status: this.unknownRefStatus,
        body: {
          message: `No commit found for SHA: ${ref}`,
          documentation_url: DOCS,
          status: String(this.unknownRefStatus)
        }
      };
    }
    const commit = /^[0-9a-f]{40}$/.test(ref) ? ref : sha(`${repository.fullName}:${ref}`);
    if (String(request.headers.accept).includes('application/vnd.github.sha'))
      return { status: 200, body: null, text: commit };
    return { status: 200, body: { sha: commit } };
  }

  private movedTo(path: string, request: RecordedRequest): GitHubReply {
    const query = new URLSearchParams(request.query).toString();
    const location = `${this.url}${path}${query ? `?${query}` : ''}`;
    return {
      status: 301,
      body: { message: 'Moved Permanently', url: location, documentation_url: DOCS },
      headers: { location }
    };
  }

  private faulty(fault: GitHubFault, request: RecordedRequest): GitHubReply {
    switch (fault) {
      case 'rate-limit-403':
      case 'rate-limit-429':
        return {
          status: fault === 'rate-limit-403' ? 403 : 429,
          body: { message: 'API rate limit exceeded for 127.0.0.1.', documentation_url: DOCS },
          headers: {
            'x-ratelimit-limit': String(RATE_LIMIT),
            'x-ratelimit-remaining': '0',
            'x-ratelimit-used': String(RATE_LIMIT),
            'x-ratelimit-reset': String(Math.floor(this.now() / 1000) + 1800)
          }
        };
      case 'server-error':
        return { status: 502, body: null, text: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
      case 'hang':
        return { status: 0, body: null, hang: true };
      case 'redirect-elsewhere': {
        const location = `https://elsewhere.example${request.path}`;
        return { status: 301, body: { message: 'Moved Permanently', url: location }, headers: { location } };
      }
    }
  }
}

function notFound(): GitHubReply {
  return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
}

function sha(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
