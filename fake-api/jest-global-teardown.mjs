export { teardown as default } from './jest-bundle-dir.mjs';
