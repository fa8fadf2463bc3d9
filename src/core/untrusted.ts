/**
 * The one boundary for text from a remote API (ids, statuses, error bodies, validation details,
 * log text): nothing the server sends reaches a log line, an annotation, an output or the job
 * summary without passing through here. Secrets are redacted first (`Secrets`), then server text is
 * cleaned into plain bounded lines (`serverText`, `serverLines`); each sink then applies its own
 * rule: the step log neutralizes runner commands (`commandSafe`: the runner reads `::command::` at
 * the start of a line and `##[command]` anywhere in one), the summary escapes Markdown
 * (`summaryText`), and an output holds a value exactly or not at all (`exactOutput`).
 */
import { randomBytes } from 'node:crypto';
import { ActionError } from './errors.js';
import { ESCAPE_SEQUENCE, looseForm } from './text-forms.js';

/** One server value in a message: a status or a detail fits; a hostile one cannot flood the log. */
export const SERVER_TEXT_MAX_CHARS = 200;
/** An output holds an id or a status; the bound keeps a job's outputs far under the runner's 1 MB. */
export const OUTPUT_MAX_CHARS = 1000;
/** GitHub refuses a step summary over 1 MiB and then shows none of it; half leaves room for all else the step writes. */
export const SUMMARY_MAX_BYTES = 512 * 1024;
/** The form the build_id input must have; an id from the server is held to it too. */
export const BUILD_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/**
 * How many UTF-16 units of input are read per character of output: room for the escape
 * sequences and spaces that cleaning removes, while the work stays proportional to the limit.
 */
const INPUT_UNITS_PER_CHAR = 8;

/** C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidi controls that reorder shown text. */
// eslint-disable-next-line no-control-regex -- finding control characters is what it is for
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** Half of a surrogate pair without the other half: not text, and not valid UTF-8 once written. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** A colon that would make `::`, and a `#` that would make `##[`: the markers of runner commands. */
const COMMAND_MARKER = /:(?=:)|#(?=#\[)/g;
/** A zero-width space between the two characters of a marker: invisible, and no longer a marker. */
const MARKER_BREAK = '\u200b';
const LINE_BREAK = /\r\n|[\n\v\f\r\x85\u2028\u2029]/g;

/** What stands for a text dropped because it held a secret in a changed form, whose place in it cannot be told. */
export const SECRET_LEFT_OUT = '[left out: it held a secret]';
/**
 * Shorter secrets are redacted by their exact text only: compared in the loose form (case folded,
 * spaces dropped) they would match ordinary words. A real token or presigned URL is far longer.
 */
const LOOSE_MATCH_MIN_CHARS = 8;
/**
 * How much of one text is compared in its loose form: every sink shows far less of a text than this
 * from its start (serverText reads 8 units a character it shows), so a changed form past it is never
 * shown, and a 5 MB answer costs no more than a short one.
 */
const LOOSE_CHECK_MAX_UNITS = 64 * 1024;

/**
 * The run's secrets: the token, and a presigned log URL with its long parts once it is known.
 * `redact` replaces each with *** in text that may carry server words, before that text is cleaned
 * or escaped: cleaning can break a secret (a cut, a marker break) and escaping can spell it so
 * that the runner's mask no longer matches it (`cog_` as `cog&#95;`). A text that still holds one
 * in a changed form (split by a line break or a control character, in other letter case, as HTML
 * character references, or as JSON or percent escapes) is dropped whole (SECRET_LEFT_OUT): such a
 * form is found by comparing loose forms (`looseForm`), which cannot say where in the text it is.
 */
export class Secrets {
  private values: string[] = [];
  /** The loose forms of the secrets long enough to be compared so. */
  private loose: string[] = [];

  add(secret: string): void {
    if (!secret || this.values.includes(secret)) return;
    // Longest first, so that a part is never redacted out of a whole it belongs to.
    this.values = [...this.values, secret].sort((a, b) => b.length - a.length);
    this.loose = this.values.map(looseForm).filter(form => form.length >= LOOSE_MATCH_MIN_CHARS);
  }

