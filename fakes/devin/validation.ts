// What the fake Devin API checks of a request before it acts on it, answered as FastAPI answers
// (fakes/pydantic.ts): the query of the list, and the org id in the path.
import { booleanParam, enumParam, integerParam, type ValidationIssue } from '../pydantic.js';
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
export function orgIdIssues(orgId: string): ValidationIssue[] {
  if (orgId.startsWith('org-')) return [];
  return [
    { loc: ['path', 'org_id'], msg: "Value error, org_id must start with 'org-'", type: 'value_error', input: orgId }
  ];
}
