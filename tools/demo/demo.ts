// `npm run demo`: runs the committed action (dist/index.js) against the fake Devin API on this
// machine and shows what a workflow log would: a build going from pending to its verdict, then the
// step's outputs and job summary. `npm run demo -- --outcome failed` shows a failing build.
import { parseArgs } from 'node:util';
import { FakeDevinApi, type BuildPlan } from '../../fakes/devin/api.js';
import { REPO_ROOT, runBundle } from '../../harness/runner.js';
import { join } from 'node:path';

const { values } = parseArgs({ options: { outcome: { type: 'string', default: 'succeeded' } } });
const outcome = values.outcome as BuildPlan['outcome'];
if (!['succeeded', 'failed', 'cancelled'].includes(outcome)) {
  console.error('usage: npm run demo [-- --outcome succeeded|failed|cancelled]');
  process.exit(2);
}

const token = 'cog_demo_token';
const api = new FakeDevinApi({
  token,
  orgId: 'org-demo',
  plan: { outcome, pendingMs: 1500, runningMs: 4000 },
  olderBuilds: 5
});
await api.start();
console.log(`Fake Devin API listening on ${api.url}\n`);
console.log('── step log ─────────────────────────────────────────────');

// Workflow commands shown the way the Actions log shows them; the mask and debug lines are the runner's.
const render = (line: string): string | undefined => {
  if (line.startsWith('::add-mask::') || line.startsWith('::debug::')) return undefined;
  const command = /^::(error|warning|notice)::(.*)$/.exec(line);
  if (command) return `${command[1][0].toUpperCase()}${command[1].slice(1)}: ${command[2].replace(/%0A/g, '\n')}`;
  return line;
};
let pending = '';
const run = await runBundle(
  { org_id: 'org-demo', token, api_url: api.url, poll_interval: '500ms', timeout: '1m' },
  {
    // The committed bundle, as a workflow that uses this action runs it.
    bundle: join(REPO_ROOT, 'dist/index.js'),
    killAfterMs: 60_000,
    echo: chunk => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines.map(render)) if (line !== undefined) console.log(`  ${line}`);
    }
  }
);
await api.stop();

console.log(
  `\n── step ${run.exitCode === 0 ? 'passed' : 'failed'} (exit code ${run.exitCode}) ─────────────────────────────`
);
console.log('\nOutputs:');
for (const [name, value] of Object.entries(run.outputs)) console.log(`  ${name.padEnd(17)} ${value}`);
console.log('\nJob summary:\n');
console.log(run.summary.replace(/^/gm, '  '));
console.log(`Requests the action made: ${api.requests.length} (${api.requests.map(r => r.method).join(', ')})`);
process.exitCode = run.exitCode ?? 1;
