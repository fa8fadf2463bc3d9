// jest's globalSetup (jest.config.js): the folder for the bundle of the current sources (bundle-dir.mjs).
export { setup as default } from './bundle-dir.mjs';
