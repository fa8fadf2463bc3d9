// The repository and the run's own values, as the runner sees them: a bundle of the current sources
// against the fake Devin API as the fourth independent probe found servers (issue 22: a repo_name in
// the server's own spelling, a credential in `repo`, a masked org_id, repo or path in the summary,
// the token echoed in changed forms; issue 25: a debug line, a line printed twice). Each test failed
// against the bundle before that work.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDevinApi, type FakeDevinApiOptions, type RepoNameSpelling } from '../../fakes/devin/api.js';
import type { RecordedRequest } from '../../fakes/server.js';
import devinKit, { DEVIN_ORG, DEVIN_TOKEN } from '../../harness/kits/devin.js';
import { visibleOutput, type ActionRun } from '../../harness/runner.js';
import { looseForm } from '../../src/core/text-forms.js';
import { errorLines, failing, maskedAndRendered, runAction, startFake, type StepRunOptions } from '../support/index.js';

const CANDIDATE = 'initialize: |\n  echo candidate-from-the-pull-request\n';
const BLUEPRINT = '.devin/blueprint.yaml';

let workspace: string;
beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
  mkdirSync(join(workspace, '.devin'));
  writeFileSync(join(workspace, BLUEPRINT), CANDIDATE);
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

function startDevin(options: FakeDevinApiOptions = {}): Promise<FakeDevinApi> {
  return startFake(new FakeDevinApi({ plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 300 }, ...options }));
}

function run(fake: FakeDevinApi, overrides: Record<string, string> = {}, options: StepRunOptions = {}) {
  const inputs = { org_id: DEVIN_ORG, token: DEVIN_TOKEN, api_url: fake.url, poll_interval: '100ms', ...overrides };
  const env = { GITHUB_REPOSITORY: 'acme/app', GITHUB_WORKSPACE: workspace, ...options.env };
  return runAction(devinKit, inputs, { ...options, env });
}

const isCreate = (request: RecordedRequest) => request.method === 'POST' && request.path.endsWith('/blueprints');
const isTrigger = (request: RecordedRequest) => request.method === 'POST' && request.path.endsWith('/builds');
const sentRepoNames = (fake: FakeDevinApi, picks: (request: RecordedRequest) => boolean) =>
  fake.requests.filter(picks).map(request => (JSON.parse(request.body) as { repo_name: string }).repo_name);

describe('a repository the server spells its own way', () => {
  const cases: [RepoNameSpelling, string, string][] = [
    ['lower-case', 'Acme/App', 'Acme/App'],
    ['url', 'acme/app', 'acme/app'],
    ['owner/repo', 'https://github.com/acme/app', 'acme/app'],
    ['lower-case', 'https://github.com/Acme/App.git/', 'Acme/App']
  ];

  it.each(cases)(
    'gets one blueprint over runs (server spelling %s, repo %s), sent as %s',
    async (repoNameSpelling, repo, sent) => {
      const fake = await startDevin({ repoNameSpelling });
      for (let runs = 0; runs < 3; runs++) {
        const result = await run(fake, { repo, blueprint_file: BLUEPRINT, build: 'false' });
        expect(errorLines(result)).toEqual([]);
        expect(result.outputs.result).toBe('uploaded');
      }
      expect(fake.blueprints().map(blueprint => blueprint.contents)).toEqual([CANDIDATE]);
      expect(fake.requests.filter(request => request.method === 'PATCH')).toHaveLength(2);
      expect(sentRepoNames(fake, isCreate)).toEqual([sent]);
    },
    40_000
  );

  it('is synced under the one spelling sent, whatever the input', async () => {
    const fake = await startDevin({ repoNameSpelling: 'url' });
    fake.setDefaultBranchBlueprint('acme/app', 'initialize: echo from-main\n');
    for (const repo of ['https://github.com/Acme/App.git', 'acme/app']) {
      expect((await run(fake, { repo, sync: 'true', build: 'false' })).outputs.result).toBe('synced');
    }
    expect(sentRepoNames(fake, request => request.path.endsWith('/sync'))).toEqual(['Acme/App', 'acme/app']);
    expect(fake.blueprints()).toHaveLength(1);
  });

  it("never takes another repository's blueprint, and stops on one that may be this repository's", async () => {
    const fake = await startDevin();
    const other = fake.addBlueprint({ repoName: 'acme/app-two', contents: 'a: 1\n' });
    const created = await run(fake, { blueprint_file: BLUEPRINT, build: 'false' });
    expect(created.outputs.result).toBe('uploaded');
    expect(fake.blueprint(other)?.contents).toBe('a: 1\n');

    const unsure = await startDevin();
    const elsewhere = unsure.addBlueprint({ repoName: 'https://github.example.com/acme/app', contents: 'b: 2\n' });
    const stopped = await run(unsure, { blueprint_file: BLUEPRINT });
    expect(stopped.exitCode).toBe(1);
    expect(errorLines(stopped)[0]).toContain(
      `The blueprints of ${DEVIN_ORG} hold blueprint ${elsewhere} (repo_name "https://github.example.com/acme/app"), ` +
        'which may or may not be for acme/app'
    );
    expect(unsure.requests.filter(request => isCreate(request) || request.method === 'PATCH')).toHaveLength(0);
    expect(unsure.requests.filter(isTrigger)).toHaveLength(0);
  });

  it("says what a create answered with another repository's blueprint, and builds nothing", async () => {
    const fake = await startDevin();
    const other = fake.addBlueprint({ repoName: 'acme/other', contents: 'b: 2\n' });
    fake.onRequest = (request, response) => {
      if (!isCreate(request)) return false;
      const wire = fake.blueprints().find(blueprint => blueprint.blueprint_id === other);
      response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(wire));
      return true;
    };
    const result = await run(fake, { blueprint_file: BLUEPRINT });
    expect(result.exitCode).toBe(1);
    const [error] = errorLines(result);
    expect(error).toContain(
      `answered the create of acme/app's blueprint in ${DEVIN_ORG} with a blueprint of another repository ` +
        `(repo_name "acme/other"), blueprint ${other}; it is not taken for acme/app's, and nothing was built.`
    );
    expect(error).not.toContain('deleted');
    expect(fake.requests.filter(isTrigger)).toHaveLength(0);
  });
});

