// The sync of a git-backed blueprint in the fake Devin API: POST .../snapshot-setup/sync pulls a
// repository's .devin/blueprint.yaml from its default branch (what a test put there) into the
// org's repo-tier blueprint for it; it never builds. The reference does not document it, so what a
// sync answers besides 200 (403, 404, 422) is chosen by the test, for every repository or for one.
import type { RecordedRequest, Reply } from '../server.js';
import type { BlueprintStore } from './blueprints.js';
import { notFound, ORG_SETUP, validationFailure, type OrgCheck, type PathParams, type Route } from './routes.js';
import { syncBody } from './validation.js';

/** What a sync answers: 'synced' (200, or 404 for a repository the fake has no file for), or that status. */
export type SyncAnswer = 'synced' | 403 | 404 | 422;

/** A sync request, as the fake processed it. */
export interface SyncRecord {
  /** Arrival time on the fake's clock (ms). */
  at: number;
  /** The body's repo_name as sent; undefined when the body had none (or was no JSON object). */
  repoName: unknown;
  status: number;
  /** After a 200: the repo-tier blueprint the sync wrote, and what it did to it. */
  blueprintId?: string;
  change?: 'created' | 'updated' | 'unchanged';
}

export interface SyncConfig {
  now: () => number;
  checkOrg: OrgCheck;
  blueprints: BlueprintStore;
  /** For every repository unless one has its own. */
  answer: SyncAnswer;
  spelling: RepoNameSpelling;
}

/**
 * How the fake writes a repository's name (repo_name) in the blueprints a sync or a create makes and
 * in a sync's answer, whatever spelling the request used; the contract does not say. 'owner/repo'
 * (the default, as the vendor documents it for GitHub): owner/repo as the request wrote it;
 * 'lower-case': owner/repo lower-cased; 'url': https://github.com/owner/repo.
 */
export type RepoNameSpelling = 'owner/repo' | 'lower-case' | 'url';

/**
 * owner/repo, whether it is given so or as a provider URL (https://github.com/owner/repo.git,
 * git@github.com:owner/repo.git), as the vendor's action may send either.
 */
export function canonicalRepoName(name: string): string {
  return name
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+\//i, '')
    .replace(/^[^@/\s]+@[^:/\s]+:/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

/** The repository a name means, whatever its spelling: the fake is GitHub, which ignores letter case. */
function repositoryOf(name: string): string {
  return canonicalRepoName(name).toLowerCase();
}

/** Whether a blueprint's repo_name is `repoName`'s repository, in whichever spelling either was written. */
export function isRepositoryOf(repoName: string, blueprintRepo: string | null): boolean {
  return blueprintRepo !== null && repositoryOf(blueprintRepo) === repositoryOf(repoName);
}

/** `name` as the fake writes it. */
export function spelledAs(spelling: RepoNameSpelling, name: string): string {
  const ownerRepo = canonicalRepoName(name);
  if (spelling === 'lower-case') return ownerRepo.toLowerCase();
  return spelling === 'url' ? `https://github.com/${ownerRepo}` : ownerRepo;
}

function bodyRepoName(request: RecordedRequest): unknown {
  try {
    const body: unknown = JSON.parse(request.body);
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>).repo_name : undefined;
  } catch {
    return undefined;
  }
}

export class RepoSync {
  readonly records: SyncRecord[] = [];
  readonly route: Route;
  /** Each repository's .devin/blueprint.yaml on its default branch; null: the repository has none. */
  private readonly files = new Map<string, string | null>();
  private readonly answers = new Map<string, SyncAnswer>();

  constructor(private readonly config: SyncConfig) {
    this.route = {
      pattern: new RegExp(`${ORG_SETUP}\\/sync$`),
      operations: { POST: (request, params) => this.sync(request, params) }
    };
  }

  /** What the repository's default branch holds; undefined: the fake knows no such repository. */
  setFile(repoName: string, contents: string | null | undefined): void {
    if (contents === undefined) this.files.delete(repositoryOf(repoName));
    else this.files.set(repositoryOf(repoName), contents);
  }

  /** What a sync of this repository answers; undefined: as for every repository. */
  setAnswer(repoName: string, answer: SyncAnswer | undefined): void {
    if (answer === undefined) this.answers.delete(repositoryOf(repoName));
    else this.answers.set(repositoryOf(repoName), answer);
  }

  private sync(request: RecordedRequest, params: PathParams): Reply {
    const record: SyncRecord = { at: this.config.now(), repoName: bodyRepoName(request), status: 0 };
    const reply = this.answer(request, params, record);
    record.status = reply.status;
    this.records.push(record);
    return reply;
  }

  private answer(request: RecordedRequest, { orgId }: PathParams, record: SyncRecord): Reply {
    const { repoName: given, issues } = syncBody(request);
    const refused = this.config.checkOrg(orgId, issues);
    if (refused) return refused;
    const repository = repositoryOf(given);
    const answer = this.answers.get(repository) ?? this.config.answer;
    if (answer === 403) return { status: 403, body: { detail: 'Forbidden' } };
    if (answer === 422) {
      const msg = "Value error, repo_name must name a repository of the org's git provider";
      return validationFailure([{ loc: ['body', 'repo_name'], msg, type: 'value_error', input: given }]);
    }
    const contents = this.files.get(repository);
    if (answer === 404 || contents === undefined) return notFound('Repository not found');
    if (contents === null) return notFound('No .devin/blueprint.yaml on the default branch');
    const { blueprints, spelling } = this.config;
    const now = this.config.now();
    // With duplicates (which the API does not make), the first in execution order is the one written.
    const existing = blueprints
      .at(now)
      .find(blueprint => blueprint.type === 'repo' && isRepositoryOf(given, blueprint.repo_name));
    if (existing) {
      const { changed } = blueprints.change(existing.blueprint_id, { contents }, now);
      Object.assign(record, { blueprintId: existing.blueprint_id, change: changed ? 'updated' : 'unchanged' });
      // The name as the fake holds it, whatever spelling the request used.
      return { status: 200, body: { repo_name: existing.repo_name } };
    }
    const created = blueprints.create({ repoName: spelledAs(spelling, given), contents, createdAt: now });
    Object.assign(record, { blueprintId: created.blueprint_id, change: 'created' });
    return { status: 200, body: { repo_name: created.repo_name } };
  }
}
