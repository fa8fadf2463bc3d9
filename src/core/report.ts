import type { BuildView } from './build.js';
import { formatDuration } from './duration.js';
import type { BuildLog, GateState } from './gate/state.js';
import { capitalize } from './text.js';
import { buildDuration, isoTime } from './time.js';
import { boundedSummary, markupFree, serverText, SERVER_TEXT_MAX_CHARS, summaryText } from './untrusted.js';

/** The summary shows the end of the log: enough to see why a build failed, short enough to read. */
export const SUMMARY_LOG_LINES = 30;
/** The timeline keeps its last rows: a status that changes at every poll must not push out the rest. */
export const SUMMARY_TIMELINE_ROWS = 100;
/** A message line holds several server values (each bounded on its own) and the words around them. */
const MESSAGE_LINE_MAX_CHARS = 1000;
/** Input errors are one line per input; more lines than this are a stack trace, whose top is what helps. */
const MESSAGE_MAX_LINES = 40;

/** One line of text for the summary, at most `maxChars` characters of it shown. */
type SummaryLine = (text: string, maxChars?: number) => string;

/**
 * The job summary, as GitHub-flavoured Markdown of at most SUMMARY_MAX_BYTES: the verdict in the
 * heading, then the run's message, the build's facts, the end of its log and its status timeline.
 * A run that stopped on an error before a verdict (an input or API error) shows that error, one
 * list item per line of `message` (an InputError has one line per problem), and what it knew of a
 * build, if anything. When the step failed (`failed`), the message says why, whatever the verdict.
 * Every server value goes through summaryText, so that none can add markup, a heading or a table row;
 * `ownValues`, what the run echoes from its own inputs (org_id, repo, file paths), stand as they are
 * in code spans wherever they appear (`withOwnValues`).
 */
export function gateSummary(
  title: string,
  state: GateState,
  message: string | undefined,
  { failed = false, ownValues = [] }: { failed?: boolean; ownValues?: readonly string[] } = {}
): string {
  const text: SummaryLine = (line, maxChars = SERVER_TEXT_MAX_CHARS) => withOwnValues(line, maxChars, ownValues);
  const lines = [`## ${heading(title, state, failed)}`, ''];
  if (state.prepared) lines.push(text(state.prepared.summary, MESSAGE_LINE_MAX_CHARS), '');
  if (state.result === undefined) {
    lines.push(...problems(message ?? '', text).map(line => `- ${line}`), '');
  } else if ((state.result !== 'success' || failed) && message) {
    // A success that passes needs no more than the heading; otherwise the message says why, and what
    // became of the build. Its only line breaks would be a server value's: it stays one line.
    lines.push(`> ${text(message, MESSAGE_LINE_MAX_CHARS)}`, '');
  }
  if (state.build) lines.push(...buildFacts(state, state.build, text), '');
  if (state.log) lines.push(...logSection(state.log, state.result === 'failure', text));
  if (state.timeline.length) lines.push(...timelineSection(state));
  return boundedSummary(lines.join('\n'));
}

/**
 * `line` for the summary with each of the run's own values in it (what the run echoes from its own
 * inputs) as it is, in a code span, and the rest through summaryText. The runner masks the summary
 * by exact text: a value escaped into character references (`org&#95;…`) would no longer match a
 * mask on it, while a code span holds it byte for byte and renders nothing in it as markup. A value
 * is shown whole or not at all: the line is cut before one that would not fit in `maxChars`.
 */
