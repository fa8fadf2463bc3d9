// Blueprints that live in Git, as the runner sees it: a bundle of the current sources against the
// fake Devin API with the org's rules (one build at a time, a new trigger supersedes the queued
// one), sync, blueprints, and builds others start. What a verdict is about is read from the fake
// (carried): never contents older than the run synced, or other than the candidate it uploaded.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDevinApi, type FakeDevinApiOptions } from '../../fakes/devin/api.js';
import type { RecordedRequest } from '../../fakes/server.js';
import devinKit, { DEVIN_TOKEN } from '../../harness/kits/devin.js';
import type { ActionRun } from '../../harness/runner.js';
import { errorLines, failing, runAction, startFake, type StepRunOptions } from '../support/index.js';

const REPO = 'acme/app';
const ORG = 'org-test';
const CANDIDATE = 'initialize: |\n  echo candidate-from-the-pull-request\n';

let workspace: string;
beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
  mkdirSync(join(workspace, '.devin'));
  writeFileSync(join(workspace, '.devin', 'blueprint.yaml'), CANDIDATE);
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

function startDevin(options: FakeDevinApiOptions = {}): Promise<FakeDevinApi> {
  return startFake(
    new FakeDevinApi({
      orgRules: true,
      timestampUnit: 'ms',
      plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 400 },
      ...options
    })
  );
}

function run(
  fake: FakeDevinApi,
  overrides: Record<string, string> = {},
  options: StepRunOptions = {}
): Promise<ActionRun> {
  const inputs = { org_id: ORG, token: DEVIN_TOKEN, api_url: fake.url, poll_interval: '100ms', ...overrides };
  const env = { GITHUB_REPOSITORY: REPO, GITHUB_WORKSPACE: workspace, ...options.env };
  return runAction(devinKit, inputs, { ...options, env });
}

const isTrigger = (request: RecordedRequest) => request.method === 'POST' && request.path.endsWith('/builds');
const contentsCarried = (fake: FakeDevinApi, id: string) => fake.carried(id)?.map(blueprint => blueprint.contents);

