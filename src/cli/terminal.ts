// The command's sink for the run's lines: plain text on stderr. Every line passes the sanitizing
// boundary once more (serverLines), so that no control character or escape sequence from a server
// reaches the terminal, whatever message carries it, and no line is a workflow command (commandSafe:
// the command may itself run in a GitHub Actions step, whose log is its output). On a TTY the last line
// shows the elapsed time, rewritten in place; colour only on a TTY and without NO_COLOR.
import type { RunIO } from '../core/contract.js';
import { formatDuration } from '../core/duration.js';

type RunLog = RunIO['log'];
import { commandSafe, serverLines } from '../core/untrusted.js';

export interface TerminalStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface TerminalOptions {
  /** Colour the warning and error labels (a TTY without NO_COLOR). */
  color: boolean;
  /** Keep a last line with the elapsed time, rewritten in place (a TTY). */
  live: boolean;
  /** Print the debug lines. */
  verbose: boolean;
  now: () => number;
}

/** A line is at most this long on the terminal; a longer message is cut (the summary and --json hold the rest). */
const LINE_MAX_CHARS = 4000;
const LINES_MAX = 500;
const CLEAR_LINE = '\r\x1b[2K';
const COLORS = { red: 31, yellow: 33, dim: 2 } as const;

/** Whether to colour `stream`: a TTY, and no NO_COLOR (https://no-color.org: any non-empty value). */
export function wantsColor(stream: TerminalStream, env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR;
}

export class TerminalLog implements RunLog {
  private readonly startedAt: number;
  private liveShown = false;
  private ticker?: ReturnType<typeof setInterval>;

  constructor(
    private readonly stream: TerminalStream,
    private readonly options: TerminalOptions
  ) {
    this.startedAt = options.now();
  }

  info(text: string): void {
    this.print(text);
  }

  warning(text: string): void {
    this.print(text, this.paint('warning:', 'yellow'));
  }

  error(text: string): void {
    this.print(text, this.paint('error:', 'red'));
  }

  debug(text: string): void {
    if (this.options.verbose) this.print(text, this.paint('debug:', 'dim'));
  }

  group(title: string, lines: readonly string[]): void {
    this.print(title);
    this.print(lines.map(line => `  ${line}`).join('\n'));
  }

  /** Starts rewriting the elapsed time every second, on a live terminal. */
  start(): void {
    if (!this.options.live) return;
    this.ticker = setInterval(() => this.tick(), 1000);
    this.ticker.unref();
    this.tick();
  }

  /** Rewrites the last line with the time since the run started. */
  tick(): void {
    if (!this.options.live) return;
    const seconds = Math.round((this.options.now() - this.startedAt) / 1000);
    const elapsed = seconds ? formatDuration(seconds * 1000) : '0s';
    this.stream.write(`${CLEAR_LINE}${this.paint(`… ${elapsed} elapsed`, 'dim')}`);
    this.liveShown = true;
  }

  /** Removes the live line and stops its timer; the lines printed since stay. */
  stop(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
    this.clearLive();
  }

  private print(text: string, label?: string): void {
    this.clearLive();
    const lines = serverLines(text, { maxLines: LINES_MAX, maxLineChars: LINE_MAX_CHARS });
    for (const line of lines) this.stream.write(`${label ? `${label} ` : ''}${commandSafe(line)}\n`);
    if (this.ticker) this.tick();
  }

  private clearLive(): void {
    if (!this.liveShown) return;
    this.stream.write(CLEAR_LINE);
    this.liveShown = false;
  }

  private paint(text: string, color: keyof typeof COLORS): string {
    return this.options.color ? `\x1b[${COLORS[color]}m${text}\x1b[0m` : text;
  }
}
