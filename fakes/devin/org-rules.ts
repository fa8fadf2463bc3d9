// How a Devin org runs its builds (docs.devin.ai, "Blueprints"): "Only one build runs at a time.
// New triggers cancel any queued build and start fresh." A build created while another runs waits
// (pending, queued); a build created while one is queued takes its place, and the queued one ends
// cancelled (superseded); when the running build ends, the queued one starts.
//
// No timers: the builds' timelines are worked out from what was asked and when (each build's
// creation time and plan, each cancel request's time), replayed in time order. The answer depends
// only on those, so it is the same at every read, and a request changes only what follows it.
import type { BuildPlan, Timeline } from './timeline.js';

/** A build under the org's rules, as it was asked for. */
export interface QueueEntry<Key> {
  key: Key;
  createdAt: number;
  /** Arrival order: breaks ties between requests of the same instant. */
  order: number;
  /**
   * pendingMs: the least time the build waits before it may start, when the org is idle; it
   * waits longer when another build runs. runningMs and outcome: once it starts.
   */
  plan: BuildPlan;
  /** A cancel request: when it came, and its arrival order. */
  cancel?: { at: number; order: number };
}

/** When a build outside the rules (given as it is, e.g. by a test) runs, holding the org's one slot. */
export interface Busy {
  from: number;
  /** null: it never ends. */
  until: number | null;
}

export interface QueueOutcome<Key> {
  timeline: Timeline;
  /** The build whose creation cancelled this one while it was queued. */
  supersededBy?: Key;
}

/** The first moment from `moment` on when no build outside the rules runs; null: never. */
function firstFreeMoment(moment: number, busy: readonly Busy[]): number | null {
  let free = moment;
  for (let moved = true; moved;) {
    moved = false;
    for (const { from, until } of busy) {
      if (from > free || (until !== null && free >= until)) continue;
      if (until === null) return null;
      free = until;
      moved = true;
    }
  }
  return free;
}

interface Running<Key> {
  entry: QueueEntry<Key>;
  startsAt: number;
  endsAt: number;
}

/** The replay: what runs and what waits, advanced from one request to the next. */
class OrgQueue<Key> {
  readonly outcomes = new Map<Key, QueueOutcome<Key>>();
  private running: Running<Key> | undefined;
  private waiting: QueueEntry<Key> | undefined;
  /** When the last build under the rules ended. */
  private freeFrom = -Infinity;

  constructor(private readonly busy: readonly Busy[]) {}

  create(entry: QueueEntry<Key>): void {
    this.settle(entry.createdAt);
    if (this.waiting) this.drop(this.waiting, entry.createdAt, entry.key);
    this.waiting = entry;
  }

  cancel(entry: QueueEntry<Key>, at: number): void {
    this.settle(at);
    if (this.running?.entry === entry) this.end(this.running, at, 'cancelled');
    else if (this.waiting === entry) this.drop(entry, at);
  }

  /** What happens after the last request; a build that can never start stays queued. */
  finish(): void {
    this.settle(Infinity);
    const { waiting } = this;
    if (waiting) {
      const timeline = {
        createdAt: waiting.createdAt,
        startsAt: null,
        completesAt: null,
        outcome: waiting.plan.outcome
      };
      this.outcomes.set(waiting.key, { timeline });
    }
  }

  /**
   * Ends and starts builds up to `until`, included: a build that starts at the instant a request
   * comes has started (a trigger then queues behind it rather than superseding it).
   */
  private settle(until: number): void {
    for (;;) {
      const { running, waiting } = this;
      if (running) {
        if (running.endsAt > until) return;
        this.end(running, running.endsAt, running.entry.plan.outcome);
        continue;
      }
      if (!waiting) return;
      const startsAt = firstFreeMoment(Math.max(waiting.createdAt + waiting.plan.pendingMs, this.freeFrom), this.busy);
      if (startsAt === null || startsAt > until) return;
      this.running = { entry: waiting, startsAt, endsAt: startsAt + waiting.plan.runningMs };
      this.waiting = undefined;
    }
  }

  private end(running: Running<Key>, at: number, outcome: Timeline['outcome']): void {
    const { entry, startsAt } = running;
    this.outcomes.set(entry.key, { timeline: { createdAt: entry.createdAt, startsAt, completesAt: at, outcome } });
    this.freeFrom = at;
    this.running = undefined;
  }

  private drop(entry: QueueEntry<Key>, at: number, supersededBy?: Key): void {
    const timeline: Timeline = { createdAt: entry.createdAt, startsAt: null, completesAt: at, outcome: 'cancelled' };
    this.outcomes.set(entry.key, { timeline, ...(supersededBy !== undefined && { supersededBy }) });
    this.waiting = undefined;
  }
}

/** The timeline of every build under the rules, given the builds outside them that hold the slot. */
export function runQueue<Key>(entries: readonly QueueEntry<Key>[], busy: readonly Busy[]): Map<Key, QueueOutcome<Key>> {
  const queue = new OrgQueue<Key>(busy);
  const requests = [
    ...entries.map(entry => ({ at: entry.createdAt, order: entry.order, act: () => queue.create(entry) })),
    ...entries.flatMap(entry => {
      const { cancel } = entry;
      return cancel ? [{ at: cancel.at, order: cancel.order, act: () => queue.cancel(entry, cancel.at) }] : [];
    })
  ].sort((a, b) => a.at - b.at || a.order - b.order);
  for (const request of requests) request.act();
  queue.finish();
  return queue.outcomes;
}
