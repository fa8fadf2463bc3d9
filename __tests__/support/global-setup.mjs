export { setup as default } from './bundle-dir.mjs';
