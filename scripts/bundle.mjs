// Builds the actions and the command into dist/ (or the folder given), the one way the bundle is
// made: `npm run bundle` (after writing the action.yml files, scripts/action-yml.ts), the tests (a
// bundle of the current sources, see harness/runner.ts) and the check that the committed dist/ is
// current all call this. For this ESM package ncc also writes
// {"type":"module"} into each output folder, which node needs to load the bundle.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { minify } from 'terser';

const outDir = process.argv[2] ?? 'dist';
/** The command's entry, and its folder under outDir (harness/runner.ts runs it from there). */
const CLI_ENTRY = 'src/cli/index.ts';
const CLI_DIR = 'cli';
// ncc adds to what is there; start clean so that nothing stale is left to commit.
rmSync(outDir, { recursive: true, force: true });
const ncc = createRequire(import.meta.url).resolve('@vercel/ncc/dist/ncc/cli.js');
/**
 * Entry point -> folder under outDir: each step of each action in actions.json, in its action's
 * folder, and the `snapshot-build` command (the package's bin) in cli/.
 */
const { actions } = JSON.parse(readFileSync(new URL('../actions.json', import.meta.url), 'utf8'));
const ENTRIES = Object.fromEntries([
  ...actions.flatMap(({ dir, main, post }) => [[main, dir], ...(post ? [[post, join(dir, 'post')]] : [])]),
  [CLI_ENTRY, CLI_DIR]
]);
// Minified, and the source map kept beside the bundle without registering it at start-up: each
// halves the start-up time and trims memory (BENCHMARKS.md). `node --enable-source-maps` reads it.
// Each chunk's licenses go to a file of their own (a dynamic import() is a chunk of its own, and one
// licenses.txt would hold only the last chunk's); they are joined into licenses.txt below.
const options = ['--minify', '--source-map', '--no-source-map-register', '--license', '[name].licenses.txt', '--quiet'];
const builds = Object.entries(ENTRIES).map(([entry, folder]) =>
  promisify(execFile)(process.execPath, [ncc, 'build', entry, '-o', join(outDir, folder), ...options])
);
for (const result of await Promise.allSettled(builds)) {
  if (result.status === 'rejected') {
    process.stderr.write(`${result.reason.stderr ?? ''}${result.reason.message}\n`);
    process.exitCode = 1;
  }
}
for (const folder of new Set(Object.values(ENTRIES))) {
  const dir = join(outDir, folder);
  // ncc minifies the entry alone: a chunk of a dynamic import() (the checker, loaded when a file is
  // checked) comes out as written, about twice the size and slower to load. Minified here the way ncc
  // does the entry (its terser, names kept, no compression), its source map carried through.
  for (const chunk of readdirSync(dir).filter(name => /^\d+\.index\.js$/.test(name))) {
    const file = join(dir, chunk);
    const { code, map } = await minify(readFileSync(file, 'utf8'), {
      module: true,
      compress: false,
      mangle: { keep_classnames: true, keep_fnames: true },
      sourceMap: { content: readFileSync(`${file}.map`, 'utf8'), filename: chunk, url: `${chunk}.map` }
    });
    writeFileSync(file, code);
    writeFileSync(`${file}.map`, map);
  }
  // The entry chunk's (ncc names it main) first, then the others by name.
  const parts = readdirSync(dir)
    .filter(name => name.endsWith('.licenses.txt'))
    .sort((a, b) => Number(b === 'main.licenses.txt') - Number(a === 'main.licenses.txt') || a.localeCompare(b));
  writeFileSync(join(dir, 'licenses.txt'), parts.map(name => readFileSync(join(dir, name), 'utf8')).join('\n'));
  for (const name of parts) rmSync(join(dir, name));
}
