// Before each runner-exact suite (__tests__/e2e/, as jest.config.js says): the bundle of the current
// sources that the suite runs, built once per test run (harness/runner.ts) before its first test,
// with a timeout of its own.
import { beforeAll } from '@jest/globals';
import { currentBundle } from '../../harness/runner.js';

beforeAll(async () => {
  await currentBundle();
}, 300_000);
