// The main step's one failure path, as the runner runs the bundle: a runner file (GITHUB_OUTPUT,
// GITHUB_STATE) the step cannot append to.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDevinApi } from '../../fakes/devin/api.js';
import devinKit, { DEVIN_ORG as TEST_ORG, DEVIN_TOKEN as TEST_TOKEN } from '../../harness/kits/devin.js';
import { visibleOutput } from '../../harness/runner.js';
import { errorLines, runAction, startFake } from '../support/index.js';

// The main step's one failure path, as the runner runs a bundle of the current sources: what throws
// outside the gate's verdict (here @actions/core, when a runner file named in GITHUB_OUTPUT or
// GITHUB_STATE cannot be appended to) still ends in one error line, exit code 1, no stack trace, and a
// job summary that says why.
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'failure-path-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a runner file the step cannot write', () => {
  it.each([
    {
      variable: 'GITHUB_OUTPUT',
      what: 'a path that does not exist',
      path: () => join(dir, 'no-such-folder', 'output'),
      says: /^::error::Could not set the output build_id: Missing file at path: /,
      builds: 1
    },
    {
      variable: 'GITHUB_OUTPUT',
      what: 'a directory',
      path: () => dir,
      says: /^::error::Could not set the output build_id: EISDIR: illegal operation on a directory/,
      builds: 1
    },
    {
      variable: 'GITHUB_STATE',
      what: 'a path that does not exist',
      path: () => join(dir, 'no-such-folder', 'state'),
      says: /^::error::Could not save the state \w+: Missing file at path: /,
      builds: 0
    }
  ])(
    '$variable naming $what fails the step with one error line naming it, and the summary says why',
    async ({ variable, path, says, builds }) => {
      const fake = await startFake(
        new FakeDevinApi({ plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 200 } })
      );
      const file = path();
      const run = await runAction(
        devinKit,
        { org_id: TEST_ORG, token: TEST_TOKEN, api_url: fake.url, poll_interval: '100ms', timeout: '20s' },
        { env: { [variable]: file } }
      );
      expect(run.exitCode).toBe(1);
      const errors = errorLines(run);
      expect(errors).toEqual([expect.stringMatching(says)]);
      expect(errors[0]).toContain(file);
      expect(errors[0]).toContain(`${variable} must name a file the step can append to`);
      expect(errors[0]).not.toContain('%0A');
      expect(run.summary).toMatch(/^## ❌ Snapshot build /);
      expect(run.summary).toContain(
        variable === 'GITHUB_OUTPUT' ? 'Could not set the output' : 'Could not save the state'
      );
      expect(run.everything).not.toContain('    at ');
      expect(run.stderr).toBe('');
      expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
      // A missing state file stops the step before its trigger: the trigger time could not be saved.
      expect(fake.createdBuildIds()).toHaveLength(builds);
      expect(visibleOutput(run)).not.toContain(TEST_TOKEN);
    }
  );
});
