// The check action's start-up beside the Devin action's, and what checking a 16 KB blueprint costs
// beyond start-up. Start-up is process start → the step's first workflow command, the `::add-mask::`
// of its token: by then node is up and the action's code is loaded, and the step has begun. Each
// action loads what its work needs after that (the check its checker and YAML parser, as the Devin
// action does for a blueprint file), so the first request comes later in the check action, after it
// has read and checked the file: that is reported beside, with no guard, and the cost of the checking
// itself by the 16 KB figure. Each round spawns, in an order that rotates: `true` (what spawning
// costs, taken off every time), bare `node -e 0`, the Devin bundle (wait: false) to its first request
// on the fake Devin API, the same with the small blueprint as its blueprint_file (checked, then
// uploaded), the check bundle to its first request on the fake GitHub API (verify_actions), and the
// check bundle offline on the small blueprint and on a 16 KB one, each to its exit.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDevinApi } from '../../fakes/devin/api.js';
import { FakeGitHubApi } from '../../fakes/github/api.js';
import { DEVIN_ORG, DEVIN_TOKEN } from '../../harness/kits/devin.js';
import { runnerEnvironment } from '../../harness/runner.js';
import { spawnTimed } from './spawn.js';
import { median } from './stats.js';

/** A token for the check action to mask and send, as the runner's github.token would be. */
const GITHUB_TOKEN = 'ghs_bench0000000000000000000000000000';

export interface CheckStartUp {
  rounds: number;
  bareMs: number;
  /** Spawn → the step's `::add-mask::`, medians. */
  mainStartMs: number;
  checkStartMs: number;
  /** Median of the per-round ratios of start-ups, check / main: at most 1 is "starts no slower". */
  checkStartOverMain: number;
  /** Spawn → first request, medians, and the median of the per-round ratios check / main. */
  mainRequestMs: number;
  checkRequestMs: number;
  checkRequestOverMain: number;
  /** The Devin action given the small blueprint as blueprint_file: spawn → first request (the upload), median, and over the Devin action's without one. */
  uploadRequestMs: number;
  uploadRequestOverMain: number;
  /** The check bundle offline, spawn → exit: a small blueprint, and one of `largeBytes`. */
  smallExitMs: number;
  largeExitMs: number;
  largeBytes: number;
  /** Median, the 16 KB run: its step's `::add-mask::` → its exit, everything the check does after start-up. */
  largeBeyondStartUpMs: number;
}

const SMALL = 'initialize:\n  - uses: github.com/actions/setup-node@v4\n    with:\n      node-version: "22"\n';

/** A blueprint that follows the reference, of at least `bytes`: named steps, step variables, knowledge. */
function largeBlueprint(bytes: number): string {
  const steps: string[] = ['initialize:'];
  for (let i = 0; steps.join('\n').length < bytes * 0.8; i++) {
    steps.push(
      `  - name: Step ${i}`,
      `    run: |`,
      `      echo "installing part ${i}" && npm run setup:part-${i} -- --retries 3`,
      `    env:`,
      `      PART: "${i}"`
    );
  }
  const knowledge: string[] = ['knowledge:'];
  for (let i = 0; steps.join('\n').length + knowledge.join('\n').length < bytes; i++) {
    knowledge.push(`  - name: task-${i}`, `    contents: npm run task-${i} -- --verbose`);
  }
  return `${steps.join('\n')}\n${knowledge.join('\n')}\n`;
}

