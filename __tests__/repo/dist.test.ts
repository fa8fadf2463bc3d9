// The committed dist/ is, file for file and byte for byte, the bundle of the current sources that the
// end-to-end tests run; and every file of it is minified, the chunks of dynamic imports too (ncc
// minifies the entry alone: scripts/bundle.mjs does the rest).
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { currentBundle, REPO_ROOT } from '../../harness/runner.js';

describe('dist/', () => {
  it('is exactly the bundle of the current sources that the end-to-end tests run', async () => {
    const fresh = await currentBundle();
    const committed = join(REPO_ROOT, 'dist');
    const files = (dir: string) =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter(f => f.isFile())
        .map(f => relative(dir, join(f.parentPath, f.name)))
        .sort();
    expect(files(committed)).toEqual(files(fresh));
    for (const file of files(fresh)) {
      const same = readFileSync(join(committed, file)).equals(readFileSync(join(fresh, file)));
      expect([file, same ? 'current' : 'stale: run `npm run bundle` and commit dist/']).toEqual([file, 'current']);
    }
  }, 300_000);

  it('is minified, chunk by chunk: no module left as webpack writes it', () => {
    const scripts = readdirSync(join(REPO_ROOT, 'dist'), { recursive: true, withFileTypes: true })
      .filter(f => f.isFile() && f.name.endsWith('.js'))
      .map(f => relative(REPO_ROOT, join(f.parentPath, f.name)));
    expect(scripts.filter(file => /^\d+\.index\.js$/.test(file.split('/').pop() ?? ''))).not.toEqual([]);
    // webpack opens each module it writes out unminified with this comment; the minifier drops it.
    const unminified = scripts.filter(file => readFileSync(join(REPO_ROOT, file), 'utf8').includes('/***/'));
    expect(unminified).toEqual([]);
  });
});
