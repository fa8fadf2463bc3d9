// Retrying API calls (src/core/retry.ts), on a virtual clock: Retry-After in seconds or as a date (read
// against the server's Date header), full-jitter backoff, what is retried, and the deadline.
import { statusErrorDetails } from '../../src/core/api-errors.js';
import { describe, expect, it } from '@jest/globals';
import { ApiError, DeadlineError } from '../../src/core/errors.js';
import { backoffDelay, parseRetryAfter, RETRY_POLICIES, withRetries } from '../../src/core/retry.js';
import { VirtualClock } from '../../harness/virtual-clock.js';

const NOW = Date.UTC(2026, 10, 24, 9, 0, 0);

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7000);
    expect(parseRetryAfter(['0'], NOW)).toBe(0);
  });

  it('reads an HTTP date relative to now', () => {
    expect(parseRetryAfter(new Date(NOW + 12_000).toUTCString(), NOW)).toBe(12_000);
    expect(parseRetryAfter(new Date(NOW - 5_000).toUTCString(), NOW)).toBe(0);
  });

  it.each([undefined, '', '-3', '1.5', 'soon', '12abc', '2026-13-45'])('ignores %j', value => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('is full jitter: random(0, min(cap, base * 2^n))', () => {
    expect(backoffDelay(0, RETRY_POLICIES.request, () => 0.5)).toBe(500);
    expect(backoffDelay(3, RETRY_POLICIES.request, () => 0.5)).toBe(4000);
    expect(backoffDelay(10, RETRY_POLICIES.request, () => 0.999)).toBeCloseTo(29_970);
    expect(backoffDelay(4, RETRY_POLICIES.request, () => 0)).toBe(0);
  });
});

describe('withRetries', () => {
  const transient = (retryAfterMs?: number) =>
    new ApiError('503 from the API', { status: 503, retryable: true, retryAfterMs });

  it('retries transient failures and returns the first success', async () => {
    const clock = new VirtualClock(NOW);
    let calls = 0;
    const value = await withRetries(
      async () => {
        if (++calls < 3) throw transient();
        return 'ok';
      },
      { clock, policy: RETRY_POLICIES.request, deadline: NOW + 60_000 }
    );
    expect(value).toBe('ok');
    expect(calls).toBe(3);
    expect(clock.sleeps).toHaveLength(2);
  });

  it('waits at least Retry-After', async () => {
    const clock = new VirtualClock(NOW);
    let calls = 0;
    await withRetries(
      async () => {
        if (++calls === 1) throw transient(9000);
        return 'ok';
      },
      { clock, policy: RETRY_POLICIES.request, deadline: NOW + 60_000 }
    );
    expect(clock.sleeps).toEqual([9000]);
  });

  /** Runs withRetries over an attempt that always fails with `error`; returns how many attempts were made. */
  async function alwaysFailing(error: () => ApiError, deadline: number, expected: string): Promise<number> {
    const clock = new VirtualClock(NOW);
    let calls = 0;
    const attempt = async () => {
      calls++;
      throw error();
    };
    await expect(withRetries(attempt, { clock, policy: RETRY_POLICIES.request, deadline })).rejects.toThrow(expected);
    return calls;
  }

  it('does not retry errors that will not change', async () => {
    expect(await alwaysFailing(() => new ApiError('401', { status: 401, retryable: false }), NOW + 60_000, '401')).toBe(
      1
    );
  });

  it("gives up after the policy's attempts, saying so", async () => {
    const calls = await alwaysFailing(transient, NOW + 3_600_000, '503 from the API (gave up after 5 attempts)');
    expect(calls).toBe(5);
  });

  it('honours a Retry-After longer than the time left up to the deadline, and only then times out', async () => {
    const clock = new VirtualClock(NOW);
    const failure = withRetries(
      async () => {
        throw transient(30_000);
      },
      { clock, policy: RETRY_POLICIES.request, deadline: NOW + 10_000 }
    );
    await expect(failure).rejects.toThrow(
      new DeadlineError(
        '503 from the API (gave up after 1 attempt: the timeout came before the next retry, due in 30s)'
      )
    );
    expect(clock.sleeps).toEqual([10_000]);
    expect(clock.now()).toBe(NOW + 10_000);
  });
});

describe('withRetries when throttled', () => {
  const throttled = () =>
    new ApiError('429 from the API', { status: 429, retryable: true, throttled: true, retryAfterMs: 1000 });

  it('keeps going past the attempt budget, spreading the retries after Retry-After', async () => {
    const clock = new VirtualClock(NOW);
    let calls = 0;
    const value = await withRetries(
      async () => {
        if (++calls <= 8) throw throttled();
        return 'ok';
      },
      { clock, policy: RETRY_POLICIES.request, deadline: NOW + 600_000 }
    );
    expect(value).toBe('ok');
    expect(calls).toBe(9);
    expect(clock.sleeps.every(ms => ms >= 1000)).toBe(true);
    expect(new Set(clock.sleeps.map(ms => Math.round(ms))).size).toBeGreaterThan(4);
  });

  it('still stops at the deadline', async () => {
    const clock = new VirtualClock(NOW);
    await expect(
      withRetries(
        async () => {
          throw throttled();
        },
        { clock, policy: RETRY_POLICIES.request, deadline: NOW + 20_000 }
      )
    ).rejects.toThrow('the timeout came before the next retry');
    expect(clock.now()).toBe(NOW + 20_000);
  });
});

describe('statusErrorDetails', () => {
  it("reads a Retry-After date against the server's Date header, whose clock need not be the runner's", () => {
    const serverNow = Date.UTC(2026, 10, 24, 12, 0, 0);
    const response = {
      receivedAt: serverNow - 3 * 3_600_000, // the runner's clock is three hours behind the server's
      status: 429,
      text: '',
      headers: {
        date: new Date(serverNow).toUTCString(),
        'retry-after': new Date(serverNow + 5000).toUTCString()
      }
    };
    expect(statusErrorDetails(response).retryAfterMs).toBe(5000);
    const withoutDate = { 'retry-after': response.headers['retry-after'] };
    expect(statusErrorDetails({ ...response, headers: withoutDate }).retryAfterMs).toBe(3 * 3_600_000 + 5000);
  });
});