export async function measureCheckStartUp(options: {
  mainBundle: string;
  checkBundle: string;
  rounds: number;
}): Promise<CheckStartUp> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-check-'));
  const devin = new FakeDevinApi({});
  const github = new FakeGitHubApi({
    token: GITHUB_TOKEN,
    repositories: [{ fullName: 'actions/setup-node', refs: { v4: { 'action.yml': 'runs:\n  using: node20\n' } } }]
  });
  try {
    await devin.start();
    await github.start();
    mkdirSync(join(dir, '.devin'));
    const large = largeBlueprint(16 * 1024);
    writeFileSync(join(dir, '.devin', 'blueprint.yaml'), SMALL);
    writeFileSync(join(dir, '.devin', 'large.yaml'), large);
    let firstRequestAt = 0;
    for (const fake of [devin, github]) {
      fake.onRequest = () => {
        firstRequestAt ||= performance.now();
        return false;
      };
    }
    // Both actions are given a token, as on the runner (github_token defaults to github.token), so
    // both steps begin by masking it.
    const mainInputs = { org_id: DEVIN_ORG, token: DEVIN_TOKEN, api_url: devin.url, wait: 'false' };
    const checkEnv = (inputs: Record<string, string>) =>
      runnerEnvironment(
        dir,
        { github_token: GITHUB_TOKEN, ...inputs },
        { GITHUB_WORKSPACE: dir, GITHUB_API_URL: github.url }
      );
    const envs = {
      bare: runnerEnvironment(dir, {}),
      main: runnerEnvironment(dir, mainInputs),
      upload: runnerEnvironment(
        dir,
        { ...mainInputs, blueprint_file: '.devin/blueprint.yaml' },
        { GITHUB_WORKSPACE: dir, GITHUB_REPOSITORY: 'acme/app' }
      ),
      check: checkEnv({}),
      small: checkEnv({ verify_actions: 'false' }),
      large: checkEnv({ verify_actions: 'false', path: '.devin/large.yaml' })
    };
    const times = new Map<string, number[]>();
    const record = (label: string, ms: number) => times.set(label, [...(times.get(label) ?? []), ms]);
    /**
     * Spawns, and records spawn → exit as `label`; for a bundle also spawn → its step's first
     * `::add-mask::` as `label-start`, and with `requests` spawn → the first request as `label-request`.
     */
    const run = async (
      label: string,
      command: string,
      args: string[],
      env: Record<string, string>,
      of: { bundle?: true; requests?: true } = {}
    ) => {
      firstRequestAt = 0;
      const { startedAt, exitedAt, markedAt, code } = await spawnTimed(command, args, env, dir, '::add-mask::');
      if (code !== 0 && command !== 'true') throw new Error(`${args.join(' ')} exited ${code}`);
      record(label, exitedAt - startedAt);
      if (!of.bundle) return;
      if (markedAt === undefined) throw new Error(`${args.join(' ')} masked no token`);
      record(`${label}-start`, markedAt - startedAt);
      record(`${label}-after-start`, exitedAt - markedAt);
      if (!of.requests) return;
      if (!firstRequestAt) throw new Error(`${args.join(' ')} exited without a request`);
      record(`${label}-request`, firstRequestAt - startedAt);
    };
    const bundle = (label: string, path: string, env: Record<string, string>, requests?: true) =>
      run(label, process.execPath, [path], env, { bundle: true, requests });
    const contenders: [string, () => Promise<void>][] = [
      ['spawn', () => run('spawn', 'true', [], envs.bare)],
      ['bare', () => run('bare', process.execPath, ['-e', '0'], envs.bare)],
      ['main', () => bundle('main', options.mainBundle, envs.main, true)],
      ['upload', () => bundle('upload', options.mainBundle, envs.upload, true)],
      ['check', () => bundle('check', options.checkBundle, envs.check, true)],
      ['small', () => bundle('small', options.checkBundle, envs.small)],
      ['large', () => bundle('large', options.checkBundle, envs.large)]
    ];
    // One unmeasured round: the first spawns pay for cold file caches.
    for (const [, time] of contenders) await time();
    times.clear();
    for (let round = 0; round < options.rounds; round++) {
      for (let i = 0; i < contenders.length; i++) await contenders[(round + i) % contenders.length][1]();
    }
    const overhead = times.get('spawn') ?? [];
    /** A series with each round's spawning cost taken off (not from a difference of two times). */
    const of = (label: string) => (times.get(label) ?? []).map((ms, round) => ms - overhead[round]);
    const ratio = (a: string, b: string) => median(of(a).map((ms, round) => ms / of(b)[round]));
    return {
      rounds: options.rounds,
      bareMs: median(of('bare')),
      mainStartMs: median(of('main-start')),
      checkStartMs: median(of('check-start')),
      checkStartOverMain: ratio('check-start', 'main-start'),
      mainRequestMs: median(of('main-request')),
      checkRequestMs: median(of('check-request')),
      checkRequestOverMain: ratio('check-request', 'main-request'),
      uploadRequestMs: median(of('upload-request')),
      uploadRequestOverMain: ratio('upload-request', 'main-request'),
      smallExitMs: median(of('small')),
      largeExitMs: median(of('large')),
      largeBytes: Buffer.byteLength(large),
      largeBeyondStartUpMs: median(times.get('large-after-start') ?? [])
    };
  } finally {
    await devin.stop();
    await github.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
