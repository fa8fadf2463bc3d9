import { z } from 'zod/mini';
import { ApiError } from './errors.js';
import { serverDate, type HttpResponse } from './http.js';
import { parseRetryAfter } from './retry.js';
import { parseAnswer } from './schema.js';
import { serverText } from './untrusted.js';

/** Statuses after which the same request may succeed if sent again. */
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/** Server errors after which a POST may still have been carried out. */
const AMBIGUOUS_STATUS = new Set([500, 502, 504]);
const BODY_EXCERPT = 200;

/** A 2xx answer checked against `schema`; any other status becomes the error `errorFor` makes. */
export function answerOf<T>(
  response: HttpResponse,
  schema: z.ZodMiniType<T>,
  what: string,
  errorFor: (response: HttpResponse) => ApiError
): T {
  if (response.status < 200 || response.status >= 300) throw errorFor(response);
  return parseAnswer(schema, response.text, what);
}

/** An error the same request would get again: never retried. */
export function fatalError(message: string, status: number): ApiError {
  return new ApiError(message, { status, retryable: false });
}

/**
 * The details of an error status: retryable (408, 429, 500, 502, 503, 504) unless the caller
 * knows better, ambiguous for the statuses after which a POST may have been carried out, throttled for
 * 429, and the server's Retry-After.
 */
export function statusErrorDetails(
  response: HttpResponse,
  retryable = RETRYABLE_STATUS.has(response.status)
): ApiError['details'] {
  const { status } = response;
  return {
    status,
    retryable,
    ambiguous: AMBIGUOUS_STATUS.has(status),
    throttled: status === 429,
    retryAfterMs: parseRetryAfter(response.headers['retry-after'], serverNow(response))
  };
}

/**
 * When the answer was sent by the server's clock (its Date header), else when it arrived by ours:
 * a Retry-After date is on the server's clock, which need not agree with the runner's.
 */
function serverNow(response: HttpResponse): number {
  return serverDate(response) ?? response.receivedAt;
}

/**
 * The error for a redirect, which is never followed (so that the token is never sent elsewhere);
 * undefined when the answer is not one. `api` starts the message, e.g. "The Devin API".
 */
export function redirectError(api: string, what: string, response: HttpResponse): ApiError | undefined {
  const { status } = response;
  if (status < 300 || status >= 400) return undefined;
  const location = response.headers.location;
  const target = location ? redirectTarget(location) : 'an unnamed location';
  return fatalError(
    `${api} answered ${what} with a redirect (${status}) to ${target}. ` +
      'The action does not follow redirects, so the token is never sent elsewhere; set api_url to the final address.',
    status
  );
}

/**
 * FastAPI/pydantic's validation issues on one line, `body.provider: Input should be …; …`. The
 * transport has redacted the run's secrets from the body they came in (`loc` and `msg` alike).
 */
export function formatValidationIssues(issues: readonly { loc: readonly (string | number)[]; msg: string }[]): string {
  return issues
    .slice(0, 5)
    .map(item => `${serverText(item.loc.join('.'), 80)}: ${serverText(item.msg)}`)
    .join('; ');
}

/** The schema of one such issue, shared by the APIs' error bodies. */
export const validationIssueSchema = z.object({ loc: z.array(z.union([z.string(), z.number()])), msg: z.string() });

/** The start of an answer's body (its secrets redacted by the transport) on one line, for a message. */
export function bodyExcerpt(text: string): string {
  return serverText(text, BODY_EXCERPT).trim() || '(empty body)';
}

function redirectTarget(location: string | string[]): string {
  const value = Array.isArray(location) ? location[0] : location;
  try {
    return `host ${serverText(new URL(value).host, 100)}`;
  } catch {
    return 'another path on the same host';
  }
}
