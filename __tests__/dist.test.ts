import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../fake-api/runner.js';

describe('dist/', () => {
  it('is exactly what `npm run bundle` makes from the current sources', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'dist-check-'));
    try {
      execFileSync(process.execPath, ['scripts/bundle.mjs', fresh], { cwd: REPO_ROOT, stdio: 'pipe' });
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
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 120_000);
});
