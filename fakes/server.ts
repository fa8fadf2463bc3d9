// What every fake API shares: real HTTP on 127.0.0.1, a log of the requests it received, a hook
// that may answer (or break) a request before the fake does, and a Date header on the fake's own
// clock. Each fake adds its API: how it answers a request, and for a build API (FakeApiServer) the
// builds created through it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** URL path without the query string. */
  path: string;
  query: Record<string, string>;
  /** As node parses them: names lower-cased. */
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Status sent; 0 while unanswered, or if the connection was destroyed without an answer. */
  status: number;
  /** Arrival time on the fake's clock (ms). */
  at: number;
}

/** An answer the fake has decided on, before it is written. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Called first for every request; returns true when it fully handled (answered or destroyed) it. */
export type RequestHook = (request: RecordedRequest, response: ServerResponse) => boolean | Promise<boolean>;

/** A fake of an HTTP API: what every fake shares. */
export abstract class FakeServer {
  readonly requests: RecordedRequest[] = [];
  /** The fault-injection or test hook; settable after construction for hooks that need the fake itself. */
  onRequest: RequestHook | undefined;
  /** The fake's clock (ms); its timestamps and Date headers follow it. */
  readonly now: () => number;
  private server: Server | undefined;
  private baseUrl: string | undefined;

  constructor(options: { now?: () => number; onRequest?: RequestHook }) {
    this.now = options.now ?? Date.now;
    this.onRequest = options.onRequest;
  }

  /**
   * Processes a request as the server would, side effects included (a POST creates its build),
   * without answering it: a hook decides what, if anything, reaches the client.
   */
  abstract reply(request: RecordedRequest): Reply;

  get url(): string {
    if (this.baseUrl === undefined) throw new Error(`${this.constructor.name} is not started`);
    return this.baseUrl;
  }

  /** Listens on 127.0.0.1 (port 0: any free port) and resolves the base URL. */
  async start(port = 0): Promise<string> {
    if (this.server) throw new Error(`${this.constructor.name} is already started`);
    const server = createServer((request, response) => void this.handle(request, response));
    this.server = server;
    try {
      const url = await listenOnLoopback(server, port);
      this.baseUrl = url;
      return url;
    } catch (error) {
      this.server = undefined;
      throw error;
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await closeServer(server);
  }

  /** Writes `reply` as the fake answers: JSON, with a Date header on the fake's clock. */
  send(response: ServerResponse, recorded: RecordedRequest, reply: Reply): void {
    const text = JSON.stringify(reply.body);
    // Set before answering so it is visible as soon as the client has the response.
    recorded.status = reply.status;
    response.writeHead(reply.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      date: new Date(this.now()).toUTCString(),
      ...reply.headers
    });
    response.end(text);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const url = new URL(request.url ?? '/', 'http://fake');
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const recorded: RecordedRequest = {
        method: request.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { ...request.headers },
        body: Buffer.concat(chunks).toString('utf8'),
        status: 0,
        at: this.now()
      };
      this.requests.push(recorded);
      // Covers answers written by the hook; send() sets it earlier for the fake's own.
      response.once('finish', () => (recorded.status = response.statusCode));
      if (this.onRequest && (await this.onRequest(recorded, response))) return;
      this.send(response, recorded, this.reply(recorded));
    } catch {
      if (response.headersSent) response.destroy();
      else response.writeHead(500, { 'content-type': 'application/json' }).end('{"detail":"Internal Server Error"}');
    }
  }
}

/** A fake of a build API: a FakeServer through which builds are created. */
export abstract class FakeApiServer extends FakeServer {
  /** Ids of the builds created through the API, oldest first. */
  abstract createdBuildIds(): string[];
}

/** Listens on 127.0.0.1 (port 0: any free port) and resolves the base URL. */
export function listenOnLoopback(server: Server, port = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close(error => (error ? reject(error) : resolve()));
    // Keep-alive sockets would otherwise hold the server (and jest) open.
    server.closeAllConnections();
  });
}
