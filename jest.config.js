/** What both projects share. */
const project = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.dev.json' }] }
};

/** @type {import('jest').Config} */
export default {
  projects: [
    // The runner-exact suites run a bundle of the current sources: it is built before their first test.
    {
      ...project,
      roots: ['<rootDir>/__tests__/e2e'],
      setupFilesAfterEnv: ['<rootDir>/__tests__/support/e2e-setup.ts']
    },
    {
      ...project,
      roots: ['<rootDir>/__tests__'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/e2e/']
    }
  ],
  globalSetup: '<rootDir>/__tests__/support/global-setup.mjs',
  globalTeardown: '<rootDir>/__tests__/support/global-teardown.mjs',
  // The end-to-end tests start the bundle as child processes; keep the two cores for them.
  maxWorkers: 2,
  testTimeout: 30000
};
