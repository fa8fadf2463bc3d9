export { teardown as default } from './bundle-dir.mjs';
