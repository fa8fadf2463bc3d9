import { describe, expect, it } from '@jest/globals';
import { forecastFrom, pollDelay } from '../src/core/schedule.js';

const INTERVAL = 10_000;
const noJitter = () => 0;

/** The ages at which a build is checked, from its creation until `untilMs`. */
function checks(forecast: ReturnType<typeof forecastFrom>, untilMs: number, random = noJitter): number[] {
  const ages: number[] = [];
  for (
    let age = pollDelay(0, INTERVAL, forecast, random);
    age <= untilMs;
    age += pollDelay(age, INTERVAL, forecast, random)
  )
    ages.push(age);
  return ages;
}

describe('forecastFrom', () => {
  it('takes the median and the upper quartile of recent build times', () => {
    expect(forecastFrom([300_000, 240_000, 360_000, 280_000, 320_000])).toEqual({
      typicalMs: 300_000,
      lateMs: 320_000
    });
  });

  it('says nothing from fewer than three builds', () => {
    expect(forecastFrom([300_000, 240_000])).toBeUndefined();
    expect(forecastFrom([])).toBeUndefined();
  });
});

describe('pollDelay', () => {
  it('without history, checks every interval, each gap at most 5% shorter', () => {
    expect(checks(undefined, 60_000)).toEqual([10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
    for (const r of [0, 0.5, 0.999]) {
      const delay = pollDelay(12_345, INTERVAL, undefined, () => r);
      expect(delay).toBeGreaterThan(INTERVAL * 0.95);
      expect(delay).toBeLessThanOrEqual(INTERVAL);
    }
  });

  it('with history, lands a check just after the typical end, then checks every ⅔ interval until the late end', () => {
    const forecast = { typicalMs: 95_000, lateMs: 110_000 };
    expect(checks(forecast, 140_000).map(Math.round)).toEqual([
      10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000, 80_000, 90_000, 95_500, 102_167, 108_833, 115_500,
      122_167, 132_167
    ]);
  });

  it('keeps the denser checks to two intervals past the typical end, however late the upper quartile', () => {
    const forecast = { typicalMs: 95_000, lateMs: 300_000 };
    expect(checks(forecast, 160_000).map(Math.round)).toEqual([
      10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000, 80_000, 90_000, 95_500, 102_167, 108_833, 115_500,
      122_167, 132_167, 142_167, 152_167
    ]);
  });

  it('never waits longer than the interval, nor needlessly short', () => {
    const forecast = { typicalMs: 61_000, lateMs: 75_000 };
    for (let age = 0; age < 200_000; age += 777) {
      const delay = pollDelay(age, INTERVAL, forecast, Math.random);
      expect(delay).toBeLessThanOrEqual(INTERVAL);
      expect(delay).toBeGreaterThanOrEqual(INTERVAL / 4);
    }
  });

  it('costs about one check more than fixed polling over a typical build', () => {
    const forecast = { typicalMs: 300_000, lateMs: 320_000 };
    const fixed = checks(undefined, 320_000).length;
    const planned = checks(forecast, 320_000).length;
    expect(planned - fixed).toBeLessThanOrEqual(3);
  });
});
