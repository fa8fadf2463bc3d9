/** Base of every error whose message is written for the user of the action. */
export class ActionError extends Error {
  override name = 'ActionError';
}

/** An input is missing or malformed; raised before any request is sent. */
export class InputError extends ActionError {
  override name = 'InputError';
}

/**
 * The API could not be used: an HTTP error, a network failure, an answer that is not what the
 * contract says. `retryable` says whether the same request may succeed if sent again.
 */
export class ApiError extends ActionError {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly details: {
      /** HTTP status, absent for network failures and timeouts. */
      status?: number;
      retryable: boolean;
      /** The request may have reached the server and been processed (matters for POSTs). */
      ambiguous?: boolean;
      /** Minimum wait the server asked for with Retry-After, in ms. */
      retryAfterMs?: number;
      /** The server asked us to slow down (429): retried until the deadline, not counted as a failure. */
      throttled?: boolean;
    }
  ) {
    super(message);
  }
}

/** The run's deadline (`timeout` input) passed before the build finished. */
export class DeadlineError extends ActionError {
  override name = 'DeadlineError';
}

/** The run was cancelled (workflow cancelled: SIGINT/SIGTERM). */
export class AbortedError extends ActionError {
  override name = 'AbortedError';
}

/**
 * An error as the user sees it, the one policy for every step: an ActionError's message, written for
 * them; anything else (a bug) as `Unexpected error: ` and its message. Its stack helps no user and the
 * runner shows each of its lines, so it goes to `debug`, line by line (the runner shows debug lines
 * with ACTIONS_STEP_DEBUG).
 */
export function describeError(error: unknown, debug: (line: string) => void): string {
  if (error instanceof ActionError) return error.message;
  if (error instanceof Error && error.stack) for (const line of error.stack.split('\n')) debug(line);
  return `Unexpected error: ${errorText(error)}`;
}

/** An error's message, or the thrown value as text when it is not an Error. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
