// The gate's contract as the runner sees it, over each API's kit: a bundle of the current sources
// run as a child process (INPUT_* variables, the GITHUB_OUTPUT / STATE / summary files, exit
// codes), against the API's fake on real time; short lifecycles and a 100 ms poll interval keep
// each run to a second or two. What only one API does is in its own e2e file.
import { describe, expect, it } from '@jest/globals';
import type { FakeApiServer } from '../../fakes/server.js';
import { API_KITS, type ApiKit, type KitFakeOptions } from '../../harness/kits/index.js';
import { visibleOutput, type ActionRun } from '../../harness/runner.js';
import { summaryText } from '../../src/core/untrusted.js';
import { errorLines, runAction, startFake, successOutputs } from '../support/index.js';

describe.each(API_KITS.map(kit => [kit.product, kit] as const))('the %s bundle', (_product, kit: ApiKit) => {
  /** Builds queued 150 ms, then running 300 ms, unless the options say otherwise. */
  const newFake = (options: KitFakeOptions = {}) =>
    kit.newFake({ plan: { outcome: 'success', queuedMs: 150, runningMs: 300 }, ...options });

  /** The main step with valid inputs and a 100 ms poll; no run may show the token. */
  async function run(api: FakeApiServer, overrides: Record<string, string> = {}): Promise<ActionRun> {
    const result = await runAction(kit, kit.inputs(api, { poll_interval: '100ms', timeout: '20s', ...overrides }));
    expect(visibleOutput(result)).not.toContain(kit.token);
    return result;
  }

  it('passes on a successful build, with every output, the state and a summary', async () => {
    const api = await startFake(newFake());
    const result = await run(api);
    const [id] = api.createdBuildIds();
    expect(errorLines(result)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual(successOutputs(kit, id));
    expect(result.state).toEqual({
      trigger_sent_at: expect.stringMatching(/^\d{13}$/),
      build_id: id,
      main_finished: 'true'
    });
    expect(result.stdout).toContain(`::add-mask::${kit.token}`);
    expect(result.stdout).toContain(`${kit.started} build ${id} (${kit.statuses.queued})`);
    expect(result.stdout).toContain(`Build ${id}: ${kit.statuses.queued} → ${kit.statuses.running}`);
    expect(result.stdout).toMatch(new RegExp(`Build ${id} succeeded after \\d+(ms|s)\\.`));
    expect(result.summary).toContain(`## ✅ ${kit.title} succeeded`);
    expect(result.summary).toContain(`- **Build:** ${summaryText(id)}`);
    expect(result.summary).toMatch(
      new RegExp(`### Timeline[\\s\\S]*\\| ${kit.statuses.queued} \\|[\\s\\S]*\\| ${kit.statuses.success} \\|`)
    );
    expect(
      api.requests.every(r => /^snapshot-build-action\/\d+\.\d+\.\d+$/.test(String(r.headers['user-agent'])))
    ).toBe(true);
  });

  it('fails the step on a failed build, with one error line', async () => {
    const api = await startFake(newFake({ plan: { outcome: 'failure', queuedMs: 100, runningMs: 200 } }));
    const result = await run(api);
    const [id] = api.createdBuildIds();
    expect(result.exitCode).toBe(1);
    expect(errorLines(result)).toEqual([
      expect.stringMatching(
        new RegExp(`^::error::Build ${id} failed after \\d+(ms|s) \\(status ${kit.statuses.failure}\\)`)
      )
    ]);
    expect(result.outputs).toMatchObject({ build_id: id, status: kit.statuses.failure, result: 'failure' });
    expect(result.summary).toContain(`## ❌ ${kit.title} failed`);
  });

  it('times out with the last status', async () => {
    const api = await startFake(newFake({ plan: { outcome: 'success', queuedMs: 100, runningMs: 600_000 } }));
    const result = await run(api, { timeout: '1500ms' });
    const [id] = api.createdBuildIds();
    expect(result.exitCode).toBe(1);
    expect(errorLines(result)).toEqual([`::error::timed out after 2s; build ${id} is still ${kit.statuses.running}`]);
    expect(result.outputs).toMatchObject({ build_id: id, result: 'timed_out', completed_at: '' });
    expect(api.requests.filter(kit.isCancel)).toHaveLength(0);
  });

  it('attaches to an existing build by build_id', async () => {
    const api = await startFake(newFake());
    const id = kit.addRunningBuild(api, 60_000);
    const result = await run(api, { build_id: id, timeout: '500ms' });
    expect(result.stdout).toContain(`Attached to build ${id} (${kit.statuses.running})`);
    expect(result.outputs).toMatchObject({ build_id: id, result: 'timed_out' });
    expect(api.requests.filter(kit.isTrigger)).toHaveLength(0);
  });

  it('with wait: false, makes the build, sets outputs and succeeds at once', async () => {
    const api = await startFake(newFake());
    const result = await run(api, { wait: 'false' });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      `Build ${api.createdBuildIds()[0]} is ${kit.statuses.queued}; not waiting for it (wait: false).`
    );
    expect(result.outputs).toMatchObject({
      build_id: api.createdBuildIds()[0],
      status: kit.statuses.queued,
      result: 'triggered',
      completed_at: ''
    });
    expect(api.requests.map(r => r.method)).toEqual(['POST']);
  });

  it.each([
    [{ token: '' }, 'Input "token" is required but empty'],
    [{ timeout: 'forever' }, 'Input "timeout" must be a duration such as 90s, 15m, 1h30m or 500ms'],
    [{ poll_interval: '10ms' }, 'Input "poll_interval" must be a duration'],
    [{ wait: 'maybe' }, 'Input "wait" must be true or false (got "maybe").'],
    [{ api_url: 'http://example.com' }, 'Input "api_url" must be an https:// URL']
  ])('refuses bad input %j with one clear line and sends nothing', async (overrides, message) => {
    const api = await startFake(newFake());
    const result = await run(api, overrides);
    expect(result.exitCode).toBe(1);
    const errors = errorLines(result);
    expect(errors).toHaveLength(1);
    expect(errors[0].startsWith(`::error::${message}`)).toBe(true);
    expect(errors[0]).not.toContain('%0A');
    expect(api.requests).toHaveLength(0);
    expect(result.outputs).toMatchObject({ build_id: '', result: '' });
  });

  it('explains a wrong token with one error line', async () => {
    const api = await startFake(newFake());
    const result = await run(api, { token: `${kit.token}_wrong` });
    expect(result.exitCode).toBe(1);
    expect(errorLines(result)).toEqual([expect.stringContaining(`The ${kit.product} API rejected the token (401)`)]);
    expect(api.createdBuildIds()).toHaveLength(0);
  });
});
