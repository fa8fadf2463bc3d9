// What only the Dreadnode action does, as the runner runs its bundle: ready and failed builds, build_id,
// activate and annotate, one clear line for bad input and API refusals, a 429 retried, hostile details.
import { describe, expect, it } from '@jest/globals';
import {
  DREADNODE_ORG,
  DREADNODE_TOKEN,
  FakeDreadnodeApi,
  type FakeDreadnodeOptions
} from '../../fakes/dreadnode/api.js';
import dreadnodeKit from '../../harness/kits/dreadnode.js';
import { visibleOutput, type ActionRun } from '../../harness/runner.js';
import { errorLines, failing, runAction, runnerCommandsFromServer, startFake } from '../support/index.js';

// What only the Dreadnode action does, as the runner runs it: a bundle of the current sources
// against the fake on real time; short lifecycles and a 100 ms poll interval keep each run to a
// second or two. The behaviour both actions share is in e2e-contract.test.ts.
const RUNNER_ENV = {
  GITHUB_REPOSITORY: 'octo/app',
  GITHUB_SHA: '0123abcd',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '987'
};
const GITHUB = { repository: 'octo/app', sha: '0123abcd', run_url: 'https://github.com/octo/app/actions/runs/987' };

/** A fake whose builds are ready 450 ms after they are created, unless the options say otherwise. */
const newFake = (options: FakeDreadnodeOptions = {}) =>
  new FakeDreadnodeApi({ plan: { outcome: 'ready', queuedMs: 150, buildingMs: 300 }, ...options });

/** The main step in octo/app with valid inputs and a 100 ms poll; no run may show the token. */
async function run(server: FakeDreadnodeApi, overrides: Record<string, string> = {}): Promise<ActionRun> {
  const inputs = {
    org: DREADNODE_ORG,
    token: DREADNODE_TOKEN,
    api_url: server.url,
    build_ref: 'registry.example/sandbox:7',
    display_name: 'Sandbox 7',
    sandbox_provider: 'e2b',
    poll_interval: '100ms',
    timeout: '20s',
    ...overrides
  };
  const result = await runAction(dreadnodeKit, inputs, { env: RUNNER_ENV });
  expect(visibleOutput(result)).not.toContain(DREADNODE_TOKEN);
  return result;
}

const sent = (server: FakeDreadnodeApi) => server.requests.map(r => r.method);