describe('credentials in repo', () => {
  it.each(['https://x-access-token:ghs_s3cr3tValue@github.com/acme/app', 'ghs_s3cr3tValue@github.com:acme/app'])(
    'are an input error that echoes none of it, with no request sent (%s)',
    async repo => {
      const fake = await startDevin();
      const result = await run(fake, { repo, sync: 'true' });
      expect(result.exitCode).toBe(1);
      expect(errorLines(result)).toEqual([
        '::error::Input "repo" must not hold credentials or a user name (the "…@" part of a URL): give owner/repo, ' +
          "or the repository's https:// URL without them; the value is not shown."
      ]);
      expect(result.everything).not.toContain('s3cr3t');
      expect(fake.requests).toHaveLength(0);
    }
  );
});

describe("the run's own values in the summary", () => {
  // Masked by the runner (a secret, or ::add-mask::): each holds characters that the summary's
  // escaping would write as character references, and backticks.
  const ORG = 'org_te-st_1';
  const REPO = 'ac-me_x/a.p`p`:1';
  const PATH = '.devin/`bp`_x-y.z:1@a.yaml';

  beforeAll(() => writeFileSync(join(workspace, PATH), CANDIDATE));

  /** The summary, masked as the runner masks it and rendered, shows none of the values. */
  function expectMasked(result: ActionRun, values: string[]): void {
    for (const value of values) expect(result.summary).toContain(value);
    const shown = maskedAndRendered(result.summary, values);
    for (const value of values) expect(shown).not.toContain(value);
  }

  it('holds org_id, repo and the blueprint path as they are, so that the mask on them holds', async () => {
    const fake = await startDevin({ orgId: ORG });
    const result = await run(fake, { org_id: ORG, repo: REPO, blueprint_file: PATH, build: 'false' });
    expect(result.outputs.result).toBe('uploaded');
    expect(result.summary).toContain('Uploaded');
    expectMasked(result, [ORG, REPO, PATH]);
  });

  it('holds them in an error, and in an input error that echoes them', async () => {
    const fake = await startDevin({ orgId: ORG, syncAnswer: 404 });
    const failed = await run(fake, { org_id: ORG, repo: REPO, sync: 'true' });
    expect(failed.exitCode).toBe(1);
    expectMasked(failed, [ORG, REPO]);

    const missing = '.devin/`gone`_x-y.z:1@a.yaml';
    const refused = await run(fake, { org_id: ORG, blueprint_file: missing });
    expect(errorLines(refused)[0]).toContain(`(got "${missing}")`);
    expectMasked(refused, [missing]);
  });
});

