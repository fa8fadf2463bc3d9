import packageJson from '../../package.json' with { type: 'json' };
import * as http from 'node:http';
import * as https from 'node:https';
import { HttpClient } from '@actions/http-client';
import { realTimer, systemClock, type Clock } from './clock.js';
import { ApiError, errorText } from './errors.js';
import { Secrets } from './untrusted.js';

/** What every request of the actions says it comes from. */
export const USER_AGENT = `snapshot-build-action/${packageJson.version}`;

export type HttpMethod = 'GET' | 'POST' | 'PATCH';

export interface HttpRequest {
  method: HttpMethod;
  /** Path and query below the base URL, e.g. `/v3beta1/organizations/org-1/...?first=20`. */
  path: string;
  /** Serialised as JSON when present. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Limit for the whole attempt: connect, send, headers and body. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  /** When the answer came, on the transport's clock: what a Retry-After date is read against. */
  receivedAt: number;
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export interface HttpTransportOptions {
  baseUrl: string;
  token: string;
  userAgent: string;
  /** Called with one line per request: method, path, status, time. Never headers or bodies. */
  debug?: (line: string) => void;
  /** The run's secrets, redacted from every answer as it arrives; the token is added to them. */
  secrets?: Secrets;
  /** Dates answers, and times attempts out (on real time unless it has a timer); default the system's. */
  clock?: Pick<Clock, 'now' | 'timer'>;
}

/** When the server sent `response`, by its own clock (the Date header); undefined without a readable one. */
export function serverDate(response: Pick<HttpResponse, 'headers'>): number | undefined {
  const date = Date.parse(String(response.headers.date));
  return Number.isNaN(date) ? undefined : date;
}

/** Larger answers are cut off: a page of 200 builds is well under 100 KB. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * One HTTP attempt against one origin. We own this layer rather than use HttpClient's request
 * methods because those follow redirects with the Authorization header to any host and retry
 * without honouring Retry-After. From @actions/http-client we only take the agent, which routes
 * through the runner's proxy settings (https_proxy / no_proxy) on self-hosted runners.
 *
 * Redirects are never followed: a 3xx is returned like any other status for the caller to refuse.
 * The token (when there is one) is only ever put in the Authorization header of requests to `baseUrl`, and every
 * answer reaches the caller with the run's secrets redacted.
 */
export class HttpTransport {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly secrets: Secrets;
  private readonly clock: Required<Pick<Clock, 'now' | 'timer'>>;

  constructor(private readonly options: HttpTransportOptions) {
    this.base = new URL(options.baseUrl);
    this.agent = new HttpClient(options.userAgent, undefined, { keepAlive: false }).getAgent(this.base.href);
    this.secrets = options.secrets ?? new Secrets();
    const clock = options.clock ?? systemClock;
    this.clock = { now: clock.now, timer: clock.timer ?? realTimer };
    this.secrets.add(options.token);
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const url = new URL(this.base.pathname.replace(/\/$/, '') + request.path, this.base.origin);
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': this.options.userAgent,
      ...request.headers,
      // No token, no header: an API that takes anonymous requests (GitHub's) gets none.
      ...(this.options.token && { Authorization: `Bearer ${this.options.token}` })
    };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const started = Date.now();
    const label = `${request.method} ${url.pathname}${url.search}`;
    try {
      const response = await this.exchange(url, request, headers, body);
      this.options.debug?.(`${label} -> ${response.status} (${Date.now() - started} ms)`);
      return response;
    } catch (error) {
      this.options.debug?.(`${label} -> failed (${Date.now() - started} ms)`);
      throw error;
    }
  }

  private exchange(
    url: URL,
    request: HttpRequest,
    headers: Record<string, string>,
    body: string | undefined
  ): Promise<HttpResponse> {
    const module = url.protocol === 'https:' ? https : http;
    const what = `${request.method} ${url.pathname}`;
    return new Promise((resolve, reject) => {
      let sent = false;
      let settled = false;
      const fail = (error: ApiError): void => {
        if (settled) return;
        settled = true;
        stopTimer();
        request.signal?.removeEventListener('abort', onAbort);
        req.destroy();
        reject(error);
      };
      const req = module.request(url, { method: request.method, headers, agent: this.agent }, res => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            fail(new ApiError(`${what}: the answer is larger than ${MAX_BODY_BYTES} bytes`, { retryable: false }));
          } else {
            chunks.push(chunk);
          }
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          stopTimer();
          request.signal?.removeEventListener('abort', onAbort);
          // Redacted as it arrives, so that no secret the server echoes reaches any message.
          resolve({
            receivedAt: this.clock.now(),
            status: res.statusCode ?? 0,
            headers: this.secrets.redactAll(res.headers),
            text: this.secrets.redactBody(Buffer.concat(chunks).toString('utf8'))
          });
        });
        res.on('error', error => fail(networkError(what, error, true)));
        res.on('aborted', () => fail(networkError(what, new Error('connection closed mid-answer'), true)));
      });
      const stopTimer = this.clock.timer(Math.max(0, request.timeoutMs), () =>
        fail(
          new ApiError(`${what}: no complete answer within ${Math.round(request.timeoutMs / 100) / 10}s`, {
            retryable: true,
            ambiguous: sent
          })
        )
      );
      // Says why it was stopped (the signal's reason), not just that it was.
      const onAbort = (): void =>
        fail(new ApiError(`${what}: ${errorText(request.signal?.reason)}`, { retryable: false, ambiguous: sent }));
      if (request.signal?.aborted) return onAbort();
      request.signal?.addEventListener('abort', onAbort, { once: true });
      req.on('finish', () => (sent = true));
      req.on('error', error => fail(networkError(what, error, sent)));
      req.end(body);
    });
  }
}

function networkError(what: string, error: Error, sent: boolean): ApiError {
  const code = (error as NodeJS.ErrnoException).code;
  // A refused connection never reached the server; anything after sending may have been processed.
  return new ApiError(`${what}: ${error.message}`, {
    retryable: true,
    ambiguous: sent && code !== 'ECONNREFUSED'
  });
}
