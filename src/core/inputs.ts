import { z } from 'zod/mini';
import { defaultOf, type ActionDeclaration } from './declaration.js';
import { formatDuration, parseDuration } from './duration.js';
import { InputError } from './errors.js';
import { isLoopbackHttp } from './loopback.js';

/** Reads one input as the runner passes it (`core.getInput`): trimmed, '' when unset. */
export type InputReader = (name: string) => string;

/** The YAML 1.2 core schema's booleans, as `core.getBooleanInput` reads them; a Map, so that `toString` is no key. */
const BOOLEAN = new Map(
  Object.entries({ true: true, True: true, TRUE: true, false: false, False: false, FALSE: false })
);

const REQUIRED = 'is required but empty';

/** The longest a job can run (self-hosted runners; hosted ones stop at 6h): a longer timeout is a mistake. */
export const MAX_TIMEOUT_MS = 120 * 3_600_000;
/** Waiting over an hour between polls, or for one answer, would leave the build unwatched for most of a job. */
export const MAX_INTERVAL_MS = 3_600_000;

/** A required, non-empty string input. */
export const requiredText = z.string().check(z.minLength(1, REQUIRED));

/**
 * The API token: required, and one line of printable ASCII, the only text an HTTP header carries
 * safely; a secret pasted with a line break would otherwise fail later, in the request. Why one
 * may be empty is the spelling's to say (`emptySecret`).
 */
export const token = z.string().check(
  z.minLength(1, REQUIRED),
  z.regex(
    /^[\x20-\x7e]*$/,
    "must be one line of printable ASCII characters (no line break, control or non-ASCII character): check the secret's value"
  ),
  z.refine(text => !/^bearer\s/i.test(text), 'must be the credential alone: drop the "Bearer " in front of it')
);

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

interface DurationLimits {
  /** How the error describes the form, when the value is not a duration or too short. */
  form?: string;
  minimumMs?: number;
  maximumMs: number;
}

/** Between polls, or for one answer: at least 100ms, at most an hour. */
const INTERVAL: DurationLimits = {
  form: `${DURATION_FORM}, at least 100ms`,
  minimumMs: 100,
  maximumMs: MAX_INTERVAL_MS
};

/**
 * A duration input in milliseconds, at least `minimumMs` and at most `maximumMs`. Every input has a
 * maximum, below Node's timer range (2^31-1 ms, about 24.8 days), past which a timer fires at once.
 */
export function duration({ form = DURATION_FORM, minimumMs = 1, maximumMs }: DurationLimits) {
  return z.pipe(
    z.string(),
    z.transform((text, context) => {
      const ms = parseDuration(text);
      if (ms === undefined || ms < minimumMs) {
        context.issues.push({ code: 'custom', input: text, message: `must be ${form}` });
        return z.NEVER;
      }
      if (ms > maximumMs) {
        context.issues.push({ code: 'custom', input: text, message: `must be at most ${formatDuration(maximumMs)}` });
        return z.NEVER;
      }
      return ms;
    })
  );
}

export const boolean = z.pipe(
  z.string(),
  z.transform((text, context) => {
    const value = BOOLEAN.get(text);
    if (value !== undefined) return value;
    context.issues.push({ code: 'custom', input: text, message: 'must be true or false' });
    return z.NEVER;
  })
);

/** A whole number from `min` to `max`. */
export function integer(min: number, max: number) {
  return z.pipe(
    z.string(),
    z.transform((text, context) => {
      const value = /^\d+$/.test(text) ? Number(text) : NaN;
      if (value >= min && value <= max) return value;
      context.issues.push({ code: 'custom', input: text, message: `must be a whole number from ${min} to ${max}` });
      return z.NEVER;
    })
  );
}

/** One of a few words. */
export function oneOf<const Word extends string>(words: readonly Word[]) {
  return z.pipe(
    z.string(),
    z.transform((text, context): Word => {
      const word = words.find(known => known === text);
      if (word !== undefined) return word;
      context.issues.push({ code: 'custom', input: text, message: `must be one of ${words.join(', ')}` });
      return z.NEVER;
    })
  );
}

/** An `https://` base URL, or `http://` to a loopback address for local testing. */
export const apiUrl = z.pipe(
  z.string(),
  z.transform((text, context) => {
    const fail = (): never => {
      context.issues.push({
        code: 'custom',
        input: text,
        message:
          'must be an https:// URL (http:// only to localhost, 127.0.0.0/8 or [::1]), with no credentials, query or fragment',
        params: { shown: withoutCredentials(text) }
      });
      return z.NEVER;
    };
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      // No scheme at all (api.devin.ai): echo it and say what is missing, unless it may hold a credential.
      if (!text.includes('@') && !/^[a-z][a-z0-9+.-]*:/i.test(text) && text.trim()) {
        context.issues.push({
          code: 'custom',
          input: text,
          message: `must be an https:// URL: add the scheme, e.g. https://${text}`,
          params: { shown: text }
        });
        return z.NEVER;
      }
      return fail();
    }
    const allowed = url.protocol === 'https:' || isLoopbackHttp(url);
    if (!allowed || url.username || url.password || url.search || url.hash) return fail();
    return url.origin + url.pathname.replace(/\/+$/, '');
  })
);

