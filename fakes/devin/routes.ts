// How the fake Devin API finds the operation for a request, in FastAPI's order: routing (404/405),
// then auth (401), then the operation, which validates (422) before it looks anything up (404).
// Each group of routes (build-routes.ts, blueprint-routes.ts) answers with these replies.
import { type ValidationIssue } from '../pydantic.js';
import type { RecordedRequest, Reply } from '../server.js';
import { orgIdIssues } from './validation.js';

export interface PathParams {
  orgId: string;
  /** The path's second parameter (a build or blueprint id), '' when it has none. */
  id: string;
}

export type Operation = (request: RecordedRequest, params: PathParams) => Reply;

export interface Route {
  pattern: RegExp;
  /** By HTTP method. */
  operations: Record<string, Operation>;
  /** False: this deployment does not offer the route, and it answers 404 like an unknown path. */
  offered?: () => boolean;
}

/** The prefix of every route: the org's snapshot setup. */
export const ORG_SETUP = String.raw`^\/v3beta1\/organizations\/([^/]+)\/snapshot-setup`;

export function validationFailure(issues: ValidationIssue[]): Reply {
  return { status: 422, body: { detail: issues } };
}

export function notFound(detail: string): Reply {
  return { status: 404, body: { detail } };
}

function unauthorized(detail: string): Reply {
  return { status: 401, body: { detail }, headers: { 'www-authenticate': 'Bearer' } };
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function checkAuthorization(authorization: string | undefined, token: string): Reply | undefined {
  const credentials = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!credentials) return unauthorized('Not authenticated');
  if (credentials[1] !== token) return unauthorized('Invalid service user credentials');
  return undefined;
}

export function dispatch(routes: readonly Route[], request: RecordedRequest, token: string): Reply {
  for (const route of routes) {
    const match = route.pattern.exec(request.path);
    if (!match) continue;
    if (route.offered && !route.offered()) return notFound('Not Found');
    const operation = route.operations[request.method];
    if (!operation) {
      return {
        status: 405,
        body: { detail: 'Method Not Allowed' },
        headers: { allow: Object.keys(route.operations).join(', ') }
      };
    }
    const failedAuth = checkAuthorization(singleHeader(request.headers.authorization), token);
    if (failedAuth) return failedAuth;
    let params: PathParams;
    try {
      params = { orgId: decodeURIComponent(match[1]), id: decodeURIComponent(match[2] ?? '') };
    } catch {
      return notFound('Not Found');
    }
    return operation(request, params);
  }
  return notFound('Not Found');
}

/**
 * Checks the org of a request: its id's validation joins the operation's own issues (one 422
 * lists all); an unknown org is checked after. Undefined: go on.
 */
export function orgCheck(knownOrgId: string): (orgId: string, issues: ValidationIssue[]) => Reply | undefined {
  return (orgId, issues) => {
    const orgIssues = orgIdIssues(orgId);
    if (orgIssues.length + issues.length > 0) return validationFailure([...orgIssues, ...issues]);
    if (orgId !== knownOrgId) return notFound('Organization not found');
    return undefined;
  };
}

export type OrgCheck = ReturnType<typeof orgCheck>;
