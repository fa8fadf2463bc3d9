// The gate's contract, written once and run over each API's kit: whole runs of the action's
// definition through the core's entry (mainStep), in this process on a virtual clock,
// against the API's fake over real HTTP. What only one API does is tested in its own file.
import { beforeEach, describe, expect, it } from '@jest/globals';
import type { FakeApiServer } from '../../fakes/server.js';
import { mainStepInProcess, postStepInProcess } from '../../harness/in-process.js';
import { API_KITS, type ApiKit, type KitFakeOptions } from '../../harness/kits/index.js';
import { VirtualClock } from '../../harness/virtual-clock.js';
import { AbortedError } from '../../src/core/errors.js';
import { HttpTransport } from '../../src/core/http.js';
import { outputNames } from '../../src/core/outputs.js';
import { summaryText } from '../../src/core/untrusted.js';
import { failing, startFake, successOutputs } from '../support/index.js';

describe.each(API_KITS.map(kit => [kit.product, kit] as const))('the %s gate', (_product, kit: ApiKit) => {
  let clock: VirtualClock;
  beforeEach(() => {
    clock = new VirtualClock();
  });

  /** Builds queued 20 s, then running 100 s, unless the options say otherwise. */
  const newFake = (options: KitFakeOptions = {}) =>
    kit.newFake({ now: clock.now, plan: { outcome: 'success', queuedMs: 20_000, runningMs: 100_000 }, ...options });

  const run = (api: FakeApiServer, overrides: Record<string, string> = {}, signal?: AbortSignal) =>
    mainStepInProcess(kit.definition, kit.inputs(api, overrides), { clock, signal });

  it('makes one build, follows it to success, and sets every output, the state and the summary', async () => {
    const api = await startFake(newFake());
    const started = clock.now();
    const result = await run(api);
    const [id] = api.createdBuildIds();
    expect(api.createdBuildIds()).toHaveLength(1);
    expect(result.report).toMatchObject({ failure: undefined, outcome: { result: 'success', passed: true } });
    expect(result.outputs).toEqual(successOutputs(kit, id));
    expect(result.state).toEqual({
      trigger_sent_at: String(started), // saved before the trigger was sent
      build_id: id,
      main_finished: 'true'
    });
    expect(result.secrets).toEqual([kit.token]);
    expect(result.info).toContain(`${kit.started} build ${id} (${kit.statuses.queued})`);
    // One line per status change, not one per check.
    expect(result.info.filter(line => line.includes('→'))).toEqual([
      expect.stringContaining(`Build ${id}: ${kit.statuses.queued} → ${kit.statuses.running}`),
      expect.stringContaining(`Build ${id}: ${kit.statuses.running} → ${kit.statuses.success}`)
    ]);
    expect(result.info.at(-1)).toMatch(new RegExp(`^Build ${id} succeeded after \\d+m\\d*s?\\.$`));
    expect(result.summary).toContain(`## ✅ ${kit.title} succeeded`);
    expect(result.summary).toContain(`- **Build:** ${summaryText(id)}`);
    expect(result.everything()).not.toContain(kit.token);
  });

  it('has a backend with the methods its definition declares as capabilities, and no others', async () => {
    const api = await startFake(newFake());
    const values = kit.inputs(api);
    const inputs = kit.definition.readInputs(name => values[name] ?? '', {});
    const transport = new HttpTransport({ baseUrl: api.url, token: kit.token, userAgent: 'contract' });
    const backend = kit.definition.backend(inputs, transport, {});
    const { capabilities } = kit.definition;
    expect({
      pin: !!backend.pin,
      logs: !!backend.logUrl,
      supersede: !!backend.supersededBy,
      afterSuccess: !!backend.afterSuccess
    }).toEqual({
      pin: capabilities.pin,
      logs: capabilities.logs,
      supersede: capabilities.supersede,
      afterSuccess: capabilities.afterSuccessOutputs.length > 0
    });
  });

  it('fails the step when the build fails, pointing to its logs when it did not show them', async () => {
    const api = await startFake(newFake({ plan: { outcome: 'failure', queuedMs: 5000, runningMs: 55_000 } }));
    const result = await run(api);
    const [id] = api.createdBuildIds();
    expect(result.report.outcome).toMatchObject({ result: 'failure', passed: false });
    expect(result.report.failure).toMatch(
      new RegExp(`^Build ${id} failed after (55s|1m) \\(status ${kit.statuses.failure}\\)`)
    );
    // Where the log's end was shown, the step log and the summary have it; elsewhere the failure says where it is.
    const pointer = `See the build's logs in ${kit.product}.`;
    if (kit.definition.capabilities.logs) expect(result.report.failure).not.toContain(pointer);
    else expect(result.report.failure).toContain(pointer);
    expect(result.outputs).toMatchObject({ build_id: id, status: kit.statuses.failure, result: 'failure' });
  });

  it(
    kit.definition.capabilities.logs
      ? "shows the failed build's log in a collapsed group, between stop-commands markers"
      : 'asks for no log: the API has none, and the action no show_logs input',
    async () => {
      const api = await startFake(newFake({ plan: { outcome: 'failure', queuedMs: 5000, runningMs: 55_000 } }));
      const result = await run(api);
      const group = result.info.findIndex(line => line.startsWith('::group::Build log'));
      expect(api.requests.some(request => request.path.endsWith('/logs'))).toBe(kit.definition.capabilities.logs);
      expect(group >= 0).toBe(kit.definition.capabilities.logs);
      expect('show_logs' in kit.inputs(api) || outputNames(kit.definition.capabilities).includes('log_path')).toBe(
        kit.definition.capabilities.logs
      );
      if (kit.definition.capabilities.logs) {
        expect(result.info[group + 1]).toMatch(/^::stop-commands::[0-9a-f]{32}$/);
        expect(result.outputs.log_path).toMatch(/snapshot-build-log-[0-9a-f]{12}\.txt$/);
      }
    }
  );

  it(
    kit.definition.capabilities.pin ? 'pins a build that succeeded when asked' : 'has no pin input: the API cannot pin',
    async () => {
      const api = await startFake(newFake());
      const result = await run(api, kit.definition.capabilities.pin ? { pin: 'true' } : {});
      expect(result.outputs.result).toBe('success');
      expect(api.requests.some(request => request.path.endsWith('/pin'))).toBe(kit.definition.capabilities.pin);
      expect(outputNames(kit.definition.capabilities).includes('pinned')).toBe(kit.definition.capabilities.pin);
      if (kit.definition.capabilities.pin) expect(result.outputs.pinned).toBe('true');
    }
  );

  it('times out with the last status, leaving the build alone by default', async () => {
    const api = await startFake(newFake({ plan: { outcome: 'success', queuedMs: 1000, runningMs: 3_600_000 } }));
    const started = clock.now();
    const result = await run(api, { timeout: '2m' });
    const [id] = api.createdBuildIds();
    expect(result.report.failure).toBe(`timed out after 2m; build ${id} is still ${kit.statuses.running}`);
    expect(result.outputs).toMatchObject({ result: 'timed_out', status: kit.statuses.running, completed_at: '' });
    expect(api.requests.filter(kit.isCancel)).toHaveLength(0);
    expect(clock.now() - started).toBeLessThanOrEqual(120_000);
  });

  it('honours a Retry-After past the deadline until the deadline, and only then times out', async () => {
    const api = await startFake(
      newFake({ onRequest: failing(() => true, 503, { headers: { 'retry-after': '7200' } }) })
    );
    const started = clock.now();
    const result = await run(api, { timeout: '5m' });
    expect(result.outputs).toMatchObject({ result: 'timed_out', build_id: '' });
    expect(result.report.failure).toMatch(
      /503.*\(gave up after 1 attempt: the timeout came before the next retry, due in 2h\d*s?\)$/
    );
    expect(clock.now() - started).toBe(300_000);
    expect(api.requests).toHaveLength(1);
    expect(api.createdBuildIds()).toHaveLength(0);
  });

  it('sends the trigger again after an answer that proves nothing was made (503), making one build', async () => {
    let refusals = 2;
    const api = await startFake(
      newFake({
        plan: { outcome: 'success', queuedMs: 0, runningMs: 0 },
        onRequest: failing(request => kit.isTrigger(request) && refusals-- > 0, 503)
      })
    );
    const result = await run(api);
    expect(result.outputs.result).toBe('success');
    expect(api.requests.filter(kit.isTrigger)).toHaveLength(3);
    expect(api.createdBuildIds()).toHaveLength(1);
    expect(result.info.filter(line => line.includes('retrying in'))).toHaveLength(2);
  });

  it('waits for the Retry-After of a 429 before checking again', async () => {
    let throttled = false;
    const api = await startFake(
      newFake({
        onRequest: failing(request => request.method === 'GET' && !throttled && (throttled = true), 429, {
          headers: { 'retry-after': '40' }
        })
      })
    );
    const result = await run(api);
    expect(result.outputs.result).toBe('success');
    expect(result.info).toContainEqual(expect.stringMatching(/with 429: .*; retrying in (4\d|5\d)s$/));
    expect(clock.sleeps.some(ms => ms >= 40_000)).toBe(true);
  });

  it('attaches to an existing build by build_id without making one', async () => {
    const api = await startFake(newFake());
    const id = kit.addRunningBuild(api, 60_000);
    const result = await run(api, { build_id: id, timeout: '30s' });
    expect(api.requests.filter(kit.isTrigger)).toHaveLength(0);
    expect(result.info).toContain(`Attached to build ${id} (${kit.statuses.running})`);
    expect(result.outputs).toMatchObject({ build_id: id, result: 'timed_out' });
  });

  it('fails clearly when the build to attach to does not exist', async () => {
    const api = await startFake(newFake());
    const result = await run(api, { build_id: kit.unknownBuildId });
    expect(result.report.failure).toBe(
      `Build ${kit.unknownBuildId} was not found in the organization's builds. Check build_id and ${kit.orgInput}.`
    );
    expect(result.outputs).toMatchObject({ build_id: '', result: '' });
  });

  it('fails on an error that is no ActionError (a bug) with its message alone, its stack in debug lines', async () => {
    const api = await startFake(newFake());
    const buggy = {
      ...kit.definition,
      backend: () => {
        throw new TypeError(`a bug near ${kit.token}`);
      }
    };
    const main = await mainStepInProcess(buggy, kit.inputs(api), { clock });
    expect(main.report.failure).toBe('Unexpected error: a bug near ***');
    expect(main.summary).not.toContain('    at ');
    expect(main.debug).toContain('TypeError: a bug near ***');
    expect(main.debug).toContainEqual(expect.stringMatching(/^ {4}at /));
    const post = await postStepInProcess(buggy, kit.inputs(api), { clock, state: { build_id: kit.unknownBuildId } });
    expect(post.warning).toEqual(['The post step could not run: Unexpected error: a bug near ***']);
    expect(post.debug).toContainEqual(expect.stringMatching(/^ {4}at /));
    expect(main.everything() + post.everything()).not.toContain(kit.token);
    expect(api.requests).toHaveLength(0);
  });

  it('with wait false, makes the build and passes at once', async () => {
    const api = await startFake(newFake());
    const result = await run(api, { wait: 'false' });
    const [id] = api.createdBuildIds();
    expect(result.report.outcome).toMatchObject({ result: 'triggered', passed: true });
    expect(result.outputs).toMatchObject({ build_id: id, status: kit.statuses.queued, result: 'triggered' });
    expect(api.requests.map(request => request.method)).toEqual(['POST']);
  });

  it('refuses a redirect, naming its host, and sends nothing there', async () => {
    const api = await startFake(
      newFake({
        onRequest: (_request, response) => {
          response.writeHead(307, { location: 'https://elsewhere.example:8443/builds' }).end();
          return true;
        }
      })
    );
    const result = await run(api);
    expect(result.report.failure).toMatch(
      /with a redirect \(307\) to host elsewhere\.example:8443\. The action does not follow redirects, so the token is never sent elsewhere; set api_url to the final address\.$/
    );
    expect(api.requests).toHaveLength(1);
  });

  it('explains a wrong token, sending the request once', async () => {
    const api = await startFake(newFake());
    const result = await run(api, { token: `${kit.token}_wrong` });
    expect(result.report.failure).toContain(`The ${kit.product} API rejected the token (401)`);
    expect(api.requests).toHaveLength(1);
    expect(result.outputs.result).toBe('');
  });

  it('keeps the token out of every line even when the API echoes it', async () => {
    const api = await startFake(
      newFake({
        onRequest: (request, response) => {
          response.writeHead(400, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ detail: `bad key ${request.headers.authorization}`, type: 'invalid_error' }));
          return true;
        }
      })
    );
    const result = await run(api);
    expect(result.report.failure).toContain('bad key Bearer ***');
    expect(result.everything()).not.toContain(kit.token);
  });

  it('warns when poll_interval is longer than timeout: the run would time out before its first check', async () => {
    const api = await startFake(newFake());
    const result = await run(api, { poll_interval: '10m', timeout: '5m' });
    expect(result.warning).toContainEqual(
      'poll_interval (10m) is longer than timeout (5m): the run times out before its first status check. Set poll_interval below timeout.'
    );
    expect(result.outputs.result).toBe('timed_out');
  });

  it('warns that a bare number of 60 or more means seconds', async () => {
    const api = await startFake(newFake());
    const result = await run(api, { timeout: '90' });
    expect(result.warning).toContainEqual(
      'timeout: 90 means 90 seconds (a bare number is seconds); write 90m for minutes.'
    );
    expect(result.warning.filter(line => line.includes('bare number'))).toHaveLength(1);
  });

  it.each([
    [{ token: '' }, 'Input "token" is required but empty'],
    [{ timeout: 'forever' }, 'Input "timeout" must be a duration'],
    [{ api_url: 'http://example.com' }, 'Input "api_url" must be an https:// URL']
  ])('refuses bad input %j before sending anything', async (overrides, message) => {
    const api = await startFake(newFake());
    const result = await run(api, overrides);
    expect(result.report.failure).toContain(message);
    expect(api.requests).toHaveLength(0);
    expect(result.outputs).toMatchObject({ build_id: '', result: '' });
  });

  it(
    kit.capabilities.reconcile
      ? 'adopts the build a trigger answered 502 created, rather than trigger again'
      : 'does not make a second build after a 502 that may have made one: it stops and says what to look for',
    async () => {
      let posts = 0;
      const api = await startFake(
        newFake({
          onRequest: (request, response) => {
            if (!kit.isTrigger(request) || posts++ > 0) return false;
            api.reply(request); // carried out, then the gateway fails
            response.writeHead(502).end();
            return true;
          }
        })
      );
      const result = await run(api);
      expect(posts).toBe(1);
      if (kit.capabilities.reconcile) {
        expect(api.createdBuildIds()).toHaveLength(1);
        expect(result.outputs).toMatchObject({ build_id: api.createdBuildIds()[0], result: 'success' });
        expect(result.warning).toEqual([
          expect.stringContaining(`has appeared since; following it for its verdict instead of triggering another`)
        ]);
      } else {
        expect(result.report.failure).toMatch(
          /^The create failed in a way that may still have created a build \(.+\), and there is no telling whether it did: .*Not creating again, to avoid a duplicate build/
        );
        expect(result.outputs).toMatchObject({ build_id: '', result: '' });
      }
    }
  );

  it(
    kit.capabilities.cancel
      ? 'cancels the build when the run is aborted'
      : 'stops without a cancel when the run is aborted: the API cannot',
    async () => {
      const abort = new AbortController();
      const api = await startFake(
        newFake({
          onRequest: request => {
            if (request.method === 'GET' && !request.query.active) {
              abort.abort(new AbortedError('The workflow run was cancelled (SIGINT)'));
            }
            return false;
          }
        })
      );
      const result = await run(api, {}, abort.signal);
      const [id] = api.createdBuildIds();
      expect(result.outputs).toMatchObject({ build_id: id, result: 'cancelled' });
      expect(api.requests.filter(kit.isCancel)).toHaveLength(kit.capabilities.cancel ? 1 : 0);
      expect(result.report.failure).toBe(
        kit.capabilities.cancel
          ? `The workflow run was cancelled (SIGINT); build ${id}: cancel requested, the build is now cancelled.`
          : `The workflow run was cancelled (SIGINT); build ${id} is left ${kit.statuses.queued} (the API has no way to cancel builds).`
      );
    }
  );
});
