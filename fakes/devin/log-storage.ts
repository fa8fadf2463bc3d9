// The object storage behind the Devin logs endpoint: a second HTTP server on 127.0.0.1, on its own
// port, serving each build's log file at a presigned URL. Like a real bucket it wants no
// credentials but the URL's own signature: a request that carries an Authorization header is
// refused, and so is one after the URL has expired on the fake's clock.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { closeServer, listenOnLoopback } from '../server.js';

/** How long a presigned URL is valid. */
export const PRESIGNED_URL_TTL_MS = 10 * 60_000;

/**
 * A log file's content: text (written as UTF-8), raw bytes (e.g. invalid UTF-8), or `size` bytes
 * made of `line` repeated, generated while it is sent so that a 5 MB log costs no memory.
 */
export type LogContent = string | Uint8Array | { size: number; line: string };

/** A request the storage received. */
export interface LogRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** As node parses them: names lower-cased. */
  headers: Record<string, string | string[] | undefined>;
  /** Status sent. */
  status: number;
  /** Arrival time on the fake's clock (ms). */
  at: number;
}

interface StoredObject {
  content: LogContent;
  signature: string;
  expiresAt: number;
}

export class FakeLogStorage {
  readonly requests: LogRequest[] = [];
  private readonly objects = new Map<string, StoredObject>();
  private server: Server | undefined;
  private baseUrl: string | undefined;

  constructor(private readonly now: () => number) {}

  get url(): string {
    if (this.baseUrl === undefined) throw new Error('FakeLogStorage is not started');
    return this.baseUrl;
  }

  /** A new object holding `content`, and a URL that reads it until `expiresAt` (ms, fake's clock). */
  presign(content: LogContent): { url: string; expiresAt: number } {
    const key = randomBytes(8).toString('hex');
    const signature = randomBytes(16).toString('hex');
    const expiresAt = this.now() + PRESIGNED_URL_TTL_MS;
    this.objects.set(key, { content, signature, expiresAt });
    const query = new URLSearchParams({
      'X-Amz-Expires': String(PRESIGNED_URL_TTL_MS / 1000),
      'X-Amz-Signature': signature
    });
    return { url: `${this.url}/logs/${key}.log?${query}`, expiresAt };
  }

  async start(): Promise<string> {
    if (this.server) throw new Error('FakeLogStorage is already started');
    const server = createServer((request, response) => this.handle(request, response));
    this.server = server;
    const url = await listenOnLoopback(server);
    this.baseUrl = url;
    return url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await closeServer(server);
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const recorded: LogRequest = {
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      headers: { ...request.headers },
      status: 0,
      at: this.now()
    };
    this.requests.push(recorded);
    response.once('finish', () => (recorded.status = response.statusCode));
    request.resume();
    const url = new URL(recorded.url, 'http://storage');
    const object = this.objects.get(/^\/logs\/([0-9a-f]+)\.log$/.exec(url.pathname)?.[1] ?? '');
    if (!object || recorded.method !== 'GET') return refuse(response, 404, 'NoSuchKey');
    // Two ways of authenticating at once is refused, as S3 does; the token must never come here.
    if (request.headers.authorization !== undefined) return refuse(response, 403, 'AccessDenied');
    if (url.searchParams.get('X-Amz-Signature') !== object.signature) {
      return refuse(response, 403, 'SignatureDoesNotMatch');
    }
    if (this.now() >= object.expiresAt) return refuse(response, 403, 'AccessDenied', 'Request has expired');
    const { content } = object;
    const headers = { 'content-type': 'text/plain' };
    if (typeof content === 'string' || content instanceof Uint8Array) {
      const bytes = typeof content === 'string' ? Buffer.from(content) : content;
      response.writeHead(200, { ...headers, 'content-length': String(bytes.byteLength) }).end(bytes);
      return;
    }
    response.writeHead(200, { ...headers, 'content-length': String(content.size) });
    Readable.from(generated(content)).pipe(response);
  }
}

function refuse(response: ServerResponse, status: number, code: string, message = code): void {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  response.writeHead(status, { 'content-type': 'application/xml' }).end(xml);
}

/** `size` bytes of `line` repeated, in chunks of about 64 KiB. */
function* generated({ size, line }: { size: number; line: string }): Generator<Buffer> {
  const unit = Buffer.from(line);
  if (unit.byteLength === 0) throw new Error('a generated log needs a non-empty line');
  const chunk = Buffer.alloc(Math.max(unit.byteLength, 65_536 - (65_536 % unit.byteLength)));
  for (let at = 0; at < chunk.byteLength; at += unit.byteLength) unit.copy(chunk, at);
  for (let sent = 0; sent < size; sent += chunk.byteLength)
    yield chunk.subarray(0, Math.min(chunk.byteLength, size - sent));
}
