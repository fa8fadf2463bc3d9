export { setup as default } from './jest-bundle-dir.mjs';
