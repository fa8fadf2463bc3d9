// `npm run bench:overlap`: gates that overlap on one organization, as pull-request checks or pushes
// run them. Ten bundles of the action (dist/, as the runner runs it, each a child process) are
// started a few hundred ms apart against one fake Devin API that follows the org's rules: one build
// at a time, a new trigger supersedes the queued build. Reported: how many verdicts are green, how
// many builds ran to the end, and the time from the end of the last build that ran to the last
// verdict, against its target. With --write, the table goes into BENCHMARKS.md between its markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { FakeDevinApi } from '../../fakes/devin/api.js';
import { DEVIN_ORG, DEVIN_TOKEN } from '../../harness/kits/devin.js';
import { REPO_ROOT, runBundle } from '../../harness/runner.js';

const { values: args } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    gates: { type: 'string', default: '10' },
    'apart-ms': { type: 'string', default: '222' },
    'poll-ms': { type: 'string', default: '1000' },
    'queue-ms': { type: 'string', default: '1000' },
    'build-ms': { type: 'string', default: '6000' }
  }
});
const GATES = Number(args.gates);
const APART_MS = Number(args['apart-ms']);
const POLL_MS = Number(args['poll-ms']);
/**
 * The fake's least wait before a build starts on an idle org (its plan's pendingMs). At 1 s or more,
 * a build starts in a later second than every build created before it. Under it, one that superseded
 * ours and started within that second cannot be told, from whole-second times, from an older one that
 * ran when ours was cancelled by hand: the gate stops with an error naming both (docs/how-it-behaves.md)
 * rather than guess.
 */
const QUEUE_MS = Number(args['queue-ms']);
const BUILD_MS = Number(args['build-ms']);

// Timestamps in whole seconds, the fake's default and the likeliest unit: many builds share a second.
const fake = new FakeDevinApi({
  orgRules: true,
  plan: { outcome: 'succeeded', pendingMs: QUEUE_MS, runningMs: BUILD_MS }
});
await fake.start();
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const verdictAt: number[] = [];
const started = Date.now();
const runs = await Promise.all(
  Array.from({ length: GATES }, async (_, i) => {
    await sleep(i * APART_MS);
    const run = await runBundle(
      { org_id: DEVIN_ORG, token: DEVIN_TOKEN, api_url: fake.url, poll_interval: `${POLL_MS}ms`, timeout: '5m' },
      { bundle: join(REPO_ROOT, 'dist/index.js'), killAfterMs: 300_000 }
    );
    verdictAt.push(Date.now());
    return run;
  })
);
await fake.stop();

const isGreen = (run: (typeof runs)[number]) => run.exitCode === 0 && run.outputs.result === 'success';
const green = runs.filter(isGreen).length;
// What a gate that did not end green said, to read a miss by.
for (const run of runs.filter(run => !isGreen(run))) {
  process.stderr.write(
    `not green (${run.outputs.result || 'no result'}): ${run.stdout
      .split('\n')
      .filter(line => line.startsWith('::error::'))
      .join(' ')}\n`
  );
}
// Timestamps in whole seconds, on the fake's clock, which is the wall clock here: the last build
// ended within the second its completed_at names, so the time from the start of that second to the
// last verdict is an upper bound, at most a second over the true latency.
const builds = fake.createdBuildIds().map(id => fake.build(id));
const ranToTheEnd = builds.filter(build => build?.status === 'succeeded' || build?.status === 'failed');
const lastEndSecond = Math.max(...ranToTheEnd.map(build => build?.completed_at ?? 0));
const lastVerdict = Math.max(...verdictAt);
const afterEndMs = lastVerdict - lastEndSecond * 1000;
const superseded = runs.filter(run => run.outputs.superseded_build_ids).length;

const targets = {
  green: green === GATES,
  builds: ranToTheEnd.length <= 2,
  latency: afterEndMs <= 2 * POLL_MS + 1000
};
const mark = (ok: boolean) => (ok ? 'pass' : '**miss**');
const table = [
  '| figure | target | measured |',
  '|---|---|---|',
  `| green verdicts | ${GATES} of ${GATES} | ${green} of ${GATES}: ${mark(targets.green)} |`,
  `| builds run to the end (of ${builds.length} triggered) | at most 2 | ${ranToTheEnd.length}: ${mark(targets.builds)} |`,
  `| end of the last build that ran (the second its completed_at names) → last verdict | ≤ 2 × poll_interval + 1 s (${2 * POLL_MS + 1000} ms) | ${afterEndMs} ms: ${mark(targets.latency)} |`,
  `| gates that followed a build superseding theirs | — | ${superseded} |`
];
const method =
  `${GATES} gates (dist/index.js, each a child process, poll_interval ${POLL_MS} ms) started ${APART_MS} ms apart on one ` +
  `organization of the fake Devin API with its one-build rule (a build waits at least ${QUEUE_MS} ms in the queue on an ` +
  `idle org, then runs ${BUILD_MS} ms), timestamps in whole seconds; one run of ${((Date.now() - started) / 1000).toFixed(1)} s on node ${process.version}, ` +
  `${new Date().toISOString().slice(0, 10)}.`;
process.stdout.write(`${table.join('\n')}\n\n${method}\n`);

if (args.write) {
  const path = join(REPO_ROOT, 'BENCHMARKS.md');
  const START = '<!-- overlap:start -->';
  const END = '<!-- overlap:end -->';
  const text = readFileSync(path, 'utf8');
  const body = `${START}\n\n${table.join('\n')}\n\n${method}\n\n${END}`;
  const written = text.includes(START)
    ? text.slice(0, text.indexOf(START)) + body + text.slice(text.indexOf(END) + END.length)
    : `${text.trimEnd()}\n\n## Gates that overlap on one organization\n\n${body}\n`;
  writeFileSync(path, await format(written, { ...(await resolveConfig(path)), filepath: path }));
}
if (!Object.values(targets).every(Boolean)) process.exitCode = 1;
