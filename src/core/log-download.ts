import { randomBytes } from 'node:crypto';
import { createWriteStream, rm } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { HttpClient } from '@actions/http-client';
import { ActionError } from './errors.js';
import { isLoopbackHttp } from './loopback.js';
import { serverLines, serverText, type Secrets } from './untrusted.js';

/** The whole log is written to a file up to this size; past it the file ends and says so. */
export const LOG_FILE_MAX_BYTES = 50 * 1024 * 1024;
/** A log line longer than this is cut: a tail line is for reading, the file has the rest. */
const LOG_LINE_MAX_CHARS = 2000;
/** Kept past the cut until the line is redacted, so that a secret across the cut is redacted whole. */
const REDACTION_MARGIN_CHARS = 4096;
/** A part of the URL shorter than this ("/", "?a=1") is no secret, and masking it would hide ordinary text. */
const SECRET_MIN_CHARS = 16;

export interface LogDownload {
  /** The last lines, each through the sanitizing boundary, the first saying how many were left out. */
  tail: string[];
  path: string;
  /** The log was longer than LOG_FILE_MAX_BYTES: the file holds its start (the tail is still its end). */
  truncated: boolean;
}

export interface LogDownloadOptions {
  /** How many lines to keep in memory, whatever the log's size. */
  lines: number;
  /** Where the file goes: the runner's temporary folder. */
  directory: string;
  timeoutMs: number;
  signal?: AbortSignal;
  userAgent: string;
  /** `http://` to a loopback address is allowed only when the API itself is one (a test). */
  allowLoopbackHttp: boolean;
  /** The run's secrets: the URL and its long parts are added once it is checked to be a URL; lines are redacted. */
  secrets: Secrets;
  /** Masks a secret in everything the runner prints from now on. */
  mask: (secret: string) => void;
}

/** Why a log could not be had, in words that name no part of the URL (it is a credential while it lives). */
export class LogUnavailableError extends ActionError {
  override name = 'LogUnavailableError';
}

/**
 * Downloads a presigned log URL on its own path, not the API's transport: no Authorization header
 * (the URL is the credential, masked and redacted once checked), https only (http only to a
 * loopback address, and only when the API is on one: a test), redirects
 * refused, the runner's proxy for the log's host, one timeout for the whole download. The log is
 * streamed to a file whose name does not come from the build id, up to LOG_FILE_MAX_BYTES, while
 * only the last `lines` lines stay in memory. Errors name the host at most, never the path or query.
 */
export async function downloadLog(presignedUrl: string, options: LogDownloadOptions): Promise<LogDownload> {
  let url: URL;
  try {
    url = new URL(presignedUrl);
  } catch {
    throw new LogUnavailableError('the logs endpoint answered with a URL that cannot be read');
  }
  const secure = url.protocol === 'https:';
  if (!secure && !(options.allowLoopbackHttp && isLoopbackHttp(url))) {
    throw new LogUnavailableError(
      `the logs endpoint answered with a URL that is not https (${serverText(url.protocol, 20)})`
    );
  }
  for (const part of [presignedUrl, url.href, url.pathname + url.search, url.pathname, url.search.slice(1)]) {
    if (part.length < SECRET_MIN_CHARS) continue;
    options.mask(part);
    options.secrets.add(part);
  }
  // The host is the API's text too; the path and the query are never shown at all.
  const host = serverText(url.host, 100);
  const path = join(options.directory, `snapshot-build-log-${randomBytes(6).toString('hex')}.txt`);
  const agent = new HttpClient(options.userAgent, undefined, { keepAlive: false }).getAgent(url.href);
  const module = secure ? https : http;
  return new Promise((resolve, reject) => {
    const file = createWriteStream(path);
    const tail = new TailBuffer(options.lines, lines => options.secrets.redactLines(lines));
    let settled = false;
    let written = 0;
    let cut = false;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      // No half log is left behind: log_path is empty when there is no log.
      file.destroy();
      file.once('close', () => rm(path, { force: true }, () => undefined));
      reject(new LogUnavailableError(why));
    };
    const finish = (truncated: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (truncated) file.write(`\n[log cut here: it is longer than ${LOG_FILE_MAX_BYTES} bytes]\n`);
      file.end(() => resolve({ tail: tail.lines(), path, truncated }));
    };
    const request = module.get(url, { agent, headers: { 'User-Agent': options.userAgent } }, response => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400)
        return fail(`the log's host (${host}) answered with a redirect (${status}), which is not followed`);
      if (status !== 200) return fail(`the log's host (${host}) answered ${status}`);
      response.on('data', (chunk: Buffer) => {
        if (settled) return;
        // Past the cap the file ends, but the tail reads on: a build's failure is at the log's end.
        tail.push(chunk);
        const room = LOG_FILE_MAX_BYTES - written;
        if (chunk.length > room) cut = true;
        if (room <= 0) return;
        const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
        written += part.length;
        // Backpressure: a slow disk must not make the log pile up in memory.
        if (!file.write(part)) {
          response.pause();
          file.once('drain', () => response.resume());
        }
      });
      response.on('end', () => finish(cut));
      response.on('error', () => fail(`the download from ${host} broke off`));
    });
    request.on('error', error =>
      fail(`the download from ${host} failed (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
    );
    file.on('error', error => fail(`the log could not be written to the runner's disk (${error.message})`));
    const timer = setTimeout(
      () => fail(`the download from ${host} did not finish within ${Math.round(options.timeoutMs / 1000)}s`),
      options.timeoutMs
    );
    options.signal?.addEventListener('abort', () => fail('the download was stopped'), { once: true });
  });
}

/**
 * The last `capacity` lines of a byte stream, decoded as UTF-8 (invalid bytes replaced), each cut
 * as it comes (to LOG_LINE_MAX_CHARS once redacted), in a ring: memory stays bounded however long
 * the log or its lines.
 */
class TailBuffer {
  private readonly decoder = new StringDecoder('utf8');
  private readonly ring: string[] = [];
  private next = 0;
  private total = 0;
  private current = '';

  constructor(
    private readonly capacity: number,
    private readonly redact: (lines: readonly string[]) => string[]
  ) {}

  push(bytes: Buffer): void {
    const text = this.decoder.write(bytes);
    let start = 0;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', start)) {
      this.append(text.slice(start, at));
      this.endLine();
      start = at + 1;
    }
    this.append(text.slice(start));
  }

  /** The kept lines redacted together, then through the sanitizing boundary, one each (a CR or other break inside becomes a space). */
  lines(): string[] {
    this.append(this.decoder.end());
    if (this.current) this.endLine();
    const oldestFirst = [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
    const cleaned = this.redact(oldestFirst).map(line =>
      serverLines(line, { maxLines: Infinity, maxLineChars: LOG_LINE_MAX_CHARS }).join(' ')
    );
    const left = this.total - oldestFirst.length;
    return left ? [`… ${left} earlier ${left === 1 ? 'line' : 'lines'} left out`, ...cleaned] : cleaned;
  }

  private append(text: string): void {
    const keep = LOG_LINE_MAX_CHARS + REDACTION_MARGIN_CHARS;
    if (this.current.length < keep) this.current += text.slice(0, keep - this.current.length);
  }

  private endLine(): void {
    this.total++;
    if (this.capacity > 0) {
      this.ring[this.next] = this.current;
      this.next = (this.next + 1) % this.capacity;
    }
    this.current = '';
  }
}
