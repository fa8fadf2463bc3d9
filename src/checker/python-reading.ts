// What Python's YAML reader (PyYAML's safe_load, the likeliest reader of a Python service) accepts
// where the YAML 1.2 parser here stops: a comment right after a closing quote or bracket, a quoted
// value or a [ ] / { } value continued on lines indented no deeper than its key, a Unicode line
// separator (NEL, LS, PS), which PyYAML takes for a line break. Each was read with PyYAML 6.0.3.
// When every error of the file is one of these, the file is read again from a copy rewritten the
// way PyYAML reads it, of the same length (offsets and lines stay the file's), and each rewrite is
// a yaml-warning: a file PyYAML reads is never an error.
import { parseAllDocuments, type Document, type YAMLError } from 'yaml';
import { tokensOf, type Token } from './tokens.js';

/** Where the file was read the way PyYAML reads it, and why. */
export interface Rewrite {
  at: readonly [number, number];
  message: string;
}

export interface Reading {
  documents: Document.Parsed[];
  /** Empty when the YAML 1.2 parser read the file as it is (errors included). */
  rewrites: Rewrite[];
}

/**
 * Each round rewrites every error the parser reports up to the first it cannot (a value rewritten
 * goes on being read the next round, its errors after it may be its consequences): a file gets
 * this many rounds at most.
 */
const MAX_ROUNDS = 20;
const FLOW_MESSAGE =
  'A [ ] or { } value continues on a line indented no deeper than its key: YAML 1.2 readers refuse the file, PyYAML reads it; indent the continued lines further.';
/** Unicode line separators: text to YAML 1.2, a line break to PyYAML. */
const LINE_SEPARATORS = /[\u0085\u2028\u2029]/g;

/** The documents of `text`, read as PyYAML would when only the differences above stop the parser. */
export function readDocuments(text: string): Reading {
  const original = parse(text);
  if (original.every(document => document.errors.length === 0)) return { documents: original, rewrites: [] };
  // The separators are reported each by checkCharacters: here they only become line breaks.
  let current = text.replace(LINE_SEPARATORS, '\n');
  const rewrites: Rewrite[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const documents = current === text && round === 0 ? original : parse(current);
    const errors = documents.flatMap(document => document.errors).sort((a, b) => a.pos[0] - b.pos[0]);
    if (errors.length === 0) return { documents, rewrites };
    // Rewrites keep the text's length, so the round's offsets hold for each of them.
    const tokens = tokensOf(current);
    let next = current;
    let rewrittenTo = -1;
    for (const error of errors) {
      // An error inside a value this round rewrote is read again next round.
      if (error.pos[0] < rewrittenTo) continue;
      const rewrite = rewriteFor(current, error, tokens);
      if (!rewrite) break;
      next = next.slice(0, rewrite.from) + rewrite.replacement + next.slice(rewrite.from + rewrite.replacement.length);
      rewrittenTo = rewrite.from + rewrite.replacement.length;
      rewrites.push({ at: rewrite.at, message: rewrite.message });
    }
    // After such a [ ] or { }, the parser reports the next ones only as its errors' consequences,
    // one a round: they are found on the tokens instead.
    if (rewrites.at(-1)?.message === FLOW_MESSAGE) {
      for (const rewrite of underIndentedFlows(current, tokens, rewrittenTo)) {
        next =
          next.slice(0, rewrite.from) + rewrite.replacement + next.slice(rewrite.from + rewrite.replacement.length);
        rewrites.push({ at: rewrite.at, message: rewrite.message });
      }
    }
    // The first error is one PyYAML refuses too (or one not known to differ): the parser's reading stands.
    if (next === current) break;
    current = next;
  }
  return { documents: original, rewrites: [] };
}

function parse(text: string): Document.Parsed[] {
  // The documents are read as the parser builds them and never converted to values, so an alias
  // is never expanded (no billion laughs); the parser itself bounds how deep it nests.
  // (The cast undoes the library's distribution of its node union over Document: each is Parsed.)
  return parseAllDocuments(text, {
    prettyErrors: false,
    // Repeated keys are found by checkDuplicateKeys, in one pass: the parser compares each key with all before it.
    uniqueKeys: false
  }) as Document.Parsed[];
}

/** A rewrite: `replacement`, of the same length, for the text at `from`. */
interface Rewritten extends Rewrite {
  from: number;
  replacement: string;
}

