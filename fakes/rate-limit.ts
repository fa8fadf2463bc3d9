// A token-bucket rate limiter for a fake API, as an onRequest hook: past `perSecond` requests
// a second (after a burst of as many), requests get 429 with Retry-After, like a gateway would.
import type { ServerResponse } from 'node:http';
import type { RecordedRequest } from './server.js';

export class RateLimiter {
  /** Requests refused with 429. */
  throttled = 0;
  private tokens: number;
  private refilledAt = Date.now();

  constructor(private readonly perSecond: number) {
    this.tokens = perSecond;
  }

  readonly hook = (_request: RecordedRequest, response: ServerResponse): boolean => {
    const now = Date.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return false;
    }
    this.throttled++;
    const retryAfter = Math.max(1, Math.ceil((1 - this.tokens) / this.perSecond));
    response
      .writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter) })
      .end(JSON.stringify({ detail: 'Rate limit exceeded' }));
    return true;
  };
}
