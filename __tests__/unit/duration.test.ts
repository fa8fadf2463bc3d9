// Durations as inputs write them and as logs show them (src/core/duration.ts): parseDuration and formatDuration.
import { describe, expect, it } from '@jest/globals';
import { formatDuration, parseDuration } from '../../src/core/duration.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['45', 45_000],
    ['1.5', 1500],
    ['2h', 7_200_000],
    ['1m30s', 90_000],
    [' 10S ', 10_000],
    ['1h0m5s', 3_605_000]
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'soon', '10 s', '-5s', '5d', 'm', '1h30', '1.2.3s', 's10', '10sm'])('rejects %j', text => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [500, '500ms'],
    [45_000, '45s'],
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
    [3_723_000, '1h2m3s'],
    [0, '0ms']
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
