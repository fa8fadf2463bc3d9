// Seeded fault injection for the fake Devin API: plugged in as its `onRequest` hook, it turns a
// share of requests into the failures a real network and gateway produce. The same seed gives
// the same faults in the same order, so a failing run can be replayed.
import type { ServerResponse } from 'node:http';
import type { FakeDevinApi, RecordedRequest, Reply } from './api.js';
import { hostileText } from '../hostile.js';
import { seededRandom } from '../seeded-random.js';

export const FAULT_KINDS = [
  'rate_limited', // 429 with Retry-After, in seconds or as an HTTP date
  'server_error', // 500; a POST may have been carried out before it
  'bad_gateway', // 502; likewise
  'unavailable', // 503, nothing done
  'gateway_timeout', // 504; a POST may have been carried out
  'reset_before', // connection dropped before the request is processed
  'reset_after', // request processed, connection dropped before the answer
  'hang', // no answer at all; the connection stays open (processed or not)
  'truncated_json', // processed, 200 with half of the JSON
  'slow', // processed, answered late but within the attempt timeout
  'unknown_status', // processed; our builds show a status the contract does not list
  'vanish', // processed; our builds are missing from the list
  'echo_token', // 500 whose body repeats the Authorization header, as a hostile gateway might
  'hostile_status', // processed; our builds show a status holding runner commands, line breaks, escapes
  'hostile_error' // 500 or 502 whose body holds runner commands, line breaks, escapes; a POST may have been carried out
] as const;
/** Faults the gate cannot recover from, so never drawn at random: only scheduled. */
export const FATAL_FAULT_KINDS = [
  'hostile_validation' // 422 whose msg holds runner commands and line breaks; nothing done
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number] | (typeof FATAL_FAULT_KINDS)[number];
const ALL_FAULT_KINDS: readonly FaultKind[] = [...FAULT_KINDS, ...FATAL_FAULT_KINDS];

export interface FaultOptions {
  seed: number;
  /** Share of requests that get a fault, 0..1. */
  rate: number;
  kinds?: readonly FaultKind[];
  /** Largest Retry-After, in seconds. */
  maxRetryAfterSeconds?: number;
  /** How late a `slow` answer is, in milliseconds of `wait`. */
  slowMs?: number;
  /** How the fake waits before a `slow` answer; real time unless set (a virtual clock's advance). */
  wait?: (ms: number) => Promise<void>;
  /**
   * Called when a connection is left unanswered (`hang`). On a virtual clock nothing else would end
   * it: this lets the clock run to the client's timeout. Unset, the client's real timer ends it.
   */
  onHang?: () => void;
  /** Faults given to particular requests, by their 0-based number among all requests: any kind, fatal ones too. */
  scheduled?: Readonly<Record<number, FaultKind>>;
}

export class FaultInjector {
  /** How many of each fault were injected. */
  readonly injected: Record<FaultKind, number> = Object.fromEntries(ALL_FAULT_KINDS.map(kind => [kind, 0])) as Record<
    FaultKind,
    number
  >;
  private readonly random: () => number;
  private readonly kinds: readonly FaultKind[];
  private requestsSeen = 0;

  constructor(
    private readonly api: FakeDevinApi,
    private readonly options: FaultOptions
  ) {
    this.random = seededRandom(options.seed);
    this.kinds = options.kinds ?? FAULT_KINDS;
  }

  get total(): number {
    return Object.values(this.injected).reduce((sum, count) => sum + count, 0);
  }

