import type { Clock } from '../src/core/clock.js';
import { seededRandom } from '../fakes/seeded-random.js';

/**
 * A clock whose sleeps return at once and move time forward by the amount slept. Every sleep is
 * recorded, so tests can assert on the waits the code chose. With `virtualTimers`, it also times
 * HTTP attempts out (Clock.timer) on its own time, for runs that must replay whatever the
 * machine's load (the reliability matrix); without, attempts time out on real time, so that a test
 * whose fake never answers still ends.
 */
export class VirtualClock implements Clock {
  readonly sleeps: number[] = [];
  readonly random: () => number;
  private readonly timers = new Set<{ at: number; fire: () => void }>();

  readonly timer?: (ms: number, fire: () => void) => () => void;

  constructor(
    private current = Date.UTC(2026, 10, 24, 9, 0, 0),
    seed = 1,
    { virtualTimers = false } = {}
  ) {
    this.random = seededRandom(seed);
    if (virtualTimers) this.timer = this.virtualTimer;
  }

  now = (): number => this.current;

  advance(ms: number): void {
    this.moveTo(this.current + ms);
  }

  sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    // Whole milliseconds, like Date.now().
    this.moveTo(this.current + Math.max(0, Math.ceil(ms)));
    await Promise.resolve();
  };

  /** A timer on this clock: it fires when time reaches it (a sleep, an advance, runToNextTimer), never on its own. */
  private readonly virtualTimer = (ms: number, fire: () => void): (() => void) => {
    const timer = { at: this.current + Math.max(0, Math.ceil(ms)), fire };
    this.timers.add(timer);
    return () => void this.timers.delete(timer);
  };

  /**
   * Moves time to the earliest timer and fires it: what waiting on a connection that never answers
   * comes to, when that timer is the client's timeout.
   */
  runToNextTimer(): void {
    const next = Math.min(...[...this.timers].map(timer => timer.at));
    if (next === Infinity) throw new Error('no timer is pending on this clock: nothing would end the wait');
    this.moveTo(Math.max(this.current, next));
  }

  private moveTo(at: number): void {
    this.current = at;
    const due = [...this.timers].filter(timer => timer.at <= at).sort((a, b) => a.at - b.at);
    for (const timer of due) {
      this.timers.delete(timer);
      timer.fire();
    }
  }
}
