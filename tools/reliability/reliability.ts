// `npm run reliability`: runs the fault-injection matrix and prints its figures; with --write, also
// puts them in docs/reliability.md between the reliability markers. The same matrix runs in `npm test`.
import { readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { FakeDevinApi } from '../../fakes/devin/api.js';
import devinKit, { DEVIN_ORG as TEST_ORG, DEVIN_TOKEN as TEST_TOKEN } from '../../harness/kits/devin.js';
import { FATAL_FAULT_KINDS, FAULT_KINDS } from '../../fakes/devin/faults.js';
import { LOG_MAX_BYTES, runMatrix, type MatrixOptions, type MatrixReport } from './matrix.js';
import { SUPERSEDED_IDS_MAX_CHARS } from '../../src/core/outputs.js';
import { OUTPUT_MAX_CHARS, SUMMARY_MAX_BYTES } from '../../src/core/untrusted.js';
import { bundleFile } from '../../harness/actions.js';
import { currentBundle, runBundle } from '../../harness/runner.js';
import { join } from 'node:path';

const MATRICES: MatrixOptions[] = [
  { runs: 200, seed: 1, faultRate: 0.15 },
  { runs: 100, seed: 1001, faultRate: 0.3 }
];
const TARGET = 'docs/reliability.md';
const START = '<!-- reliability:start -->';
const END = '<!-- reliability:end -->';

const ALL_KINDS = [...FAULT_KINDS, ...FATAL_FAULT_KINDS];
const rows: string[][] = [];
const serverRows: string[][] = [];
const faults = Object.fromEntries(ALL_KINDS.map(kind => [kind, 0]));
for (const matrix of MATRICES) {
  const started = Date.now();
  const { totals, faultsByKind } = await runMatrix(matrix);
  for (const kind of ALL_KINDS) faults[kind] += faultsByKind[kind];
  serverRows.push(serverRow(matrix, totals));
  rows.push([
    `${Math.round(matrix.faultRate * 100)}%`,
    String(totals.runs),
    String(totals.faults),
    String(totals.correctVerdicts),
    String(totals.clearErrors),
    String(totals.wrongVerdicts),
    String(totals.duplicateBuilds),
    String(totals.leaks),
    String(totals.injectedCommands),
    String(totals.outOfBounds),
    String(totals.requestsOverBound),
    `${((Date.now() - started) / 1000).toFixed(1)} s`
  ]);
}

/** How many runs drew each kind of server, where the reference makes no promise. */
function serverRow(matrix: MatrixOptions, totals: MatrixReport['totals']): string[] {
  return [
    `${Math.round(matrix.faultRate * 100)}%`,
    totals.oldestFirst,
    totals.nullTrigger,
    totals.noDateHeader,
    totals.skewedDateHeader,
    totals.skewedServerClock,
    totals.noGetBuild,
    totals.hostile,
    totals.oversized,
    totals.laggingList,
    totals.slowTrigger,
    totals.orgRules,
    totals.busyOrg,
    totals.othersTrigger,
    totals.othersSameSecond,
    totals.othersListedLate,
    totals.superseded,
    totals.supersededInItsSecond,
    totals.watchedForSuccessor,
    totals.serverPageSize
  ].map(String);
}

/** Time from the runner's signal to the cancel reaching the API, for the real bundle. */
async function signalToCancelMs(signal: NodeJS.Signals): Promise<number> {
  let sentAt = 0;
  let cancelledAt = 0;
  const api = new FakeDevinApi({
    plan: { outcome: 'succeeded', pendingMs: 100, runningMs: 600_000 },
    onRequest: request => {
      if (request.path.endsWith('/cancel')) cancelledAt = Date.now();
      return false;
    }
  });
  await api.start();
  await runBundle(
    { org_id: TEST_ORG, token: TEST_TOKEN, api_url: api.url, poll_interval: '200ms', timeout: '5m' },
    {
      bundle: join(await currentBundle(), bundleFile(devinKit.action)),
      onSpawn: child => {
        const timer = setInterval(() => {
          if (api.createdBuildIds().length === 0) return;
          clearInterval(timer);
          setTimeout(() => {
            sentAt = Date.now();
            child.kill(signal);
          }, 300);
        }, 20);
      }
    }
  );
  await api.stop();
  if (!cancelledAt) throw new Error(`no cancel arrived after ${signal}`);
  return cancelledAt - sentAt;
}

const latencies: number[] = [];
for (let i = 0; i < 10; i++) latencies.push(await signalToCancelMs(i % 2 ? 'SIGTERM' : 'SIGINT'));
latencies.sort((a, b) => a - b);
const median = (latencies[4] + latencies[5]) / 2;

const table = [
  '| fault rate | runs | faults injected | right verdict | clear error | wrong verdict | duplicate builds | token leaks | injected commands | output over bounds | requests over bound | wall time |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map(row => `| ${row.join(' | ')} |`),
  '',
  'Runs by server (what the reference does not promise, drawn per run; timestamps in seconds or milliseconds half the time each):',
  '',
  '| fault rate | list oldest first | trigger null | no Date header | Date header skewed | server clock skewed | no GET one build | hostile strings | 2 MB statuses | lagging list | slow trigger | one build at a time | org busy at the trigger | others trigger after ours | … in our second | … listed late | ours superseded, newer followed | … by a build of its second | watched for a successor | page size chosen by the server |',
  `|${'---|'.repeat(20)}`,
  ...serverRows.map(row => `| ${row.join(' | ')} |`),
  '',
  `An injected command is a line of the step's log (outputs and the summary are files the runner never reads for commands) that starts with \`::\` (after spaces, splitting at CR, LF, U+2028 and U+2029) outside the action's own stop-commands block, or holds \`##[\`. Bounds: log lines ${LOG_MAX_BYTES / 1024} KiB in all, summary ${SUMMARY_MAX_BYTES / 1024} KiB, each output ${OUTPUT_MAX_CHARS} characters (\`superseded_build_ids\`: ${SUPERSEDED_IDS_MAX_CHARS}, every chain the run follows).`,
  '',
  `Workflow cancelled (SIGINT or SIGTERM to the bundle, 10 runs): the cancel reached the API after ${median} ms median, ${latencies.at(-1)} ms at most (limit 5000 ms).`,
  '',
  `Faults injected, by kind: ${ALL_KINDS.map(kind => `${kind.replace(/_/g, ' ')} ${faults[kind]}`).join(', ')}.`,
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on node ${process.version}, ${MATRICES.map(m => `seeds ${m.seed}–${m.seed + m.runs - 1}`).join(' and ')}.`
].join('\n');
console.log(table);

if (process.argv.includes('--write')) {
  const page = readFileSync(TARGET, 'utf8');
  const from = page.indexOf(START);
  const to = page.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${TARGET} has no ${START} … ${END} section to write into`);
  const written = `${page.slice(0, from + START.length)}\n${table}\n${page.slice(to)}`;
  // Formatted as `npm run format` would, so that format:check passes on the written file.
  const options = await prettier.resolveConfig(TARGET);
  writeFileSync(TARGET, await prettier.format(written, { ...options, filepath: TARGET }));
  console.log(`\nWritten to ${TARGET}.`);
}