  /** The fake's onRequest hook. */
  readonly hook = async (request: RecordedRequest, response: ServerResponse): Promise<boolean> => {
    const scheduled = this.options.scheduled?.[this.requestsSeen++];
    if (scheduled === undefined && this.random() >= this.options.rate) return false;
    const kind = scheduled ?? this.kinds[Math.floor(this.random() * this.kinds.length)];
    const mayHaveProcessed = this.random() < 0.5;
    this.injected[kind]++;
    switch (kind) {
      case 'rate_limited': {
        const seconds = 1 + Math.floor(this.random() * (this.options.maxRetryAfterSeconds ?? 5));
        const asDate = this.random() < 0.5;
        // Dated on the server's own Date header; a server that sends none has no clock to date it with.
        const { date } = this.api.dateHeaders(response);
        const retryAfter = asDate && date ? new Date(Date.parse(date) + seconds * 1000).toUTCString() : String(seconds);
        return this.answer(response, {
          status: 429,
          body: { detail: 'Too many requests' },
          headers: { 'retry-after': retryAfter }
        });
      }
      case 'server_error':
      case 'bad_gateway':
      case 'gateway_timeout': {
        if (mayHaveProcessed) this.api.reply(request);
        const status = { server_error: 500, bad_gateway: 502, gateway_timeout: 504 }[kind];
        return this.answer(response, { status, body: { detail: 'upstream trouble' } });
      }
      case 'unavailable':
        response
          .writeHead(503, { 'content-type': 'text/html', ...this.api.dateHeaders(response) })
          .end('<html><body>503 Service Unavailable</body></html>');
        return true;
      case 'reset_before':
        response.socket?.destroy();
        return true;
      case 'reset_after':
        this.api.reply(request);
        response.socket?.destroy();
        return true;
      case 'hang':
        if (mayHaveProcessed) this.api.reply(request);
        this.options.onHang?.();
        return true;
      case 'truncated_json': {
        const text = JSON.stringify(this.api.reply(request).body);
        response
          .writeHead(200, { 'content-type': 'application/json', ...this.api.dateHeaders(response) })
          .end(text.slice(0, Math.floor(text.length / 2)));
        return true;
      }
      case 'slow':
        await (this.options.wait ?? realWait)(this.options.slowMs ?? 30);
        return false;
      case 'unknown_status':
        return this.answer(
          response,
          this.rewriteOurBuilds(
            this.api.reply(request),
            inProgress(build => ({ ...build, status: 'requeued' }))
          )
        );
      case 'vanish':
        return this.answer(
          response,
          this.rewriteOurBuilds(this.api.reply(request), () => undefined)
        );
      case 'echo_token':
        return this.answer(response, {
          status: 500,
          body: { detail: `bad credentials header: ${String(request.headers.authorization)}` }
        });
      case 'hostile_status': {
        const status = hostileText(this.random, 'running');
        return this.answer(
          response,
          this.rewriteOurBuilds(
            this.api.reply(request),
            inProgress(build => ({ ...build, status }))
          )
        );
      }
      case 'hostile_error': {
        if (mayHaveProcessed) this.api.reply(request);
        const detail = hostileText(this.random, 'upstream trouble');
        // Half the time as JSON, half as the plain text a proxy might send.
        if (this.random() < 0.5) return this.answer(response, { status: 502, body: { detail } });
        response.writeHead(500, { 'content-type': 'text/plain', ...this.api.dateHeaders(response) }).end(detail);
        return true;
      }
      case 'hostile_validation':
        return this.answer(response, {
          status: 422,
          body: {
            detail: [{ loc: ['query', 'first'], msg: hostileText(this.random, 'Input should be'), type: 'value_error' }]
          }
        });
    }
  };

  /** Answers on the fake's clock, like the fake's own answers (the gate reads the Date header). */
  private answer(response: ServerResponse, reply: Reply): true {
    const headers = { 'content-type': 'application/json', ...this.api.dateHeaders(response), ...reply.headers };
    response.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
    return true;
  }

  /**
   * Rewrites (or drops, when `change` gives undefined) the builds this run created in a list answer;
   * an answer that is one of them (trigger, get, cancel) is rewritten, never dropped.
   */
  private rewriteOurBuilds(
    reply: Reply,
    change: (build: Record<string, unknown>) => Record<string, unknown> | undefined
  ): Reply {
    const body = reply.body as { items?: Record<string, unknown>[]; build_id?: unknown };
    const ours = new Set(this.api.createdBuildIds());
    if (reply.status < 200 || reply.status >= 300 || typeof body !== 'object' || body === null) return reply;
    if (typeof body.build_id === 'string' && ours.has(body.build_id)) {
      return { ...reply, body: change(body) ?? body };
    }
    if (!Array.isArray(body.items)) return reply;
    const items = body.items.flatMap(build =>
      ours.has(String(build.build_id)) ? [change(build)].filter(b => b !== undefined) : [build]
    );
    return { ...reply, body: { ...body, items } };
  }
}

const realWait = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * A status change for a build still in progress only: a status the action does not know on a
 * build with a completion time is evidence that it ended, and the action rightly fails it.
 */
function inProgress(
  change: (build: Record<string, unknown>) => Record<string, unknown>
): (build: Record<string, unknown>) => Record<string, unknown> {
  return build => (build.completed_at === null ? change(build) : build);
}