describe('the Dreadnode bundle, run as the runner runs it', () => {
  it('passes on a ready build, marks it active, annotates it, and sets every output and the summary', async () => {
    const server = await startFake(newFake());
    const result = await run(server, { metadata: '{"team":"infra"}', description: 'from CI' });
    const [id] = server.createdBuildIds();
    expect(errorLines(result)).toEqual([]);
    expect(result.exitCode).toBe(0);
    const { created_at, completed_at, duration_seconds, ...rest } = result.outputs;
    expect(rest).toEqual({ build_id: id, is_active: 'true', result: 'success', started_at: '', status: 'ready' });
    // The fake's build is ready 450 ms after its creation; the API reports no start time.
    const took = Date.parse(completed_at) - Date.parse(created_at);
    expect([took, duration_seconds]).toEqual([450, '0']);
    expect(created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(JSON.parse(server.requests[0].body)).toEqual({
      build_ref: 'registry.example/sandbox:7',
      display_name: 'Sandbox 7',
      provider: 'e2b',
      description: 'from CI',
      metadata: { team: 'infra' }
    });
    const patches = server.requests.filter(r => r.method === 'PATCH');
    expect(patches.map(r => [r.path, JSON.parse(r.body)])).toEqual([
      [`/api/v1/org/acme/builds/${id}`, { is_active: true, metadata: { team: 'infra', github: GITHUB } }]
    ]);
    expect(result.summary).toContain('- **Active:** yes');
  });

  it('fails on a failed build and shows its error_message', async () => {
    const server = await startFake(
      newFake({
        plan: { outcome: 'failed', queuedMs: 100, buildingMs: 200, errorMessage: 'Dockerfile:12 RUN make exited 2' }
      })
    );
    const result = await run(server);
    expect(result.exitCode).toBe(1);
    expect(errorLines(result)).toEqual([
      expect.stringMatching(
        /^::error::Build [0-9a-f-]{36} failed after \d+m?s \(status failed\): Dockerfile:12 RUN make exited 2\. See the build's logs in Dreadnode\.$/
      )
    ]);
    expect(result.outputs).toMatchObject({ status: 'failed', result: 'failure', is_active: 'false' });
    expect(sent(server)).not.toContain('PATCH');
  });

  it('attaches to an existing build by build_id', async () => {
    const server = await startFake(newFake());
    const id = server.addBuild({ outcome: 'ready', queuedMs: 10_000, buildingMs: 280_000 }, Date.now() - 300_000, {
      metadata: { owner: 'platform' }
    });
    const result = await run(server, {
      build_id: id,
      build_ref: '',
      display_name: '',
      sandbox_provider: '',
      annotate: 'true',
      activate: 'false'
    });
    expect(errorLines(result)).toEqual([]);
    expect(result.outputs).toMatchObject({
      build_id: id,
      status: 'ready',
      result: 'success',
      duration_seconds: '290',
      is_active: 'false'
    });
    expect(sent(server)).toEqual(['GET', 'PATCH']);
    expect(JSON.parse(server.requests[1].body)).toEqual({ metadata: { owner: 'platform', github: GITHUB } });
  });

  it('with activate and annotate false, sends no PATCH', async () => {
    const server = await startFake(newFake({ plan: { outcome: 'ready', queuedMs: 0, buildingMs: 0 } }));
    const result = await run(server, { activate: 'false', annotate: 'false' });
    expect(errorLines(result)).toEqual([]);
    expect(sent(server)).toEqual(['POST']);
    expect(result.outputs).toMatchObject({ result: 'success', is_active: 'false' });
  });

  it.each([
    { input: 'org', value: '', says: 'is required but empty.' },
    { input: 'api_url', value: '', says: 'is required but empty.' },
    { input: 'sandbox_provider', value: '', says: 'is required unless build_id is set.' },
    { input: 'metadata', value: '[1,2]', says: 'must be a JSON object, e.g. {"team": "infra"} (got "[1,2]").' },
    { input: 'build_id', value: 'bld_1', says: 'must be a build id (a UUID)' },
    { input: 'activate', value: 'sure', says: 'must be true or false (got "sure").' }
  ])('refuses $input "$value" with one clear line and sends nothing', async ({ input, value, says }) => {
    const message = `Input "${input}" ${says}`;
    const overrides = { [input]: value };
    const server = await startFake(newFake());
    const result = await run(server, overrides);
    expect(result.exitCode).toBe(1);
    expect(errorLines(result)).toEqual([
      expect.stringMatching(new RegExp(`^::error::${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
    ]);
    expect(server.requests).toHaveLength(0);
    expect(result.outputs).toMatchObject({ build_id: '', result: '', is_active: '' });
    expect(result.stdout).not.toContain('    at ');
  });

  it.each<[string, number, Record<string, string>, string]>([
    [
      'an unknown org',
      0,
      { org: 'nobody' },
      'Not found (404): organization nobody: Organization not found (not_found_error).'
    ],
    [
      'a 403',
      403,
      {},
      'The token is not allowed to create builds in organization acme (403): Access forbidden (forbidden_error).'
    ],
    [
      'a 422',
      422,
      {},
      'refused the create (POST builds) as invalid (422): Validation error (validation_error): body.provider: Input should be e2b or docker'
    ]
  ])("explains %s with the API's detail and type", async (_what, status, overrides, message) => {
    const detail = status === 403 ? 'Access forbidden' : 'Validation error';
    const type = status === 403 ? 'forbidden_error' : 'validation_error';
    const errorItems =
      status === 422 ? [{ loc: ['body', 'provider'], msg: 'Input should be e2b or docker', type: 'enum' }] : null;
    const body = { code: status, detail, type, errors: errorItems };
    const server = await startFake(newFake({ onRequest: status ? failing(() => true, status, { body }) : undefined }));
    const result = await run(server, overrides);
    expect(result.exitCode).toBe(1);
    expect(errorLines(result)).toEqual([expect.stringContaining(message)]);
    expect(server.requests).toHaveLength(1);
    expect(server.createdBuildIds()).toHaveLength(0);
  });

  it('retries a create answered 429, after the Retry-After', async () => {
    const server = await startFake(
      newFake({
        plan: { outcome: 'ready', queuedMs: 0, buildingMs: 0 },
        onRequest: failing('POST', 429, {
          times: 1,
          headers: { 'retry-after': '1' },
          body: { code: 429, detail: 'Rate limited', type: 'usage_limit_exceeded_error' }
        })
      })
    );
    const result = await run(server);
    expect(errorLines(result)).toEqual([]);
    expect(result.stdout).toMatch(/with 429: Rate limited \(usage_limit_exceeded_error\); retrying in \d/);
    const posts = server.requests.filter(r => r.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1].at - posts[0].at).toBeGreaterThanOrEqual(1000);
    expect(server.createdBuildIds()).toHaveLength(1);
    expect(result.outputs).toMatchObject({ result: 'success', is_active: 'true' });
  });
});

// A hostile server, whose error details hold runner commands.
describe('against a server that is merely different, or hostile', () => {
  it('lets no Dreadnode detail with newlines act as a runner command when its answer is retried', async () => {
    const dreadnode = await startFake(
      new FakeDreadnodeApi({ plan: { outcome: 'ready', queuedMs: 100, buildingMs: 200 } })
    );
    dreadnode.onRequest = failing('GET', 503, {
      times: 2,
      body: { code: 503, detail: 'busy\n::notice::pwned\n##[set-output name=result;]success', type: 'server_error' }
    });
    const inputs = dreadnodeKit.inputs(dreadnode, { poll_interval: '100ms', timeout: '20s' });
    const result = await runAction(dreadnodeKit, inputs);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('retrying in');
    expect(runnerCommandsFromServer(result)).toEqual([]);
  });
});
