import { z } from 'zod/mini';
import { ApiError } from './errors.js';
import { serverText } from './untrusted.js';

/** Describes zod issues in one line: `items.0.status: expected string`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map(issue => {
      const where = issue.path.length ? issue.path.join('.') : 'body';
      const expected = 'expected' in issue && issue.expected ? `expected ${String(issue.expected)}` : issue.code;
      return `${where}: ${expected}`;
    })
    .map(text => serverText(text, 100))
    .join('; ');
}

/**
 * Parses a successful JSON answer and checks it against its schema. A body that is not JSON, or
 * not the documented shape, is treated as a transient fault (a proxy's error page, a truncated
 * answer): retryable, and the message says what was wrong. It is also ambiguous: the server did
 * answer with success, so a POST was carried out even though its answer cannot be read.
 */
export function parseAnswer<T>(schema: z.ZodMiniType<T>, text: string, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError(`${what}: the answer is not valid JSON`, { retryable: true, ambiguous: true });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(`${what}: the answer does not match the API contract (${describeIssues(parsed.error.issues)})`, {
      retryable: true,
      ambiguous: true
    });
  }
  return parsed.data;
}
