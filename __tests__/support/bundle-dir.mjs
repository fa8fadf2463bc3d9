// jest globalSetup and globalTeardown: name an empty folder for the bundle of the current sources
// (harness/runner.ts builds it there on first use), and remove it after the run. A folder given
// in ACTION_BUNDLE_DIR by the caller (e.g. .ci/run, to share one build between runs) is kept.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let owned;

export function setup() {
  if (process.env.ACTION_BUNDLE_DIR) return;
  owned = mkdtempSync(join(tmpdir(), 'action-bundle-'));
  process.env.ACTION_BUNDLE_DIR = owned;
}

export function teardown() {
  if (owned) rmSync(owned, { recursive: true, force: true });
}
