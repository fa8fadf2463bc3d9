import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import {
  DREADNODE_ORG,
  DREADNODE_TOKEN,
  FakeDreadnodeApi,
  type FakeDreadnodeOptions
} from '../../fakes/dreadnode/api.js';
import { currentBundle, runAction, visibleOutput, type ActionRun } from '../../harness/runner.js';

// What only the Dreadnode action does, as the runner runs it: a bundle of the current sources
// against the fake on real time; short lifecycles and a 100 ms poll interval keep each run to a
// second or two. The behaviour both actions share is in e2e-contract.test.ts.
let bundle: string;
beforeAll(async () => {
  bundle = join(await currentBundle(), 'dreadnode/index.js');
}, 300_000);
const RUNNER_ENV = {
  GITHUB_REPOSITORY: 'octo/app',
  GITHUB_SHA: '0123abcd',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '987'
};
const GITHUB = { repository: 'octo/app', sha: '0123abcd', run_url: 'https://github.com/octo/app/actions/runs/987' };

const started: FakeDreadnodeApi[] = [];
afterEach(() => Promise.all(started.splice(0).map(server => server.stop())));

/** A fake whose builds are ready 450 ms after they are created, unless the options say otherwise. */
async function fake(options: FakeDreadnodeOptions = {}): Promise<FakeDreadnodeApi> {
  const server = new FakeDreadnodeApi({ plan: { outcome: 'ready', queuedMs: 150, buildingMs: 300 }, ...options });
  started.push(server);
  await server.start();
  return server;
}

function run(server: FakeDreadnodeApi, overrides: Record<string, string> = {}): Promise<ActionRun> {
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
  return runAction(inputs, { bundle, env: RUNNER_ENV });
}

/** The ::error:: lines; every run must also keep the token out of sight. */
function errors(result: ActionRun): string[] {
  expect(visibleOutput(result)).not.toContain(DREADNODE_TOKEN);
  return result.stdout.split('\n').filter(line => line.startsWith('::error::'));
}

const sent = (server: FakeDreadnodeApi) => server.requests.map(r => r.method);

describe('the Dreadnode bundle, run as the runner runs it', () => {
  it('passes on a ready build, marks it active, annotates it, and sets every output and the summary', async () => {
    const server = await fake();
    const result = await run(server, { metadata: '{"team":"infra"}', description: 'from CI' });
    const [id] = server.createdBuildIds();
    expect(errors(result)).toEqual([]);
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
    const server = await fake({
      plan: { outcome: 'failed', queuedMs: 100, buildingMs: 200, errorMessage: 'Dockerfile:12 RUN make exited 2' }
    });
    const result = await run(server);
    expect(result.exitCode).toBe(1);
    expect(errors(result)).toEqual([
      expect.stringMatching(
        /^::error::Build [0-9a-f-]{36} failed after \d+m?s \(status failed\): Dockerfile:12 RUN make exited 2\. See the build's logs in Dreadnode\.$/
      )
    ]);
    expect(result.outputs).toMatchObject({ status: 'failed', result: 'failure', is_active: 'false' });
    expect(sent(server)).not.toContain('PATCH');
  });

  it('attaches to an existing build by build_id', async () => {
    const server = await fake();
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
    expect(errors(result)).toEqual([]);
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
    const server = await fake({ plan: { outcome: 'ready', queuedMs: 0, buildingMs: 0 } });
    const result = await run(server, { activate: 'false', annotate: 'false' });
    expect(errors(result)).toEqual([]);
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
    const server = await fake();
    const result = await run(server, overrides);
    expect(result.exitCode).toBe(1);
    expect(errors(result)).toEqual([
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
    const server = await fake({
      onRequest: (_request, response) => {
        if (!status) return false;
        const detail = status === 403 ? 'Access forbidden' : 'Validation error';
        const type = status === 403 ? 'forbidden_error' : 'validation_error';
        const errorItems =
          status === 422 ? [{ loc: ['body', 'provider'], msg: 'Input should be e2b or docker', type: 'enum' }] : null;
        response
          .writeHead(status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ code: status, detail, type, errors: errorItems }));
        return true;
      }
    });
    const result = await run(server, overrides);
    expect(result.exitCode).toBe(1);
    expect(errors(result)).toEqual([expect.stringContaining(message)]);
    expect(server.requests).toHaveLength(1);
    expect(server.createdBuildIds()).toHaveLength(0);
  });

  it('retries a create answered 429, after the Retry-After', async () => {
    let throttled = false;
    const server = await fake({
      plan: { outcome: 'ready', queuedMs: 0, buildingMs: 0 },
      onRequest: (request, response) => {
        if (request.method !== 'POST' || throttled) return false;
        throttled = true;
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
        response.end(JSON.stringify({ code: 429, detail: 'Rate limited', type: 'usage_limit_exceeded_error' }));
        return true;
      }
    });
    const result = await run(server);
    expect(errors(result)).toEqual([]);
    expect(result.stdout).toMatch(/with 429: Rate limited \(usage_limit_exceeded_error\); retrying in \d/);
    const posts = server.requests.filter(r => r.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1].at - posts[0].at).toBeGreaterThanOrEqual(1000);
    expect(server.createdBuildIds()).toHaveLength(1);
    expect(result.outputs).toMatchObject({ result: 'success', is_active: 'true' });
  });
});
