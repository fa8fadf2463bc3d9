// The Devin action's check of blueprint_file before the upload, in process on a virtual clock: what
// the annotations say (with the token redacted), that an error sends nothing, and that a checker that
// fails (a bug) costs a warning, never the upload it guards.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDevinApi } from '../../fakes/devin/api.js';
import { mainStepInProcess } from '../../harness/in-process.js';
import { DEVIN_ORG, DEVIN_TOKEN } from '../../harness/kits/devin.js';
import { VirtualClock } from '../../harness/virtual-clock.js';
import { commandSafe } from '../../src/core/untrusted.js';
import { devinDefinition } from '../../src/devin/definition.js';
import { startFake } from '../support/index.js';

let workspace: string;
beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'devin-check-'));
  mkdirSync(join(workspace, 'candidate'));
  // Line 2: both run and uses (an error); line 4: a key that quotes the token (a warning).
  writeFileSync(
    join(workspace, 'candidate', 'blueprint.yaml'),
    `initialize:\n  - run: npm ci\n    uses: github.com/actions/setup-node@v4\n${DEVIN_TOKEN}: 1\n`
  );
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

async function upload(file: string, overrides: Record<string, string> = {}) {
  const clock = new VirtualClock();
  const fake = await startFake(
    new FakeDevinApi({ now: clock.now, plan: { outcome: 'succeeded', pendingMs: 1000, runningMs: 5000 } })
  );
  const inputs = { org_id: DEVIN_ORG, token: DEVIN_TOKEN, api_url: fake.url, blueprint_file: file, ...overrides };
  const env = { GITHUB_REPOSITORY: 'acme/app', GITHUB_WORKSPACE: workspace };
  return { fake, run: await mainStepInProcess(devinDefinition, inputs, { clock, env }) };
}

describe('the Devin action checks blueprint_file before the upload', () => {
  it('annotates each finding on its line, the token redacted, and sends nothing on an error', async () => {
    const { fake, run } = await upload('candidate/blueprint.yaml');
    expect(fake.requests).toEqual([]);
    expect(run.annotations.map(({ severity, title, file, startLine }) => [severity, title, file, startLine])).toEqual([
      ['error', 'step-action', 'candidate/blueprint.yaml', 2],
      ['warning', 'unknown-key', 'candidate/blueprint.yaml', 4]
    ]);
    expect(run.report.failure).toContain('nothing was sent to Devin (no upload, no build)');
    expect(run.report.failure).toContain('candidate/blueprint.yaml:2:');
    expect(run.everything()).not.toContain(DEVIN_TOKEN);
    expect(run.outputs.result).toBe('');
  });

  it('checks nothing with check: false', async () => {
    const { fake, run } = await upload('candidate/blueprint.yaml', { check: 'false' });
    expect(run.annotations).toEqual([]);
    expect(fake.blueprints()).toHaveLength(1);
    expect(run.outputs.result).toBe('success');
  });
});

describe('a checker that fails', () => {
  it('is a warning, and the upload goes on unchecked', async () => {
    jest.unstable_mockModule('../../src/checker/checker.js', () => ({
      checkBlueprint: () => {
        throw new Error('a bug\n::error::in the checker');
      }
    }));
    const { fake, run } = await upload('candidate/blueprint.yaml');
    // One line, and no runner command in it.
    expect(run.warning).toEqual([
      commandSafe(
        'The check of candidate/blueprint.yaml failed (a bug ::error::in the checker); uploading it unchecked. Please report this.'
      )
    ]);
    expect(run.annotations).toEqual([]);
    expect(fake.blueprints()).toHaveLength(1);
    expect(run.outputs.result).toBe('success');
  });
});
