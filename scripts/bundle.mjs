// Builds the action into dist/ (or the folder given), the one way the bundle is made: `npm run
// bundle` and the check that the committed dist/ is current both call this.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const outDir = process.argv[2] ?? 'dist';
const ncc = createRequire(import.meta.url).resolve('@vercel/ncc/dist/ncc/cli.js');
execFileSync(process.execPath, [ncc, 'build', 'src/index.ts', '-o', outDir, '--source-map', '--license', 'licenses.txt', '--quiet'], {
  stdio: 'inherit'
});
// ncc emits ESM for this ESM package; dist/ needs its own package.json so that node loads it as a
// module wherever the action is checked out.
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'package.json'), JSON.stringify({ type: 'module' }, null, 2) + '\n');
