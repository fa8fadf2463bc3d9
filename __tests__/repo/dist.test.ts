// The committed dist/ is, file for file and byte for byte, the bundle of the current sources that the
// end-to-end tests run.
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
});
