// What the fake Devin API checks of a request before it acts on it, answered as FastAPI answers
// (fakes/pydantic.ts): the query of the list, the org id in the path, and the bodies.
import {
  booleanParam,
  enumParam,
  fieldIssues,
  integerParam,
  modelBodyIssues,
  type FieldType,
  type ValidationIssue
} from '../pydantic.js';
import type { RecordedRequest } from '../server.js';
import { decodeCursor, type ListQuery } from './builds.js';
import { BUILD_STATUSES } from './timeline.js';

const PAGE_SIZE = { default: 100, min: 1, max: 200 };

// Messages and types follow what FastAPI/pydantic v2 send for the same mistakes.
export function parseListQuery(query: Record<string, string>): { parsed: ListQuery; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const parsed: ListQuery = { first: PAGE_SIZE.default };
  if (query.first !== undefined) parsed.first = integerParam(issues, 'first', query.first, PAGE_SIZE) ?? parsed.first;
  if (query.after !== undefined) {
    parsed.after = decodeCursor(query.after);
    if (!parsed.after)
      issues.push({ loc: ['query', 'after'], msg: 'Invalid cursor', type: 'value_error', input: query.after });
  }
  if (query.status !== undefined) parsed.status = enumParam(issues, 'status', query.status, BUILD_STATUSES);
  if (query.active !== undefined) parsed.active = booleanParam(issues, 'active', query.active);
  return { parsed, issues };
}

/** The org id in the path, as the API's model checks it. */
/** The reference says org- and the vendor's own action org_: the fake takes both, and nothing else. */
export function orgIdIssues(orgId: string): ValidationIssue[] {
  if (orgId.startsWith('org-') || orgId.startsWith('org_')) return [];
  return [
    {
      loc: ['path', 'org_id'],
      msg: "Value error, org_id must start with 'org-' or 'org_'",
      type: 'value_error',
      input: orgId
    }
  ];
}

/** The body of a request read into a model: its fields once it is a JSON object, and every issue. */
export function modelBody(
  request: RecordedRequest,
  required: string[],
  types: Record<string, FieldType>
): { body: Record<string, unknown>; issues: ValidationIssue[] } {
  const issues = modelBodyIssues(request);
  if (issues.length > 0) return { body: {}, issues };
  const body = JSON.parse(request.body) as Record<string, unknown>;
  return { body, issues: fieldIssues(body, required, types) };
}

/** The sync's body: a repo_name that is a string (null is not one: the field is required, not optional). */
export function syncBody(request: RecordedRequest): { repoName: string; issues: ValidationIssue[] } {
  const { body, issues } = modelBody(request, ['repo_name'], { repo_name: 'string' });
  if (issues.length === 0 && body.repo_name === null) {
    issues.push({
      loc: ['body', 'repo_name'],
      msg: 'Input should be a valid string',
      type: 'string_type',
      input: null
    });
  }
  return { repoName: typeof body.repo_name === 'string' ? body.repo_name : '', issues };
}
