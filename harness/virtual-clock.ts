import type { Clock } from '../src/core/clock.js';
import { seededRandom } from '../fakes/seeded-random.js';

/**
 * A clock whose sleeps return at once and move time forward by the amount slept. Every sleep is
 * recorded, so tests can assert on the waits the code chose.
 */
export class VirtualClock implements Clock {
  readonly sleeps: number[] = [];
  readonly random: () => number;

  constructor(
    private current = Date.UTC(2026, 10, 24, 9, 0, 0),
    seed = 1
  ) {
    this.random = seededRandom(seed);
  }

  now = (): number => this.current;

  advance(ms: number): void {
    this.current += ms;
  }

  sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    // Whole milliseconds, like Date.now().
    this.current += Math.max(0, Math.ceil(ms));
    await Promise.resolve();
  };
}