export function withOwnValues(line: string, maxChars: number, ownValues: readonly string[]): string {
  const values = [...new Set(ownValues.filter(value => value.trim() !== ''))].sort((a, b) => b.length - a.length);
  if (!values.length) return summaryText(line, maxChars);
  const escaped = values.map(value => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // Alternately text and values; values next to each other (no text between) make one code span.
  const pieces = line.split(new RegExp(`((?:${escaped.join('|')})+)`));
  let left = maxChars;
  let shown = '';
  for (const [index, piece] of pieces.entries()) {
    if (index % 2) {
      if (piece.length >= left) return `${shown}…`;
      shown += codeSpan(piece);
      left -= piece.length;
      continue;
    }
    const plain = serverText(piece, left);
    // serverText trims; a space next to a code span is kept, so that the span does not touch a word.
    const lead = index > 0 && /^\s/.test(piece) ? ' ' : '';
    shown += lead + markupFree(plain);
    left -= Array.from(lead + plain).length;
    const last = index === pieces.length - 1;
    // Full: serverText ended a cut piece with …; one that just fits is followed by one when more is left out.
    if (left <= 0 && !last) return plain.endsWith('…') ? shown : `${shown}…`;
    if (!last && plain && /\s$/.test(piece)) {
      shown += ' ';
      left--;
    }
  }
  return shown;
}

/**
 * `value` as a CommonMark code span, which shows it exactly: the fence is longer than any run of
 * backticks in it, and a value that starts or ends with a backtick or a space is padded with one
 * space on each side, which CommonMark strips (it strips one from each side when both are spaces).
 */
function codeSpan(value: string): string {
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map(run => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(value) ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** The lines of an error message, each escaped, at most MESSAGE_MAX_LINES of them. */
function problems(message: string, text: SummaryLine): string[] {
  const all = message.split(/\r\n|[\n\r]/).filter(line => line.trim() !== '');
  const shown = all.slice(0, MESSAGE_MAX_LINES).map(line => text(line, MESSAGE_LINE_MAX_CHARS));
  const leftOut = all.length - shown.length;
  return leftOut ? [...shown, `… ${leftOut} more ${leftOut === 1 ? 'line' : 'lines'} left out`] : shown;
}

function heading(title: string, state: GateState, failed: boolean): string {
  const took = state.build && buildDuration(state.build);
  const duration = took === undefined ? '' : formatDuration(took);
  switch (state.result) {
    case 'success': {
      const succeeded = `${title} succeeded${duration && ` in ${duration}`}`;
      if (notPinned(state)) return `⚠️ ${succeeded} but is not pinned`;
      return failed ? `⚠️ ${succeeded}, but the step failed` : `✅ ${succeeded}`;
    }
    case 'failure':
      return `❌ ${title} failed${duration && ` after ${duration}`}`;
    case 'timed_out':
      return `⏱️ ${title} timed out`;
    case 'cancelled':
      return `⚪ ${title} cancelled`;
    case 'triggered':
      return `🚀 ${title} started, not waited for`;
    case 'synced':
      return '🔄 Blueprint synced, no build';
    case 'uploaded':
      return '📤 Blueprint uploaded, no build';
    case 'inconclusive':
      // The message below says why: the blueprint changed meanwhile, or could not be read again.
      return `❔ ${title} inconclusive`;
    case undefined:
      return state.build ? `❌ ${title} could not be followed` : `❌ ${title} stopped on an error`;
  }
}

/** A successful build that new sessions will not use: the pin failed, or the org is pinned to another build. */
function notPinned(state: GateState): boolean {
  return state.pin?.pinned === false || state.pinnedElsewhere !== undefined;
}

/** The build as a list of facts in words, each only when it is known. */
function buildFacts(state: GateState, build: BuildView, text: SummaryLine): string[] {
  const trigger = build.trigger ? ` (trigger: ${text(build.trigger)})` : '';
  const facts = [`**Build:** ${text(build.id)}${trigger}`, `**Status:** ${text(build.status)}`];
  if (state.superseded.length) {
    facts.push(
      `**Superseded:** ${state.superseded.map(id => text(id)).join(', ')}; the verdict is about this build's ` +
        'blueprints, and this run never cancels or pins it'
    );
  }
  if (state.origin === 'found') {
    facts.push(
      '**Found, not started by this run:** the answer to its request was lost and this build appeared after it; ' +
        'another run may have made it, so this run never cancels or pins it'
    );
  }
  const created = readableTime(build.createdAt);
  const started = readableTime(build.startedAt, build.createdAt);
  const completed = readableTime(build.completedAt, build.startedAt ?? build.createdAt);
  if (created) facts.push(`**Created:** ${created}`);
  if (started) facts.push(`**Started:** ${started}${since(build.createdAt, build.startedAt, 'in the queue')}`);
  if (completed) {
    const ran = build.startedAt === undefined ? '' : 'running';
    facts.push(`**Finished:** ${completed}${since(build.startedAt ?? build.createdAt, build.completedAt, ran)}`);
  }
  if (state.pin?.pinned) facts.push('**Pinned:** yes, new sessions start from this build');
  if (state.pin?.pinned === false) {
    facts.push(`**Not pinned:** ${state.pin.error ? text(state.pin.error) : 'the pin failed'}`);
  }
  if (state.pinnedElsewhere !== undefined) {
    facts.push(
      `**Not pinned:** the organization is pinned to build ${text(state.pinnedElsewhere)}, ` +
        'which new sessions keep using'
    );
  }
  // The backend's own facts (e.g. active): from its after-success check, else as the build was last seen.
  for (const [name, value] of Object.entries({ ...build.outputs, ...state.afterSuccessOutputs })) {
    if (value) facts.push(`**${outputLabel(name)}:** ${inWords(value, text)}`);
  }
  return facts.map(fact => `- ${fact}`);
}

/** `true` and `false` as a person says them; any other value as the server wrote it, escaped. */
function inWords(value: string, text: SummaryLine): string {
  if (value === 'true' || value === 'false') return value === 'true' ? 'yes' : 'no';
  return text(value);
}

/** `is_active` and `active` both read "Active". */
function outputLabel(name: string): string {
  const words = name.replace(/^is_/, '').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** `2026-11-24 09:00:00 UTC`; the time alone when `previous` (the fact above it) is on the same date. */
function readableTime(ms: number | undefined, previous?: number): string | undefined {
  const iso = isoTime(ms);
  if (!iso) return undefined;
  const [date, time] = [iso.slice(0, 10), iso.slice(11, 19)];
  return isoTime(previous)?.startsWith(date) ? `${time} UTC` : `${date} ${time} UTC`;
}

/** `, after 20s in the queue`: how long after `from` the build reached `to`. */
function since(from: number | undefined, to: number | undefined, doing: string): string {
  if (from === undefined || to === undefined || to < from) return '';
  return `, after ${doing ? `${formatDuration(to - from)} ${doing}` : formatDuration(to - from)}`;
}

/**
 * The end of the log in a collapsible block, open after a failure. The lines are in a fenced code
 * block, which renders them as they are: no character in them is markup, so they are not escaped,
 * and the fence is longer than any run of backticks in them so that no line can close it.
 */
function logSection(log: BuildLog, open: boolean, text: SummaryLine): string[] {
  const notes = [
    log.truncated ? 'the download stopped at its size cap, so this is not the end of the log' : '',
    // The runner's temporary folder is gone when the job ends: say how to keep the file, not where it was.
    log.path
      ? 'the whole log is in the file the log_path output names: upload it with actions/upload-artifact to keep it'
      : ''
  ].filter(Boolean);
  const tail = log.tail.slice(-SUMMARY_LOG_LINES);
  if (!tail.length) {
    const why = log.unavailable ? `not available: ${text(log.unavailable)}` : 'empty';
    return [`**Build log:** ${why}${notes.length ? `; ${notes.join('; ')}` : ''}.`, ''];
  }
  const longestBackticks = Math.max(0, ...tail.flatMap(line => line.match(/`+/g) ?? []).map(run => run.length));
  const fence = '`'.repeat(Math.max(3, longestBackticks + 1));
  return [
    `<details${open ? ' open' : ''}>`,
    `<summary>Build log: the last ${tail.length === 1 ? 'line' : `${tail.length} lines`}</summary>`,
    '',
    `${fence}text`,
    ...tail,
    fence,
    '',
    ...(notes.length ? [`${capitalize(notes.join('; '))}.`, ''] : []),
    '</details>',
    ''
  ];
}

/** Each status the build was seen in: when (UTC), how long into the run (whole seconds), and the status. */
function timelineSection(state: GateState): string[] {
  const rows = state.timeline.slice(-SUMMARY_TIMELINE_ROWS);
  const leftOut = state.timeline.length - rows.length;
  return [
    '### Timeline',
    '',
    ...(leftOut ? [`_${leftOut} earlier ${leftOut === 1 ? 'status is' : 'statuses are'} left out._`, ''] : []),
    '| Seen at (UTC) | Into the run | Status |',
    '|---|---|---|',
    ...rows.map(({ elapsedMs, status }) => {
      const time = isoTime(Math.round((state.runStartedAt + elapsedMs) / 1000) * 1000)?.slice(11, 19) ?? '';
      return `| ${time} | ${wholeSeconds(elapsedMs)} | ${summaryText(status)} |`;
    }),
    ''
  ];
}

/** `0s`, `20s`, `4m35s`: the timeline's times are poll times, whose milliseconds say nothing. */
function wholeSeconds(ms: number): string {
  return ms < 500 ? '0s' : formatDuration(Math.round(ms / 1000) * 1000);
}