/**
 * What an error may echo of a refused api_url: the text as written when it has no userinfo, query
 * or fragment, where credentials go, else its scheme, host and path; nothing when it is no URL with
 * a host (`user:pw@host` is read as scheme `user:`), or when what would be shown still holds an `@`.
 */
function withoutCredentials(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const shown =
    url.username || url.password || url.search || url.hash ? `${url.protocol}//${url.host}${url.pathname}` : text;
  return url.host && !shown.includes('@') ? shown : undefined;
}

/**
 * How messages name inputs, so that one message reads right wherever the inputs came from: an
 * action's step (`Input "org_id"`, `wait: false`) or the command line (`--org-id`, `--no-wait`).
 */
export interface InputSpelling {
  /** The input a message is about, as its first words: `Input "org_id"`, `--org-id (or DEVIN_ORG_ID)`. */
  subject(name: string): string;
  /** Another input a message mentions: `build_id`, `--build-id`. */
  name(name: string): string;
  /** An input set to a value: `wait: false`, `--no-wait`. */
  setting(name: string, value: string): string;
  /** Why a required secret may be empty, and where to set it: a sentence without its full stop. */
  emptySecret(name: string): string;
}

/** How an action's messages name its inputs: as a workflow's `with:` writes them. */
export const ACTION_SPELLING: InputSpelling = {
  subject: name => `Input "${name}"`,
  name: name => name,
  setting: (name, value) => `${name}: ${value}`,
  emptySecret: () =>
    "If the secret is set, note that workflows triggered from forks get no secrets, and Dependabot's runs only Dependabot secrets"
};

export interface ReadOptions<Name extends string> {
  /** The action's declaration: each input's default (applied to an empty value), and which are secrets. */
  declaration: ActionDeclaration<Name>;
  /** How the messages name the inputs; the action's way by default. */
  spelling?: InputSpelling;
}

/**
 * Reads every input named in `schema` and validates them together, so that all mistakes are
 * reported at once, one line each, before any request is sent. An empty input takes its declared
 * default. Secret inputs are never echoed; a custom issue with `params.shown` echoes that instead
 * of the value (nothing when undefined).
 */
export function readInputs<Shape extends z.core.$ZodShape>(
  schema: z.ZodMiniObject<Shape>,
  read: InputReader,
  { declaration, spelling = ACTION_SPELLING }: ReadOptions<keyof Shape & string>
): z.infer<z.ZodMiniObject<Shape>> {
  const names = Object.keys(schema.shape) as (keyof Shape & string)[];
  const raw: Record<string, string> = {};
  for (const name of names) raw[name] = read(name) || defaultOf(declaration.inputs[name]);
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  /** Why an empty input may be empty: a name the vendor's action used, or a secret the run does not get. */
  const emptyBecause = (name: keyof Shape & string): string => {
    const { renamedFrom, secret } = declaration.inputs[name];
    if (raw[name] !== '') return '';
    if (renamedFrom && read(renamedFrom)) {
      return `. The step passes ${spelling.name(renamedFrom)}, which this action calls ${spelling.name(name)}: rename it`;
    }
    return secret ? `. ${spelling.emptySecret(name)}` : '';
  };
  const lines = new Map<string, string>();
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0]) as keyof Shape & string;
    if (lines.has(name)) continue; // the first problem with an input is the one to fix
    const echoed = issue.code === 'custom' && issue.params && 'shown' in issue.params ? issue.params.shown : raw[name];
    const shown = declaration.inputs[name].secret || !echoed ? '' : ` (got "${echoed}")`;
    lines.set(name, `${spelling.subject(name)} ${issue.message}${shown}${emptyBecause(name)}.`);
  }
  throw new InputError([...lines.values()].join('\n'));
}

/** When the build's log is fetched and shown. */
export const SHOW_LOGS = ['on_failure', 'always', 'never'] as const;
export type ShowLogs = (typeof SHOW_LOGS)[number];

/**
 * The inputs as the gate takes them, in the one shape the schemas produce (durations in ms): the
 * shared ones as `gateInputShape` makes them (a new shared input is one more entry there), and
 * those an action has only where its API can do what they ask (cancel, logs, pin). The gate reads
 * no other.
 */
export type GateInputs = z.infer<z.ZodMiniObject<typeof gateInputShape>> & {
  api_url: string;
  /** Attach to this build instead of triggering one. */
  build_id?: string;
  cancel_on_timeout?: boolean;
  /** When the workflow run is cancelled, cancel the build before stopping. */
  cancel_on_abort?: boolean;
  show_logs?: ShowLogs;
  /** How many of the log's last lines to show. */
  log_lines?: number;
  /** After a success, pin the org to the build. */
  pin?: boolean;
  /** false: prepare the blueprints (sync, upload) and trigger no build. */
  build?: boolean;
};

/**
 * The inputs every build action shares (their defaults: GATE_INPUTS in declaration.ts). Parsed,
 * `timeout`, `poll_interval` and `request_timeout` hold ms under the inputs' names; what the gate
 * builds from them says so (GateRun's timeoutMs, pollIntervalMs, requestTimeoutMs; requestTimeoutMs
 * in a call's environment).
 */
export const gateInputShape = {
  token,
  timeout: duration({ maximumMs: MAX_TIMEOUT_MS }),
  poll_interval: duration(INTERVAL),
  wait: boolean,
  request_timeout: duration(INTERVAL)
};
