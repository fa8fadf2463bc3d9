// jest's globalTeardown (jest.config.js): that folder removed after the run (bundle-dir.mjs).
export { teardown as default } from './bundle-dir.mjs';
