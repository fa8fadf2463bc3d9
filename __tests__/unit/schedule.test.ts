// The poll schedule (src/core/schedule.ts): a check every interval, each gap shorter by at most 5 % at random.
import { describe, expect, it } from '@jest/globals';
import { pollDelay } from '../../src/core/schedule.js';

describe('pollDelay', () => {
  it('checks every interval, each gap at most 5% shorter so that many gates drift apart', () => {
    expect(pollDelay(10_000, () => 0)).toBe(10_000);
    for (const r of [0.5, 0.999]) {
      const delay = pollDelay(10_000, () => r);
      expect(delay).toBeGreaterThan(9_500);
      expect(delay).toBeLessThan(10_000);
    }
  });
});