  /** `text` with each secret replaced by ***; SECRET_LEFT_OUT when it still holds one in a changed form. */
  redact = (text: string): string => {
    const exact = this.replaceExact(text);
    return this.holdsChangedForm(exact) ? SECRET_LEFT_OUT : exact;
  };

  /**
   * Lines of one text (a log's tail), each redacted, and each of consecutive lines that together
   * hold a secret in a changed form (a line break inside it) dropped too.
   */
  redactLines(lines: readonly string[]): string[] {
    const redacted = lines.map(this.redact);
    if (!this.loose.length) return redacted;
    const forms = redacted.map(looseForm);
    const longest = Math.max(...this.loose.map(form => form.length));
    for (let first = 0; first < forms.length; first++) {
      let joined = forms[first];
      // A secret that starts in `first` ends within the next `longest` loose characters.
      for (let last = first + 1, after = 0; last < forms.length && after < longest; last++) {
        joined += forms[last];
        after += forms[last].length;
        if (!this.loose.some(form => joined.includes(form))) continue;
        for (let line = first; line <= last; line++) redacted[line] = SECRET_LEFT_OUT;
        break;
      }
    }
    return redacted;
  }

  /** Every string in `value` (keys too) redacted; a copy, `value` is left as it is. */
  redactAll<T>(value: T): T {
    return this.values.length ? (redactStrings(value, this.redact) as T) : value;
  }

  /**
   * An answer's body redacted: in its raw text, and in its JSON strings however they are escaped
   * (`"\u0063og_…"` parses to the token), each string that holds a secret in a changed form
   * dropped. A body whose JSON held a secret is re-serialized; a body that is no JSON (a gateway's
   * page, JSON cut short) and holds a secret in a changed form is dropped whole.
   */
  redactBody(text: string): string {
    const raw = this.replaceExact(text);
    if (!this.values.length) return raw;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return this.redact(raw); // not JSON (or nested past the stack): the text as one
    }
    const redacted = JSON.stringify(redactStrings(json, this.redact));
    return redacted === JSON.stringify(json) ? raw : redacted;
  }

  private replaceExact = (text: string): string => {
    for (const secret of this.values) if (text.includes(secret)) text = text.split(secret).join('***');
    return text;
  };

  private holdsChangedForm(text: string): boolean {
    if (!this.loose.length) return false;
    const form = looseForm(text.length > LOOSE_CHECK_MAX_UNITS ? text.slice(0, LOOSE_CHECK_MAX_UNITS) : text);
    return this.loose.some(secret => form.includes(secret));
  }
}

function redactStrings(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(item => redactStrings(item, redact));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), redactStrings(item, redact)]));
}

/**
 * Server text as one plain line fit for a message, an output or a summary: escape sequences
 * removed, control characters and line breaks made spaces, runs of spaces collapsed, and at most
 * `maxChars` code points (the last one `…` when cut). Idempotent. Runner command markers are the
 * step log's concern (`commandSafe`), not broken here, so that an output holds `bld::1` as it is.
 * Percent-encodings such as `%0A` are left as they are: nothing here decodes them.
 */
export function serverText(text: string, maxChars = SERVER_TEXT_MAX_CHARS): string {
  return clean(text, maxChars, true);
}

/**
 * A line for the step log (stdout): runner command markers broken by an invisible character, so
 * that no text in it, ours or the server's, is read as a command. Idempotent; for stdout only.
 */
export function commandSafe(line: string): string {
  return line.replace(COMMAND_MARKER, `$&${MARKER_BREAK}`);
}

/**
 * An output's value as it is, or '' (refused) when it is not one plain line within OUTPUT_MAX_CHARS
 * or holds a secret: an output is read by later steps as data, so it is never altered to make it fit.
 */
export function exactOutput(value: string | undefined, redact: (text: string) => string): string {
  if (!value || value.length > OUTPUT_MAX_CHARS || serverText(value, OUTPUT_MAX_CHARS) !== value) return '';
  return redact(value) === value ? value : '';
}

/**
 * Multi-line server text (a log tail) as lines, each cleaned like `serverText` but keeping its
 * indentation. Keeps the last `maxLines` lines; when some were left out, the first line says how many.
 */