describe('the token echoed in a changed form', () => {
  // Each of these reads as the token; none holds its exact text.
  const forms: [string, string][] = [
    ['split by a line break', 'cog_test\n_token'],
    ['with a control character inside', 'cog_te\u0001st_token'],
    ['upper-cased', 'COG_TEST_TOKEN'],
    ['as decimal references', 'cog&#95;test&#95;token'],
    ['as hexadecimal references', 'cog&#x5f;test&#x5f;token'],
    ['as named references', 'cog&lowbar;test&lowbar;token']
  ];

  /** Nothing the step printed, wrote or summarised reads as the token, however it is spaced or escaped. */
  function expectNoTokenForm(result: ActionRun): void {
    expect(looseForm(visibleOutput(result))).not.toContain(DEVIN_TOKEN);
    expect(looseForm(maskedAndRendered(result.summary, [DEVIN_TOKEN]))).not.toContain(DEVIN_TOKEN);
  }

  it.each(forms)('%s, in a 422 of the trigger, is never printed', async (_name, form) => {
    const fake = await startDevin();
    const detail = [{ loc: ['header', 'authorization'], msg: `Bearer ${form} is not valid` }];
    fake.onRequest = failing(isTrigger, 422, { body: { detail } });
    const result = await run(fake);
    expect(result.exitCode).toBe(1);
    expect(errorLines(result)[0]).toContain(
      'The Devin API refused the trigger (POST builds) as invalid (422): header.authorization: [left out: it held a secret]'
    );
    expectNoTokenForm(result);
  });

  it.each(forms)('%s, in a body that is no JSON, is never printed', async (_name, form) => {
    const fake = await startDevin();
    fake.onRequest = (request, response) => {
      if (!isTrigger(request)) return false;
      response.writeHead(400, { 'content-type': 'text/html' }).end(`<p>bad credentials: Bearer ${form}</p>`);
      return true;
    };
    const result = await run(fake);
    expect(result.exitCode).toBe(1);
    expectNoTokenForm(result);
  });

  it('as \\u005f escapes in a JSON body cut short, is never printed', async () => {
    const fake = await startDevin();
    fake.onRequest = (request, response) => {
      if (!isTrigger(request)) return false;
      response.writeHead(400, { 'content-type': 'application/json' }).end('{"detail":"Bearer cog\\u005ftest\\u005ftok');
      return true;
    };
    const cut = await run(fake);
    expect(cut.exitCode).toBe(1);
    expect(errorLines(cut)[0]).toContain('The Devin API answered the trigger (POST builds) with 400');
    // The cut body ends before the token does: this one is only its start, and shown.
    expect(cut.stdout).toContain('cog\\u005ftest\\u005ftok');

    const whole = await startDevin();
    whole.onRequest = (request, response) => {
      if (!isTrigger(request)) return false;
      response
        .writeHead(400, { 'content-type': 'application/json' })
        .end('{"detail":"Bearer cog\\u005ftest\\u005ftoken, ');
      return true;
    };
    const result = await run(whole);
    expect(result.exitCode).toBe(1);
    expectNoTokenForm(result);
  });

  it('split across lines of the build log, is left out of the log tail', async () => {
    const fake = await startDevin({ plan: { outcome: 'failed', pendingMs: 100, runningMs: 200 } });
    fake.onRequest = () => {
      for (const id of fake.createdBuildIds()) {
        fake.setBuildLog(id, 'step 1 ok\necho cog_test\n_token\nstep 2 failed\n');
      }
      return false;
    };
    const result = await run(fake);
    expect(result.outputs.result).toBe('failure');
    expect(result.summary).toContain('step 2 failed');
    expectNoTokenForm(result);
  });
});

describe('issue 25', () => {
  it('prints the "Uploaded …" line once with build: false', async () => {
    const fake = await startDevin();
    const result = await run(fake, { blueprint_file: BLUEPRINT, build: 'false' });
    expect(result.stdout.split('Uploaded .devin/blueprint.yaml as the blueprint of acme/app')).toHaveLength(2);
    expect(result.stdout).toContain('No build was triggered (build: false).');
  });

  it('logs at debug level the very path the server got', async () => {
    const fake = await startDevin();
    const result = await run(fake, { blueprint_file: BLUEPRINT, build: 'false' }, { env: { RUNNER_DEBUG: '1' } });
    const debug = result.stdout.split('\n').filter(line => line.startsWith('::debug::'));
    expect(debug.length).toBeGreaterThan(1);
    expect(debug.join('\n')).not.toContain('%25');
    const listed = fake.requests.find(request => request.method === 'GET' && request.path.endsWith('/blueprints'));
    expect(listed?.query).toEqual({});
    expect(debug.some(line => line.startsWith(`::debug::GET ${listed?.path} -> 200 (`))).toBe(true);
  });
});
