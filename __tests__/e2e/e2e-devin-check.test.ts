// The Devin action's check of blueprint_file before the upload, as the runner runs the bundle: an
// error stops the run with no request to Devin (the fake's request log stays empty), annotated on its
// line; warnings annotate and the upload goes on; check: false uploads as it is. The checker is a
// chunk of its own, loaded only then: these runs prove that the chunk loads at runtime.
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDevinApi } from '../../fakes/devin/api.js';
import { FakeGitHubApi } from '../../fakes/github/api.js';
import devinKit, { DEVIN_TOKEN } from '../../harness/kits/devin.js';
import { currentBundle, type ActionRun } from '../../harness/runner.js';
import { runAction, startFake } from '../support/index.js';

const REPO = 'acme/app';
const ORG = 'org-test';
/** Line 3 is an error (uses without github.com/), line 5 a warning (3.10 read as 3.1). */
const WITH_ERROR = [
  'initialize:',
  '  - name: Node',
  '    uses: actions/setup-node@v4',
  '    with:',
  '      node-version: 3.10',
  ''
].join('\n');
const WITH_WARNING = 'initialize: |\n  npm ci\nsetup: |\n  echo misspelt\n';

const workspaces: string[] = [];
afterEach(() => {
  for (const dir of workspaces.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workspaceWith(blueprint: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'devin-check-workspace-'));
  workspaces.push(dir);
  mkdirSync(join(dir, '.devin'));
  writeFileSync(join(dir, '.devin', 'blueprint.yaml'), blueprint);
  return dir;
}

async function upload(blueprint: string, overrides: Record<string, string> = {}, env: Record<string, string> = {}) {
  const fake = await startFake(
    new FakeDevinApi({ timestampUnit: 'ms', plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 300 } })
  );
  const inputs = {
    org_id: ORG,
    token: DEVIN_TOKEN,
    api_url: fake.url,
    poll_interval: '100ms',
    blueprint_file: './.devin/blueprint.yaml',
    ...overrides
  };
  const run = await runAction(devinKit, inputs, {
    env: { GITHUB_REPOSITORY: REPO, GITHUB_WORKSPACE: workspaceWith(blueprint), ...env }
  });
  return { fake, run };
}

const annotationLines = (run: ActionRun): string[] =>
  run.stdout.split('\n').filter(line => /^::(error|warning|notice) /.test(line));

describe('the Devin action checks blueprint_file before the upload', () => {
  it('sends nothing to Devin when the file has an error, annotates it on its line, and fails', async () => {
    // A GitHub API it could call: it must not (this action never calls GitHub).
    const github = await startFake(new FakeGitHubApi());
    const { fake, run } = await upload(WITH_ERROR, {}, { GITHUB_API_URL: github.url });
    expect(fake.requests).toEqual([]);
    expect(github.requests).toEqual([]);
    expect(run.exitCode).toBe(1);
    expect(annotationLines(run)).toEqual([
      expect.stringMatching(
        /^::error title=uses-format,file=\.devin\/blueprint\.yaml,line=3,endLine=3,col=11,endColumn=\d+::/
      ),
      expect.stringMatching(/^::warning title=value-changed,file=\.devin\/blueprint\.yaml,line=5,/)
    ]);
    expect(run.stdout).toContain(
      '::error::The blueprint file ./.devin/blueprint.yaml has 1 error, 1 warning, so nothing was sent to Devin (no upload, no build). ' +
        'Fix the errors, or set check: false to upload it anyway:%0A'
    );
    expect(run.stdout).toContain('.devin/blueprint.yaml:3:11: error uses-format: ');
    expect(run.summary).toMatch(/^## ❌ Snapshot build stopped on an error/);
    expect(run.summary).toContain('uses&#45;format');
    expect(run.outputs.result).toBe('');
  });

  it('annotates a warning and uploads: the build runs', async () => {
    const { fake, run } = await upload(WITH_WARNING);
    expect(run.exitCode).toBe(0);
    expect(annotationLines(run)).toEqual([
      expect.stringMatching(/^::warning title=unknown-key,file=\.devin\/blueprint\.yaml,line=3,/)
    ]);
    expect(run.stdout).toContain('./.devin/blueprint.yaml has 1 warning; uploading it.');
    expect(fake.blueprints().map(blueprint => blueprint.contents)).toEqual([WITH_WARNING]);
    expect(run.outputs.result).toBe('success');
  });

  it('uploads the file as it is with check: false', async () => {
    const { fake, run } = await upload(WITH_ERROR, { check: 'false' });
    expect(run.exitCode).toBe(0);
    expect(annotationLines(run)).toEqual([]);
    expect(fake.blueprints().map(blueprint => blueprint.contents)).toEqual([WITH_ERROR]);
  });
});

describe('the checker in the Devin bundle', () => {
  it('is a chunk of its own: index.js holds neither the checker nor the YAML parser', async () => {
    const dir = await currentBundle();
    const main = readFileSync(join(dir, 'index.js'), 'utf8');
    const chunks = readdirSync(dir).filter(name => /^\d+\.index\.js$/.test(name));
    const chunkText = chunks.map(name => readFileSync(join(dir, name), 'utf8')).join('\n');
    // The YAML parser's option and one of the checker's messages.
    for (const marker of ['maxAliasCount', 'Did you mean']) {
      expect([marker, main.includes(marker)]).toEqual([marker, false]);
      expect([marker, chunkText.includes(marker)]).toEqual([marker, true]);
    }
  });
});
