/** Time and chance, injected so that tests can drive them. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Uniform in [0, 1). */
  random(): number;
  /**
   * Calls `fire` after `ms` unless the function it gives back is called first: what times an HTTP
   * attempt out. Absent: real time. A virtual clock may give its own, which fires when that clock's
   * time reaches it, so that a run's outcome does not depend on how fast the machine is.
   */
  timer?(ms: number, fire: () => void): () => void;
}

/** The longest delay a Node timer holds; a longer one fires at once (and a loop around it spins). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A timer on real time. */
export function realTimer(ms: number, fire: () => void): () => void {
  const timer = setTimeout(fire, Math.min(MAX_TIMER_MS, Math.max(0, ms)));
  return () => clearTimeout(timer);
}

export const systemClock: Clock = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.min(MAX_TIMER_MS, Math.max(0, ms))
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    })
};
