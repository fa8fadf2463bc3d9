// ncc emits ESM for an ESM package; dist/ needs its own package.json so node loads it as a module
// wherever the action is checked out.
import { mkdirSync, writeFileSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
writeFileSync('dist/package.json', JSON.stringify({ type: 'module' }, null, 2) + '\n');