function rewriteFor(text: string, error: YAMLError, tokens: readonly Token[]): Rewritten | undefined {
  const at = error.pos[0];
  if (error.code === 'MISSING_CHAR' && error.message.startsWith('Comments must be separated')) {
    // PyYAML takes a # for a comment wherever a token may end; YAML 1.2 wants a space before it.
    if (text[at] !== '#' || !`"']}`.includes(text[at - 1] ?? '')) return undefined;
    const end = lineEnd(text, at);
    return {
      from: at,
      replacement: ' '.repeat(end - at),
      at: [at, at + 1],
      message:
        'A comment (#) right after a quote or a bracket: YAML 1.2 readers refuse the file, PyYAML reads a comment; put a space before the #.'
    };
  }
  if (error.code === 'MISSING_CHAR' && /^Missing closing ["']quote/.test(error.message)) {
    const start = tokenStartAt(tokens, at, type => type === 'double-quoted-scalar' || type === 'single-quoted-scalar');
    const end = start === undefined ? undefined : quotedEnd(text, start);
    return end === undefined || start === undefined
      ? undefined
      : joined(
          text,
          start,
          end,
          'A quoted value continues on a line indented no deeper than its key: YAML 1.2 readers refuse the file, PyYAML reads it; indent the continued lines further, or write a block string (|).'
        );
  }
  if (error.code === 'BAD_INDENT' && error.message.includes('in block collection must be sufficiently indented')) {
    const start = tokenStartAt(tokens, at, type => type === 'flow-seq-start' || type === 'flow-map-start', true);
    const comments: Array<[number, number]> = [];
    const end = start === undefined ? undefined : flowEnd(text, start, comments);
    return end === undefined || start === undefined ? undefined : joined(text, start, end, FLOW_MESSAGE, comments);
  }
  return undefined;
}

/**
 * The [ ] and { } values in block context from `after` on that continue on a line indented no deeper
 * than the line they start on, as the parser refuses them, each rewritten on one line.
 */
function underIndentedFlows(text: string, tokens: readonly Token[], after: number): Rewritten[] {
  const found: Rewritten[] = [];
  let depth = 0;
  let skipTo = after;
  for (const { offset, type } of tokens) {
    const opens = type === 'flow-seq-start' || type === 'flow-map-start';
    if (type === 'flow-seq-end' || type === 'flow-map-end') depth = Math.max(0, depth - 1);
    if (!opens) continue;
    depth++;
    if (depth > 1 || offset < skipTo) continue;
    const comments: Array<[number, number]> = [];
    const end = flowEnd(text, offset, comments);
    if (end === undefined) continue;
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const indent = /^ */.exec(text.slice(lineStart))?.[0].length ?? 0;
    const continued = text.slice(offset, end).split('\n').slice(1);
    if (!continued.some(line => line.trim() !== '' && (/^ */.exec(line)?.[0].length ?? 0) <= indent)) continue;
    const rewrite = joined(text, offset, end, FLOW_MESSAGE, comments);
    if (!rewrite) continue;
    found.push(rewrite);
    skipTo = end;
  }
  return found;
}

/**
 * `text` with the value in [start, end) on one line: its line breaks and `comments` become spaces.
 * Undefined when PyYAML would refuse it as well: a document marker inside, or the value is a key.
 */
function joined(
  text: string,
  start: number,
  end: number,
  message: string,
  comments: ReadonlyArray<readonly [number, number]> = []
): Rewritten | undefined {
  const value = text.slice(start, end);
  if (/(?:^|[\r\n])(?:---|\.\.\.)(?:\s|$)/.test(value) || /^[ \t]*:/.test(text.slice(end))) return undefined;
  let flat = value;
  for (const [from, to] of comments)
    flat = flat.slice(0, from - start) + ' '.repeat(to - from) + flat.slice(to - start);
  flat = flat.replace(/[\r\n]/g, ' ');
  return { from: start, replacement: flat, at: [start, end], message };
}

function lineEnd(text: string, from: number): number {
  const end = text.slice(from).search(/[\r\n]/);
  return end === -1 ? text.length : from + end;
}

/**
 * The offset of the token of a wanted type that holds `at`: the quoted scalar the parser stopped
 * in; or, with `outermost`, the first [ or { still open at `at`.
 */
function tokenStartAt(
  tokens: readonly Token[],
  at: number,
  wanted: (type: Token['type']) => boolean,
  outermost = false
): number | undefined {
  const open: number[] = [];
  for (const [index, { offset, type }] of tokens.entries()) {
    if (offset > at) break;
    if (outermost) {
      if (wanted(type)) open.push(offset);
      else if (type === 'flow-seq-end' || type === 'flow-map-end') open.pop();
    } else if (wanted(type) && at <= (tokens[index + 1]?.offset ?? Infinity)) {
      return offset;
    }
  }
  return open[0];
}

/** Just past the closing quote of the quoted scalar at `start`, read as PyYAML does (any indentation). */
function quotedEnd(text: string, start: number): number | undefined {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (quote === "'" && text[i] === "'" && text[i + 1] === "'") i++;
    else if (text[i] === quote) return i + 1;
  }
  return undefined;
}

/** Just past the bracket that closes the [ or { at `start`, adding the comments inside to `comments`. */
function flowEnd(text: string, start: number, comments: Array<[number, number]>): number | undefined {
  let depth = 0;
  let previous = '[';
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === '#' && /\s/.test(text[i - 1])) {
      comments.push([i, lineEnd(text, i)]);
      i = lineEnd(text, i) - 1;
      continue;
    }
    // A quote opens a quoted value only where a value starts: after [ { , : or ?.
    if ((ch === '"' || ch === "'") && '[{,:?'.includes(previous)) {
      const end = quotedEnd(text, i);
      if (end === undefined) return undefined;
      i = end - 1;
    } else if (ch === '[' || ch === '{') {
      depth++;
    } else if (ch === ']' || ch === '}') {
      if (--depth === 0) return i + 1;
    }
    if (!/\s/.test(ch)) previous = ch;
  }
  return undefined;
}
