// The fake Devin API's blueprint operations: list (by repo_name), create, get and update, over the
// org's blueprints (blueprints.ts). None of them triggers a build.
import { laxInteger } from '../pydantic.js';
import type { RecordedRequest, Reply } from '../server.js';
import type { BlueprintChange, BlueprintStore } from './blueprints.js';
import { notFound, ORG_SETUP, type OrgCheck, type PathParams, type Route } from './routes.js';
import { isRepositoryOf, spelledAs, type RepoNameSpelling } from './sync.js';
import { modelBody } from './validation.js';

export interface BlueprintRoutesConfig {
  now: () => number;
  checkOrg: OrgCheck;
  blueprints: BlueprintStore;
  spelling: RepoNameSpelling;
}

function badRequest(detail: string): Reply {
  return { status: 400, body: { detail } };
}

export class BlueprintRoutes {
  readonly routes: Route[];

  constructor(private readonly config: BlueprintRoutesConfig) {
    const blueprints = `${ORG_SETUP}\\/blueprints`;
    this.routes = [
      {
        pattern: new RegExp(`${blueprints}$`),
        operations: {
          GET: (request, params) => this.list(request, params),
          POST: (request, params) => this.create(request, params)
        }
      },
      {
        pattern: new RegExp(`${blueprints}\\/([^/]+)$`),
        operations: {
          GET: (_request, params) => this.get(params),
          PATCH: (request, params) => this.update(request, params)
        }
      }
    ];
  }

  /**
   * The org's blueprints in execution order, those of one repository (in any spelling of it) when
   * repo_name is given; not paginated.
   */
  private list(request: RecordedRequest, { orgId }: PathParams): Reply {
    const { blueprints } = this.config;
    const refused = this.config.checkOrg(orgId, []);
    if (refused) return refused;
    const repoName = request.query.repo_name;
    const data = blueprints
      .at(this.config.now())
      .filter(blueprint => repoName === undefined || isRepositoryOf(repoName, blueprint.repo_name))
      .map(blueprint => blueprints.wire(blueprint));
    return { status: 200, body: { data } };
  }

  /**
   * A repo-tier blueprint (repo_name set, written in the fake's spelling) or the org-tier one. A
   * second one for the same repository (in any spelling), or a second org-tier one, is refused
   * (409): the reference does not say, and a client must not make duplicates (addBlueprint makes
   * them, for tests).
   */
  private create(request: RecordedRequest, { orgId }: PathParams): Reply {
    const { blueprints } = this.config;
    const { body, issues } = modelBody(request, [], { contents: 'string', repo_name: 'string' });
    const refused = this.config.checkOrg(orgId, issues);
    if (refused) return refused;
    const repoName = typeof body.repo_name === 'string' ? spelledAs(this.config.spelling, body.repo_name) : null;
    const now = this.config.now();
    const taken = blueprints
      .at(now)
      .some(blueprint =>
        repoName === null ? blueprint.type === 'org' : isRepositoryOf(repoName, blueprint.repo_name)
      );
    if (taken) {
      const detail =
        repoName === null ? 'The org already has an org-tier blueprint' : 'The repository already has a blueprint';
      return { status: 409, body: { detail } };
    }
    const contents = typeof body.contents === 'string' ? body.contents : null;
    return { status: 201, body: blueprints.wire(blueprints.create({ repoName, contents, createdAt: now })) };
  }

  private get({ orgId, id }: PathParams): Reply {
    const { blueprints } = this.config;
    const refused = this.config.checkOrg(orgId, []);
    if (refused) return refused;
    const blueprint = blueprints.get(id, this.config.now());
    return blueprint ? { status: 200, body: blueprints.wire(blueprint) } : notFound('Blueprint not found');
  }

  /** New contents and/or position; the same contents make no new version. null counts as not given. */
  private update(request: RecordedRequest, { orgId, id }: PathParams): Reply {
    const { blueprints } = this.config;
    const { body, issues } = modelBody(request, [], { contents: 'string', position: 'integer' });
    const refused = this.config.checkOrg(orgId, issues);
    if (refused) return refused;
    const change: BlueprintChange = {};
    if (typeof body.contents === 'string') change.contents = body.contents;
    const position = laxInteger(body.position);
    if (position !== undefined) change.position = position;
    if (change.contents === undefined && change.position === undefined) {
      return badRequest('Nothing to update: give contents and/or position');
    }
    const now = this.config.now();
    const blueprint = blueprints.get(id, now);
    if (!blueprint) return notFound('Blueprint not found');
    if (change.position !== undefined && blueprint.type !== 'repo') {
      return badRequest('Only a repo-tier blueprint has a position');
    }
    return { status: 200, body: blueprints.wire(blueprints.change(id, change, now).blueprint) };
  }
}
