import { z } from 'zod/mini';
import { parseDuration } from './duration.js';
import { InputError } from './errors.js';

/** Reads one input as the runner passes it (`core.getInput`): trimmed, '' when unset. */
export type InputReader = (name: string) => string;

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
const BOOLEAN: Record<string, boolean> = {
  true: true,
  True: true,
  TRUE: true,
  false: false,
  False: false,
  FALSE: false
};

const REQUIRED = 'is required but empty';

/** A required, non-empty string input. */
export const requiredText = z.string().check(z.minLength(1, REQUIRED));

/** A required input of a given form. */
export function requiredPattern(regex: RegExp, form: string) {
  return z.string().check(z.minLength(1, REQUIRED), z.regex(regex, `must be ${form}`));
}

/** An optional input of a given form; empty means unset. */
export function optionalPattern(regex: RegExp, form: string) {
  return z.pipe(
    z.string().check(z.refine(text => text === '' || regex.test(text), `must be ${form}`)),
    z.transform(text => text || undefined)
  );
}

const DURATION_FORM = 'a duration such as 90s, 15m, 1h30m or 500ms (a bare number means seconds)';

export function duration(form = DURATION_FORM, minimumMs = 1) {
  return z.pipe(
    z.string(),
    z.transform((text, context) => {
      const ms = parseDuration(text);
      if (ms === undefined || ms < minimumMs) {
        context.issues.push({ code: 'custom', input: text, message: `must be ${form}` });
        return z.NEVER;
      }
      return ms;
    })
  );
}

export const boolean = z.pipe(
  z.string(),
  z.transform((text, context) => {
    if (text in BOOLEAN) return BOOLEAN[text];
    context.issues.push({ code: 'custom', input: text, message: 'must be true or false' });
    return z.NEVER;
  })
);

/** An `https://` base URL, or `http://` to a loopback address for local testing. */
export const apiUrl = z.pipe(
  z.string(),
  z.transform((text, context) => {
    const fail = (): never => {
      context.issues.push({
        code: 'custom',
        input: text,
        message:
          'must be an https:// URL (http:// only to localhost, 127.0.0.0/8 or [::1]), with no credentials, query or fragment'
      });
      return z.NEVER;
    };
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return fail();
    }
    const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname));
    if (!allowed || url.username || url.password || url.search || url.hash) return fail();
    return url.origin + url.pathname.replace(/\/+$/, '');
  })
);

/**
 * Reads every input named in `schema` and validates them together, so that all mistakes are
 * reported at once, one line each, before any request is sent. Secret inputs are never echoed.
 */
export function readInputs<Shape extends z.core.$ZodShape>(
  schema: z.ZodMiniObject<Shape>,
  read: InputReader,
  options: { defaults?: Record<string, string>; secrets?: readonly string[] } = {}
): z.infer<z.ZodMiniObject<Shape>> {
  const raw: Record<string, string> = {};
  for (const name of Object.keys(schema.shape)) raw[name] = read(name) || options.defaults?.[name] || '';
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = new Map<string, string>();
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0]);
    if (lines.has(name)) continue; // the first problem with an input is the one to fix
    const shown = options.secrets?.includes(name) || raw[name] === '' ? '' : ` (got "${raw[name]}")`;
    lines.set(name, `Input "${name}" ${issue.message}${shown}.`);
  }
  throw new InputError([...lines.values()].join('\n'));
}

/** The inputs every build action shares, with their defaults as written in each action.yml. */
export const gateInputShape = {
  token: requiredText,
  timeout: duration(),
  poll_interval: duration(`${DURATION_FORM}, at least 100ms`, 100),
  wait: boolean,
  request_timeout: duration(`${DURATION_FORM}, at least 100ms`, 100)
};

export const GATE_INPUT_DEFAULTS: Record<string, string> = {
  timeout: '60m',
  poll_interval: '10s',
  wait: 'true',
  request_timeout: '30s'
};
