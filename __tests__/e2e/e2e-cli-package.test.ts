// The package as people install it: `npm pack` of this repository (its `files`, with dist/ the
// bundle of the current sources), installed into an empty folder with `npm install --offline`
// (it pulls nothing: its dependencies are bundled), and its bin run as a user runs it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { FakeDevinApi } from '../../fakes/devin/api.js';
import devinKit, { DEVIN_TOKEN } from '../../harness/kits/devin.js';
import { currentBundle, REPO_ROOT } from '../../harness/runner.js';
import packageJson from '../../package.json' with { type: 'json' };
import { startFake } from '../support/index.js';

const run = promisify(execFile);
let root: string;
let packed: { files: { path: string }[]; filename: string };
let installed: string;

/** npm, hermetic: its cache in the test's folder, no network. */
function npm(args: string[], cwd: string) {
  return run('npm', [...args, '--cache', join(root, 'cache'), '--no-audit', '--no-fund', '--no-update-notifier'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: root }
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'command-package-'));
  // The repository as `npm pack` sees it: package.json and what its `files` name, dist/ built from the current sources.
  const stage = join(root, 'stage');
  mkdirSync(stage);
  for (const path of ['package.json', 'README.md', 'LICENSE', ...packageJson.files]) {
    const source = path === 'dist/' ? await currentBundle() : join(REPO_ROOT, path);
    cpSync(source, join(stage, path), { recursive: true });
  }
  const { stdout } = await npm(['pack', '--json', '--pack-destination', root], stage);
  [packed] = JSON.parse(stdout) as (typeof packed)[];
  installed = join(root, 'installed');
  mkdirSync(installed);
  await npm(['install', '--offline', join(root, packed.filename)], installed);
}, 120_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the bundles and the docs, no sources, and depends on nothing', () => {
    const paths = packed.files.map(file => file.path);
    expect(paths).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'dist/cli/index.js', 'docs/how-it-behaves.md'])
    );
    expect(paths.filter(path => /^(src|__tests__|fakes|harness|node_modules)\//.test(path))).toEqual([]);
    const manifest = JSON.parse(
      readFileSync(join(installed, 'node_modules', packageJson.name, 'package.json'), 'utf8')
    );
    expect(manifest.private).toBeUndefined();
    expect(manifest.dependencies).toBeUndefined();
    expect(readdirSync(join(installed, 'node_modules')).filter(name => !name.startsWith('.'))).toEqual([
      packageJson.name
    ]);
    expect(readFileSync(join(installed, 'node_modules', packageJson.name, 'dist/cli/index.js'), 'utf8')).toMatch(
      /^#!\/usr\/bin\/env node\n/
    );
  });

  it('installs a snapshot-build bin that runs a build to its verdict', async () => {
    const bin = join(installed, 'node_modules', '.bin', 'snapshot-build');
    expect(existsSync(bin)).toBe(true);
    // The bin's shebang finds node on PATH: the one the suites run the bundles with (ACTION_NODE) first.
    const node = dirname(process.env.ACTION_NODE || process.execPath);
    const env = { PATH: `${node}${delimiter}${process.env.PATH ?? ''}`, HOME: root };
    const version = await run(bin, ['--version'], { env });
    expect(version.stdout).toBe(`${packageJson.version}\n`);

    const fake = await startFake(new FakeDevinApi({ plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 200 } }));
    const inputs = devinKit.inputs(fake);
    const result = await run(
      bin,
      ['devin', '--org-id', inputs.org_id, '--api-url', fake.url, '--poll-interval', '100ms', '--json'],
      { env: { ...env, DEVIN_API_KEY: DEVIN_TOKEN } }
    );
    expect(JSON.parse(result.stdout)).toMatchObject({ result: 'success', build_id: fake.createdBuildIds()[0] });
  });
});
