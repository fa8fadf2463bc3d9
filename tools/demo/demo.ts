// `npm run demo`: runs the committed action (dist/index.js) against the fake Devin API on this
// machine and shows what a workflow log would: a build going from pending to its verdict, then the
// step's outputs and job summary, and the requests the action made.
//   npm run demo -- --outcome failed    a failing build (and its log)
//   npm run demo -- --sync              first a sync of the repository's blueprint from its default branch
//   npm run demo -- --upload            first an upload of a candidate blueprint file, as a pull-request check does
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FakeDevinApi, type BuildPlan } from '../../fakes/devin/api.js';
import { RunnerLog } from '../../harness/runner-log.js';
import { REPO_ROOT, runBundle } from '../../harness/runner.js';

const USAGE = 'usage: npm run demo [-- --outcome succeeded|failed|cancelled] [--sync | --upload]';
const REPOSITORY = 'acme/app';
const BLUEPRINT = join(REPO_ROOT, 'fakes/devin/sample-blueprint.yaml');

function parseFlags() {
  try {
    const { values } = parseArgs({
      options: {
        outcome: { type: 'string', default: 'succeeded' },
        sync: { type: 'boolean', default: false },
        upload: { type: 'boolean', default: false }
      }
    });
    const outcome = values.outcome as BuildPlan['outcome'];
    if (!['succeeded', 'failed', 'cancelled'].includes(outcome)) throw new Error(`unknown outcome '${outcome}'`);
    // The action refuses both at once: the sync pulls the default branch's file, the upload replaces it.
    if (values.sync && values.upload) throw new Error('--sync and --upload are two ways of doing one thing: pick one');
    return { outcome, sync: values.sync, upload: values.upload };
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
}

const { outcome, sync, upload } = parseFlags();
const token = 'cog_demo_token';
const api = new FakeDevinApi({
  token,
  orgId: 'org-demo',
  plan: { outcome, pendingMs: 1500, runningMs: 4000 },
  olderBuilds: 5
});
// What the repository's default branch holds, for the sync to pull.
if (sync) api.setDefaultBranchBlueprint(REPOSITORY, readFileSync(BLUEPRINT, 'utf8'));
// The checkout a pull-request check uploads the candidate from.
const workspace = mkdtempSync(join(tmpdir(), 'demo-workspace-'));
if (upload) {
  mkdirSync(join(workspace, '.devin'));
  copyFileSync(BLUEPRINT, join(workspace, '.devin/blueprint.yaml'));
}

await api.start();
console.log(`Fake Devin API listening on ${api.url}\n`);
console.log('── step log ─────────────────────────────────────────────');

const log = new RunnerLog();
const show = (lines: string[]): void => lines.forEach(line => console.log(`  ${line}`));
const run = await runBundle(
  {
    org_id: 'org-demo',
    token,
    api_url: api.url,
    poll_interval: '500ms',
    timeout: '1m',
    ...(sync && { sync: 'true' }),
    ...(upload && { blueprint_file: '.devin/blueprint.yaml' })
  },
  {
    // The committed bundle, as a workflow that uses this action runs it.
    bundle: join(REPO_ROOT, 'dist/index.js'),
    // What the runner sets: the repository the workflow runs for, and the checkout's folder.
    env: { GITHUB_REPOSITORY: REPOSITORY, GITHUB_WORKSPACE: workspace },
    killAfterMs: 60_000,
    echo: chunk => show(log.write(chunk))
  }
);
show(log.end());
await api.stop();
rmSync(workspace, { recursive: true, force: true });

console.log(
  `\n── step ${run.exitCode === 0 ? 'passed' : 'failed'} (exit code ${run.exitCode}) ─────────────────────────────`
);
console.log('\nOutputs:');
for (const [name, value] of Object.entries(run.outputs)) console.log(`  ${name.padEnd(20)} ${value}`);
if (run.outputs.duration_seconds) {
  // Two clocks a reader may take for one.
  console.log(
    [
      '',
      "The log's \"(… elapsed)\" counts from the step's start: the trigger, the build's time in the queue and",
      'the wait for the next check included. "after …" and duration_seconds are the build\'s own run, from',
      'its start to its completion as the API reports them.'
    ].join('\n  ')
  );
}
console.log('\nJob summary:\n');
console.log(run.summary.replace(/^/gm, '  '));

// The requests in order, a run of the same one (the status checks) on one line.
console.log('Requests the action made:');
const requests = api.requests.map(({ method, path, query }) => {
  const search = new URLSearchParams(query).toString();
  return `${method} ${path.replace(/^\/v3beta1\/organizations\/[^/]+\/snapshot-setup/, '…')}${search && `?${search}`}`;
});
for (let i = 0; i < requests.length;) {
  let count = 1;
  while (requests[i + count] === requests[i]) count++;
  console.log(`  ${requests[i]}${count > 1 ? ` (×${count})` : ''}`);
  i += count;
}
process.exitCode = run.exitCode ?? 1;
