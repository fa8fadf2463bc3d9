// Builds the action into dist/ (or the folder given), the one way the bundle is made: `npm run
// bundle` and the check that the committed dist/ is current both call this. For this ESM package
// ncc also writes {"type":"module"} into each output folder, which node needs to load the bundle.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const outDir = process.argv[2] ?? 'dist';
// ncc adds to what is there; start clean so that nothing stale is left to commit.
rmSync(outDir, { recursive: true, force: true });
const ncc = createRequire(import.meta.url).resolve('@vercel/ncc/dist/ncc/cli.js');
/** Entry point -> folder under outDir: the main step, and the post step that cleans up after a killed one. */
const ENTRIES = { 'src/index.ts': '.', 'src/post.ts': 'post', 'src/dreadnode/index.ts': 'dreadnode' };
for (const [entry, folder] of Object.entries(ENTRIES)) {
  // Minified, and the source map kept beside the bundle without registering it at start-up: each
  // halves the start-up time and trims memory (BENCHMARKS.md). `node --enable-source-maps` reads it.
  const args = [
    'build',
    entry,
    '-o',
    join(outDir, folder),
    '--minify',
    '--source-map',
    '--no-source-map-register',
    '--license',
    'licenses.txt',
    '--quiet'
  ];
  execFileSync(process.execPath, [ncc, ...args], { stdio: 'inherit' });
}