describe('sync', () => {
  it('syncs once, before the trigger, and the build carries the synced blueprint', async () => {
    const fake = await startDevin();
    fake.setDefaultBranchBlueprint(REPO, 'initialize: echo from-main\n');
    const result = await run(fake, { sync: 'true' });
    expect(result.exitCode).toBe(0);
    expect(fake.syncs).toHaveLength(1);
    expect(fake.syncs[0]).toMatchObject({ repoName: REPO, status: 200 });
    const sync = fake.requests.findIndex(request => request.path.endsWith('/sync'));
    expect(sync).toBeLessThan(fake.requests.findIndex(isTrigger));
    const [id] = fake.createdBuildIds();
    expect(contentsCarried(fake, id)).toEqual(['initialize: echo from-main\n']);
    expect(result.stdout).toContain(
      `Synced the blueprint of ${REPO} (.devin/blueprint.yaml on its default branch) into ${ORG}.`
    );
    expect(result.summary).toContain('Synced the blueprint of');
  });

  const refusals: [403 | 404, string, string][] = [
    [
      404,
      'either the repository is not connected to the organization',
      'or its default branch has no .devin/blueprint.yaml'
    ],
    [403, 'The token is not allowed to sync blueprints (acme/app) in org-test (403)', 'ManageRepoBlueprints']
  ];
  it.each(refusals)('triggers no build after a sync that answers %s, and says why', async (status, first, second) => {
    const fake = await startDevin({ syncAnswer: status });
    const result = await run(fake, { sync: 'true' });
    expect(result.exitCode).toBe(1);
    expect(fake.requests.filter(isTrigger)).toHaveLength(0);
    const [error] = errorLines(result);
    expect(error).toContain(first);
    expect(error).toContain(second);
    expect(error).toContain(REPO);
    expect(result.outputs).toMatchObject({ build_id: '', result: '' });
  });

  it('with build: false syncs only: result synced, no build_id, no trigger', async () => {
    const fake = await startDevin();
    fake.setDefaultBranchBlueprint(REPO, 'initialize: echo from-main\n');
    const result = await run(fake, { sync: 'true', build: 'false' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ build_id: '', result: 'synced' });
    expect(fake.requests.filter(isTrigger)).toHaveLength(0);
  });

  it('accepts an org id that starts with org_', async () => {
    const fake = await startDevin({ orgId: 'org_test' });
    fake.setDefaultBranchBlueprint(REPO, 'initialize: echo from-main\n');
    const result = await run(fake, { org_id: 'org_test', sync: 'true' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.result).toBe('success');
  });
});

describe('upload', () => {
  it('puts the candidate in place before the build, replacing the one repo-tier blueprint, and prints no contents', async () => {
    const fake = await startDevin();
    const existing = fake.addBlueprint({ repoName: REPO, contents: 'initialize: echo old\n' });
    const result = await run(fake, { blueprint_file: '.devin/blueprint.yaml' });
    expect(result.exitCode).toBe(0);
    const [id] = fake.createdBuildIds();
    expect(contentsCarried(fake, id)).toEqual([CANDIDATE]);
    expect(fake.blueprints()).toHaveLength(1);
    expect(result.stdout).toContain(
      `Uploaded .devin/blueprint.yaml as the blueprint of ${REPO} in ${ORG}, replacing the contents of blueprint ${existing}.`
    );
    expect(result.everything).not.toContain('candidate-from-the-pull-request');
  });

  it('creates the blueprint when there is none, and never sends a create again whose answer was lost', async () => {
    const fake = await startDevin();
    fake.onRequest = (request, response) => {
      if (request.method !== 'POST' || !request.path.endsWith('/blueprints')) return false;
      fake.reply(request); // created; its answer is lost
      response.writeHead(502, { 'content-type': 'application/json' }).end('{"detail":"Bad Gateway"}');
      return true;
    };
    const result = await run(fake, { blueprint_file: '.devin/blueprint.yaml' });
    expect(result.exitCode).toBe(0);
    expect(
      fake.requests.filter(request => request.method === 'POST' && request.path.endsWith('/blueprints'))
    ).toHaveLength(1);
    expect(fake.blueprints().map(blueprint => blueprint.contents)).toEqual([CANDIDATE]);
    expect(contentsCarried(fake, fake.createdBuildIds()[0])).toEqual([CANDIDATE]);
  });

  it('takes no answer about another blueprint for the one it updated, and builds nothing', async () => {
    const fake = await startDevin();
    fake.addBlueprint({ repoName: REPO, contents: 'a: 1\n' });
    const other = fake.addBlueprint({ repoName: 'acme/other', contents: 'b: 2\n' });
    fake.onRequest = (request, response) => {
      if (request.method !== 'PATCH') return false;
      const answer = fake.blueprint(other);
      const wire = answer && {
        blueprint_id: answer.blueprint_id,
        created_at: answer.created_at,
        repo_name: answer.repo_name,
        type: answer.type,
        updated_at: answer.updated_at
      };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(wire));
      return true;
    };
    const result = await run(fake, { blueprint_file: '.devin/blueprint.yaml' });
    expect(result.exitCode).toBe(1);
    expect(errorLines(result)[0]).toContain(`with another blueprint (${other})`);
    expect(fake.requests.filter(isTrigger)).toHaveLength(0);
  });

  it('refuses to choose between two repo-tier blueprints for the repository, and builds nothing', async () => {
    const fake = await startDevin();
    const first = fake.addBlueprint({ repoName: REPO, contents: 'a: 1\n' });
    const second = fake.addBlueprint({ repoName: REPO, contents: 'b: 2\n' });
    const result = await run(fake, { blueprint_file: '.devin/blueprint.yaml' });
    expect(result.exitCode).toBe(1);
    expect(errorLines(result)[0]).toContain(`2 repo-tier blueprints in ${ORG} are for ${REPO} (${first}, ${second})`);
    expect(fake.requests.filter(isTrigger)).toHaveLength(0);
  });

  it.each([
    ['../outside.yaml', 'must stay inside the workspace'],
    ['/etc/passwd', 'must be a path relative to the workspace'],
    ['.devin/missing.yaml', 'names no file in the workspace']
  ])('refuses blueprint_file %s as an input error, with no request sent', async (path, why) => {
    const fake = await startDevin();
    const result = await run(fake, { blueprint_file: path });
    expect(result.exitCode).toBe(1);
    expect(errorLines(result)[0]).toMatch(
      new RegExp(`^::error::Input "blueprint_file" ${why}.* \\(got "${path}"\\)\\.$`)
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('fails as inconclusive when the blueprint is changed during the build', async () => {
    const fake = await startDevin({ plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 1500 } });
    fake.onRequest = request => {
      const [build] = fake.createdBuildIds();
      const [blueprint] = fake.blueprints();
      if (build && blueprint && request.method === 'GET' && fake.build(build)?.status === 'running') {
        fake.editBlueprintInUi(blueprint.blueprint_id, 'initialize: echo someone-else\n', { autoBuild: false });
      }
      return false;
    };
    const result = await run(fake, { blueprint_file: '.devin/blueprint.yaml' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.result).toBe('inconclusive');
    expect(errorLines(result)[0]).toContain("was changed after this run's upload");
  });
});

describe('the blueprint read again after the build', () => {
  /** Once the build exists, every read of the blueprints list gets `answer`, or none (`hold`). */
  const afterTheBuild = (fake: FakeDevinApi, request: RecordedRequest) =>
    request.method === 'GET' && request.path.endsWith('/blueprints') && fake.createdBuildIds().length > 0;

  it.each([
    { what: 'a 403', status: 403, says: 'The token is not allowed to read blueprints in org-test (403)' },
    { what: 'repeated 503s', status: 503, says: 'with 503: {"detail":"no"} (gave up after 3 attempts)' },
    { what: 'no answer', status: 0, says: 'no complete answer within 1s' }
  ])(
    'fails as inconclusive, saying why, when the read gets $what',
    async ({ status, says }) => {
      const fake = await startDevin();
      fake.onRequest = (request, response) => {
        if (!afterTheBuild(fake, request)) return false;
        if (status === 0) return true; // held: never answered
        return failing(() => true, status, { body: { detail: 'no' } })(request, response);
      };
      const result = await run(fake, { blueprint_file: '.devin/blueprint.yaml', request_timeout: '1s' });
      const [id] = fake.createdBuildIds();
      expect(fake.build(id)?.status).toBe('succeeded');
      expect(result.exitCode).toBe(1);
      expect(result.outputs.result).toBe('inconclusive');
      const [error] = errorLines(result);
      expect(error).toMatch(
        new RegExp(
          `^::error::Inconclusive: Build ${id} succeeded after \\S+\\. But the blueprint could not be read again after the build \\(`
        )
      );
      expect(error).toContain(says);
      expect(result.summary).toContain('## ❔ Snapshot build inconclusive');
      expect(result.summary).not.toContain('✅');
      // The summary says why the step failed, in its own escaping.
      expect(result.summary).toContain('> Inconclusive&#58; Build ');
      expect(result.summary).toContain('could not be read again after the build');
    },
    40_000
  );
});

describe('a build that another trigger supersedes', () => {
  /** Ours queued behind a running build; another run's trigger 1.5 s after ours supersedes it. */
  async function supersededOrg(): Promise<{ fake: FakeDevinApi; newer: () => string | undefined }> {
    const fake = await startDevin();
    fake.setDefaultBranchBlueprint(REPO, 'initialize: echo from-main\n');
    fake.scheduleBuild({ at: fake.now(), plan: { outcome: 'succeeded', pendingMs: 0, runningMs: 3000 } });
    let newer: string | undefined;
    fake.onRequest = request => {
      if (isTrigger(request) && !newer) {
        newer = fake.scheduleBuild({
          at: fake.now() + 1500,
          trigger: 'manual',
          plan: { outcome: 'succeeded', pendingMs: 0, runningMs: 500 }
        });
      }
      return false;
    };
    return { fake, newer: () => newer };
  }

  it('is followed to the build that carries the blueprints, which is never cancelled or pinned', async () => {
    const { fake, newer } = await supersededOrg();
    const result = await run(fake, { sync: 'true', pin: 'true' }, { killAfterMs: 30_000 });
    const [ours] = fake.createdBuildIds();
    expect(fake.supersededBy(ours)).toBe(newer());
    expect(result.outputs).toMatchObject({
      build_id: newer(),
      result: 'success',
      superseded_build_ids: ours,
      pinned: 'false'
    });
    expect(result.stdout).toContain(
      `Build ${ours} was superseded by build ${newer()}; the verdict is about build ${newer()}'s blueprints.`
    );
    expect(fake.requests.filter(request => /\/(cancel|pin)$/.test(request.path))).toHaveLength(0);
    expect(result.state.build_id).toBe(ours);
    expect(result.state.followed_build_id).toBe(newer());
    expect(contentsCarried(fake, newer() as string)).toEqual(['initialize: echo from-main\n']);
  }, 40_000);

  it('is not followed after an upload: the newer build may carry another candidate', async () => {
    const { fake, newer } = await supersededOrg();
    const result = await run(fake, { blueprint_file: '.devin/blueprint.yaml' }, { killAfterMs: 30_000 });
    const [ours] = fake.createdBuildIds();
    expect(result.exitCode).toBe(1);
    expect(errorLines(result)[0]).toContain(
      `Build ${ours} was superseded by build ${newer()}, which may carry another run's blueprint rather than the one this run uploaded`
    );
    expect(result.outputs.build_id).toBe(ours);
  }, 40_000);

  it('stays cancelled when no newer build exists', async () => {
    const fake = await startDevin({ plan: { outcome: 'cancelled', pendingMs: 100, runningMs: 300 } });
    const result = await run(fake);
    expect(result.outputs).toMatchObject({ result: 'cancelled', superseded_build_ids: '' });
  });
});
