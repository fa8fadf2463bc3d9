import { validTime } from '../core/time.js';

/**
 * A Devin timestamp in milliseconds. The reference does not promise the unit: values are read as
 * epoch seconds unless they could only be milliseconds (1e11 s is the year 5138; 1e11 ms is 1973).
 * A value no Date can hold is unknown.
 */
export function epochMs(value: number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  return validTime(value >= 1e11 ? value : value * 1000);
}
