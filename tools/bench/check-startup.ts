// The check action's start-up beside the Devin action's, and what checking a 16 KB blueprint costs
// beyond start-up. Each round spawns, in an order that rotates: `true` (what spawning costs, taken off
// every time), bare `node -e 0`, the Devin bundle (wait: false) to its first request on the fake
// Devin API, the check bundle to its first request on the fake GitHub API (verify_actions), and the
// check bundle offline on a small blueprint and on a 16 KB one, each to its exit.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDevinApi } from '../../fakes/devin/api.js';
import { FakeGitHubApi } from '../../fakes/github/api.js';
import { DEVIN_ORG, DEVIN_TOKEN } from '../../harness/kits/devin.js';
import { runnerEnvironment } from '../../harness/runner.js';
import { spawnTimed } from './spawn.js';
import { median } from './stats.js';

export interface CheckStartUp {
  rounds: number;
  bareMs: number;
  /** Spawn → first request, medians. */
  mainMs: number;
  checkMs: number;
  /** Median of the per-round ratios check / main: at most 1 is "starts no slower". */
  checkOverMain: number;
  checkRatio: number;
  mainRatio: number;
  /** The check bundle offline, spawn → exit: a small blueprint, and one of `largeBytes`. */
  smallExitMs: number;
  largeExitMs: number;
  largeBytes: number;
  /** Median of the per-round differences: what a 16 KB blueprint costs beyond start-up. */
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
    const checkEnv = (inputs: Record<string, string>) =>
      runnerEnvironment(dir, inputs, { GITHUB_WORKSPACE: dir, GITHUB_API_URL: github.url });
    const envs = {
      bare: runnerEnvironment(dir, {}),
      main: runnerEnvironment(dir, { org_id: DEVIN_ORG, token: DEVIN_TOKEN, api_url: devin.url, wait: 'false' }),
      check: checkEnv({ github_token: '' }),
      small: checkEnv({ verify_actions: 'false' }),
      large: checkEnv({ verify_actions: 'false', path: '.devin/large.yaml' })
    };
    const untilExit = async (command: string, args: string[], env: Record<string, string>) => {
      const { startedAt, exitedAt, code } = await spawnTimed(command, args, env, dir);
      if (code !== 0 && command !== 'true') throw new Error(`${args.join(' ')} exited ${code}`);
      return exitedAt - startedAt;
    };
    const untilFirstRequest = async (bundle: string, env: Record<string, string>) => {
      firstRequestAt = 0;
      const { startedAt, code } = await spawnTimed(process.execPath, [bundle], env, dir);
      if (!firstRequestAt) throw new Error(`${bundle} exited (${code}) without a request`);
      return firstRequestAt - startedAt;
    };
    const contenders: [string, () => Promise<number>][] = [
      ['spawn', () => untilExit('true', [], envs.bare)],
      ['bare', () => untilExit(process.execPath, ['-e', '0'], envs.bare)],
      ['main', () => untilFirstRequest(options.mainBundle, envs.main)],
      ['check', () => untilFirstRequest(options.checkBundle, envs.check)],
      ['small', () => untilExit(process.execPath, [options.checkBundle], envs.small)],
      ['large', () => untilExit(process.execPath, [options.checkBundle], envs.large)]
    ];
    const times = new Map<string, number[]>(contenders.map(([label]) => [label, []]));
    // One unmeasured round: the first spawns pay for cold file caches.
    for (const [, time] of contenders) await time();
    for (let round = 0; round < options.rounds; round++) {
      for (let i = 0; i < contenders.length; i++) {
        const [label, time] = contenders[(round + i) % contenders.length];
        times.get(label)?.push(await time());
      }
    }
    const overhead = times.get('spawn') ?? [];
    const of = (label: string) => (times.get(label) ?? []).map((ms, round) => ms - overhead[round]);
    const perRound = (a: string, b: string, combine: (x: number, y: number) => number) =>
      median(of(a).map((ms, round) => combine(ms, of(b)[round])));
    return {
      rounds: options.rounds,
      bareMs: median(of('bare')),
      mainMs: median(of('main')),
      checkMs: median(of('check')),
      checkOverMain: perRound('check', 'main', (x, y) => x / y),
      checkRatio: perRound('check', 'bare', (x, y) => x / y),
      mainRatio: perRound('main', 'bare', (x, y) => x / y),
      smallExitMs: median(of('small')),
      largeExitMs: median(of('large')),
      largeBytes: Buffer.byteLength(large),
      largeBeyondStartUpMs: perRound('large', 'small', (x, y) => x - y)
    };
  } finally {
    await devin.stop();
    await github.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