export function serverLines(text: string, limits: { maxLines: number; maxLineChars: number }): string[] {
  const kept: [number, number][] = [];
  let total = 0;
  let start = 0;
  const keep = (end: number): void => {
    total++;
    kept.push([start, end]);
    if (kept.length > limits.maxLines) kept.shift();
  };
  for (const lineBreak of text.matchAll(LINE_BREAK)) {
    keep(lineBreak.index);
    start = lineBreak.index + lineBreak[0].length;
  }
  if (start < text.length) keep(text.length); // a final line break ends the last line; it does not start one
  const lines = kept.map(([from, to]) => clean(text.slice(from, to), limits.maxLineChars, false));
  const left = total - kept.length;
  return left ? [`… ${left} earlier ${left === 1 ? 'line' : 'lines'} left out`, ...lines] : lines;
}

/**
 * `lines` between `::stop-commands::TOKEN` and `::TOKEN::`, so that the runner reads none of them
 * as a command. The token is random, and drawn again while any line holds it: the runner matches
 * it ignoring case, as `::TOKEN::` or `##[TOKEN]`, and would resume reading commands there.
 * Each line should come from `serverLines`: the block stops commands, not terminal escapes.
 */
export function commandFreeBlock(lines: readonly string[], token = stopToken()): string[] {
  while (lines.some(line => line.toLowerCase().includes(token.toLowerCase()))) token = stopToken();
  return [`::stop-commands::${token}`, ...lines, `::${token}::`];
}

/**
 * Server text for the job summary, which is Markdown with HTML (the `core.summary` builders escape
 * nothing): cleaned like `serverText`, then every character that Markdown, GitHub's extensions
 * (tables, autolinks, math) or HTML could read as markup written as a character reference, which
 * both render as that character and nothing else. Apply once: `&` is escaped too.
 */
export function summaryText(text: string, maxChars = SERVER_TEXT_MAX_CHARS): string {
  return markupFree(serverText(text, maxChars));
}

/** `line` (one plain line, e.g. from `serverText`) with each character Markdown or HTML could read as markup written as a character reference. */
export function markupFree(line: string): string {
  return line.replace(/[&<>"'\\`*_~[\](){}#|!+\-.:@$=]/g, char => `&#${char.charCodeAt(0)};`);
}

/**
 * A job summary of at most `maxBytes` of UTF-8: cut at the end of a line, with a note saying so.
 * A build whose status changes at every poll would otherwise grow a timeline past GitHub's limit.
 */
export function boundedSummary(markdown: string, maxBytes = SUMMARY_MAX_BYTES): string {
  if (Buffer.byteLength(markdown) <= maxBytes) return markdown;
  const note = `\n_The rest of the summary is left out: it would have been over ${maxBytes} bytes._\n`;
  const head = Buffer.from(markdown)
    .subarray(0, maxBytes - Buffer.byteLength(note))
    .toString();
  return head.slice(0, head.lastIndexOf('\n') + 1) + note;
}

/**
 * A build id from the server, held to the form the build_id input must have, so that it can be
 * logged, set as an output and put in a URL. Otherwise an error; `api` starts it, e.g. "The Devin API".
 */
export function checkServerBuildId(id: string, api: string): string {
  if (BUILD_ID_PATTERN.test(id)) return id;
  throw new ActionError(
    `${api} answered with a build id that is not of the expected form ("${serverText(id, 80)}"); ` +
      "a build may have been created: check the organization's builds."
  );
}

function clean(text: string, maxChars: number, oneLine: boolean): string {
  const window = maxChars * INPUT_UNITS_PER_CHAR;
  const cutEarly = text.length > window;
  // Cut before any regular expression runs, so that a 2 MB status costs no more than a short one.
  let head = cutEarly ? text.slice(0, window) : text;
  if (cutEarly && /[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1); // not half a pair
  let line = head.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, ' ').replace(LONE_SURROGATE, '\ufffd');
  line = oneLine ? line.replace(/\s+/g, ' ').trim() : line.trimEnd();
  const chars = Array.from(line);
  if (!cutEarly && chars.length <= maxChars) return line;
  const kept = chars.slice(0, maxChars - 1).join('');
  return `${kept.trimEnd()}…`;
}

function stopToken(): string {
  return randomBytes(16).toString('hex');
}
