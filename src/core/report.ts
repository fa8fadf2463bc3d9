import type { BuildView } from './build.js';
import { formatDuration } from './duration.js';
import { buildDuration, type BuildLog, type GateState } from './gate/state.js';
import { isoTime } from './outputs.js';
import { capitalize } from './text.js';
import { boundedSummary, summaryText } from './untrusted.js';

/** The summary shows the end of the log: enough to see why a build failed, short enough to read. */
export const SUMMARY_LOG_LINES = 30;
/** The timeline keeps its last rows: a status that changes at every poll must not push out the rest. */
export const SUMMARY_TIMELINE_ROWS = 100;
/** A message line holds several server values (each bounded on its own) and the words around them. */
const MESSAGE_LINE_MAX_CHARS = 1000;
/** Input errors are one line per input; more lines than this are a stack trace, whose top is what helps. */
const MESSAGE_MAX_LINES = 40;

/**
 * The job summary, as GitHub-flavoured Markdown of at most SUMMARY_MAX_BYTES: the verdict in the
 * heading, then the run's message, the build's facts, the end of its log and its status timeline.
 * A run that stopped on an error before a verdict (an input or API error) shows that error, one
 * list item per line of `message` (an InputError has one line per problem), and what it knew of a
 * build, if anything. When the step failed (`failed`), the message says why, whatever the verdict.
 * Every server value goes through summaryText, so that none can add markup, a heading or a table row.
 */
export function gateSummary(title: string, state: GateState, message: string | undefined, failed = false): string {
  const lines = [`## ${heading(title, state, failed)}`, ''];
  if (state.prepared) lines.push(summaryText(state.prepared.summary, MESSAGE_LINE_MAX_CHARS), '');
  if (state.result === undefined) {
    lines.push(...problems(message ?? '').map(line => `- ${line}`), '');
  } else if ((state.result !== 'success' || failed) && message) {
    // A success that passes needs no more than the heading; otherwise the message says why, and what
    // became of the build. Its only line breaks would be a server value's: it stays one line.
    lines.push(`> ${summaryText(message, MESSAGE_LINE_MAX_CHARS)}`, '');
  }
  if (state.build) lines.push(...buildFacts(state, state.build), '');
  if (state.log) lines.push(...logSection(state.log, state.result === 'failure'));
  if (state.timeline.length) lines.push(...timelineSection(state));
  return boundedSummary(lines.join('\n'));
}

/** The lines of an error message, each escaped, at most MESSAGE_MAX_LINES of them. */
function problems(message: string): string[] {
  const all = message.split(/\r\n|[\n\r]/).filter(line => line.trim() !== '');
  const shown = all.slice(0, MESSAGE_MAX_LINES).map(line => summaryText(line, MESSAGE_LINE_MAX_CHARS));
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
function buildFacts(state: GateState, build: BuildView): string[] {
  const trigger = build.trigger ? ` (trigger: ${summaryText(build.trigger)})` : '';
  const facts = [`**Build:** ${summaryText(build.id)}${trigger}`, `**Status:** ${summaryText(build.status)}`];
  if (state.superseded.length) {
    facts.push(
      `**Superseded:** ${state.superseded.map(id => summaryText(id)).join(', ')}; the verdict is about this build's ` +
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
    facts.push(`**Not pinned:** ${state.pin.error ? summaryText(state.pin.error) : 'the pin failed'}`);
  }
  if (state.pinnedElsewhere !== undefined) {
    facts.push(
      `**Not pinned:** the organization is pinned to build ${summaryText(state.pinnedElsewhere)}, ` +
        'which new sessions keep using'
    );
  }
  // The backend's own facts (e.g. active): from its after-success check, else as the build was last seen.
  for (const [name, value] of Object.entries({ ...build.outputs, ...state.afterSuccessOutputs })) {
    if (value) facts.push(`**${outputLabel(name)}:** ${inWords(value)}`);
  }
  return facts.map(fact => `- ${fact}`);
}

/** `true` and `false` as a person says them; any other value as the server wrote it, escaped. */
function inWords(value: string): string {
  if (value === 'true' || value === 'false') return value === 'true' ? 'yes' : 'no';
  return summaryText(value);
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
function logSection(log: BuildLog, open: boolean): string[] {
  const notes = [
    log.truncated ? 'the download stopped at its size cap, so this is not the end of the log' : '',
    // The runner's temporary folder is gone when the job ends: say how to keep the file, not where it was.
    log.path
      ? 'the whole log is in the file the log_path output names: upload it with actions/upload-artifact to keep it'
      : ''
  ].filter(Boolean);
  const tail = log.tail.slice(-SUMMARY_LOG_LINES);
  if (!tail.length) {
    const why = log.unavailable ? `not available: ${summaryText(log.unavailable)}` : 'empty';
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
