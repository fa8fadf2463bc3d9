import type { DevinBuild } from './client.js';
import { epochMs } from './timestamps.js';

/**
 * The order of the builds list as the builds read so far in one walk through its pages show it.
 * The reference promises no order, and a server may choose its own page size (one build a page),
 * so no single page is taken to show it: the list reads as newest first only once some build came
 * after a newer one and none after an older one, across pages; until then (pages of one, builds of
 * one second) the order is unknown, and the walk reads on rather than guess.
 */
export class ListOrder {
  private previous: number | undefined;
  private olderAfterNewer = false;
  private newerAfterOlder = false;

  /** Takes in the next page's builds, in the order the list gave them. */
  add(items: readonly DevinBuild[]): void {
    for (const item of items) {
      const created = epochMs(item.created_at);
      if (created === undefined) continue;
      if (this.previous !== undefined && created < this.previous) this.olderAfterNewer = true;
      if (this.previous !== undefined && created > this.previous) this.newerAfterOlder = true;
      this.previous = created;
    }
  }

  /** Whether the builds read so far show the list newest first. */
  get newestFirst(): boolean {
    return this.olderAfterNewer && !this.newerAfterOlder;
  }

  /**
   * Whether the walk has passed `since`: the list reads as newest first and `page` holds a build
   * created before it, so every build after it is older too.
   */
  passed(page: readonly DevinBuild[], since: number): boolean {
    return this.newestFirst && page.some(item => (epochMs(item.created_at) ?? Infinity) < since);
  }
}
