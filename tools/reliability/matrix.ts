// The reliability matrix: many whole runs of the Devin gate (in process, on a virtual clock, over
// real HTTP to the fake API) under seeded faults, against a server that varies, from the same
// seed, what the API reference does not promise (server.ts: list order and page size, the trigger
// value of our build, the Date header and the server's clock, the timestamp unit, whether GET one
// build exists, builds others start, in our second or listed late) and now and then sends hostile
// or oversized strings. Each run is checked for the promises the gate
// makes: the verdict is the build's real outcome or a clear error, exactly one build is created,
// the token appears nowhere, no server text becomes a runner command, what the step writes stays
// within bounds, and the number of requests stays bounded. `npm test` runs it and
// `npm run reliability` prints its figures.
import type { BuildPlan, DevinBuildStatus, FakeDevinApiOptions } from '../../fakes/devin/api.js';
import { FakeDevinApi } from '../../fakes/devin/api.js';
import { FAULT_KINDS, FATAL_FAULT_KINDS, FaultInjector, type FaultKind } from '../../fakes/devin/faults.js';
import { hostileText, oversizedStatusSource } from '../../fakes/hostile.js';
import { addHostileNeighbours, drawServer, othersCreatedAt, type ServerDraw } from './server.js';
import { mainStepInProcess, type InProcessRun } from '../../harness/in-process.js';
import { DEVIN_ORG } from '../../harness/kits/devin.js';
import { seededRandom } from '../../fakes/seeded-random.js';
import { VirtualClock } from '../../harness/virtual-clock.js';
import { devinDefinition } from '../../src/devin/definition.js';
import { SUPERSEDED_IDS_MAX_CHARS } from '../../src/core/outputs.js';
import { OUTPUT_MAX_CHARS, serverText, SUMMARY_MAX_BYTES, summaryText } from '../../src/core/untrusted.js';

export const MATRIX_TOKEN = 'cog_matrix_secret_7f3a9c';

/** Every form a secret can take in what the action writes: as it is, and as each of its escapings writes it. */
export function tokenForms(token: string): string[] {
  return [token, serverText(token), summaryText(token), JSON.stringify(token).slice(1, -1), encodeURIComponent(token)];
}
const POLL_INTERVAL_MS = 10_000;
// Attempts time out on the run's virtual clock: each hung connection costs this much of the run
// (the least request_timeout accepts).
const REQUEST_TIMEOUT = '100ms';
/** All the step's log lines together (info, warning, debug), in UTF-8 bytes. */
export const LOG_MAX_BYTES = 1024 * 1024;
const EXPECTED_RESULT: Record<BuildPlan['outcome'], string> = {
  succeeded: 'success',
  failed: 'failure',
  cancelled: 'cancelled'
};

export interface MatrixOptions {
  runs: number;
  /** Seed of the first run; run i uses seed + i. */
  seed: number;
  /** Share of requests that get a fault. */
  faultRate: number;
}

export interface RunRecord {
  seed: number;
  server: ServerDraw;
  expected: string;
  /** The gate's result, or undefined when it ended with an error. */
  result?: string;
  error?: string;
  /** The error was not one of the action's own (a bug, not a message for the user). */
  unexpectedError: boolean;
  buildsCreated: number;
  requests: number;
  requestBound: number;
  faults: number;
  leaked: boolean;
  /** Lines of the step's log, outputs or summary that the runner would read as a command (at most 5). */
  injectedCommands: string[];
  logBytes: number;
  summaryBytes: number;
  /** Length of the longest output, in UTF-16 units. */
  longestOutput: number;
  /** The log, the summary or an output went over its bound (outputBound). */
  outOfBounds: boolean;
  /** The run's own build was superseded, and its verdict is a newer build's. */
  superseded: boolean;
  /** The build that superseded the run's own was created in the same second (or tick) as it. */
  supersededInItsSecond: boolean;
  /** The run watched the list for a successor after its build was cancelled while queued. */
  watchedForSuccessor: boolean;
}

export interface MatrixReport {
  runs: RunRecord[];
  faultsByKind: Record<FaultKind, number>;
  totals: {
    runs: number;
    faults: number;
    correctVerdicts: number;
    clearErrors: number;
    wrongVerdicts: number;
    duplicateBuilds: number;
    leaks: number;
    unexpectedErrors: number;
    requestsOverBound: number;
    injectedCommands: number;
    outOfBounds: number;
    /** Runs of each kind of server, to read the figures against. */
    oldestFirst: number;
    nullTrigger: number;
    noDateHeader: number;
    skewedDateHeader: number;
    skewedServerClock: number;
    noGetBuild: number;
    hostile: number;
    oversized: number;
    laggingList: number;
    slowTrigger: number;
    orgRules: number;
    busyOrg: number;
    othersTrigger: number;
    /** Runs whose own build another trigger superseded, and that followed the newer one. */
    superseded: number;
    /** Runs whose server chose its own page size. */
    serverPageSize: number;
    /** Runs where others' build comes in the second of our trigger, or is listed late. */
    othersSameSecond: number;
    othersListedLate: number;
    /** Runs whose own build a build of its own second superseded. */
    supersededInItsSecond: number;
    /** Runs that watched the list for a successor (a build cancelled while queued). */
    watchedForSuccessor: number;
  };
}

/** Whether the run broke a promise; a clear error is not one, but the matrix bounds their share. */
export function runProblems(run: RunRecord): string[] {
  const problems: string[] = [];
  if (run.result !== undefined && run.result !== run.expected) problems.push('wrong verdict');
  // A stop before any build is fine; a verdict without a build, or a second build, is not.
  if (run.buildsCreated > 1 || (run.buildsCreated === 0 && run.result !== undefined)) {
    problems.push(`${run.buildsCreated} builds created`);
  }
  if (run.leaked) problems.push('token leak');
  if (run.unexpectedError) problems.push('unexpected error');
  if (run.requests > run.requestBound) problems.push('requests over bound');
  if (run.injectedCommands.length) problems.push('injected command');
  if (run.outOfBounds) problems.push('output out of bounds');
  return problems;
}

export async function runMatrix(options: MatrixOptions): Promise<MatrixReport> {
  const runs: RunRecord[] = [];
  const kinds: FaultKind[] = [...FAULT_KINDS, ...FATAL_FAULT_KINDS];
  const faultsByKind = Object.fromEntries(kinds.map(kind => [kind, 0])) as Record<FaultKind, number>;
  for (let i = 0; i < options.runs; i++) {
    const { record, injected } = await runOne(options.seed + i, options.faultRate);
    runs.push(record);
    for (const kind of kinds) faultsByKind[kind] += injected[kind];
  }
  const count = (test: (run: RunRecord) => boolean) => runs.filter(test).length;
  return {
    runs,
    faultsByKind,
    totals: {
      runs: runs.length,
      faults: runs.reduce((sum, run) => sum + run.faults, 0),
      correctVerdicts: count(run => run.result === run.expected),
      clearErrors: count(run => run.error !== undefined && !run.unexpectedError),
      wrongVerdicts: count(run => run.result !== undefined && run.result !== run.expected),
      duplicateBuilds: count(run => run.buildsCreated > 1),
      leaks: count(run => run.leaked),
      unexpectedErrors: count(run => run.unexpectedError),
      requestsOverBound: count(run => run.requests > run.requestBound),
      injectedCommands: count(run => run.injectedCommands.length > 0),
      outOfBounds: count(run => run.outOfBounds),
      oldestFirst: count(run => run.server.listOrder === 'oldest-first'),
      nullTrigger: count(run => run.server.postedTrigger === null),
      noDateHeader: count(run => run.server.dateHeader === 'absent'),
      skewedDateHeader: count(run => typeof run.server.dateHeader === 'number' && run.server.dateHeader !== 0),
      skewedServerClock: count(run => run.server.serverClockOffsetMs !== 0),
      noGetBuild: count(run => run.server.getBuildEndpoint === 'absent'),
      hostile: count(run => run.server.hostile),
      oversized: count(run => run.server.oversized),
      laggingList: count(run => run.server.listLagMs > 0),
      slowTrigger: count(run => run.server.slowTriggerMs > 0),
      orgRules: count(run => run.server.orgRules),
      busyOrg: count(run => run.server.busyForMs > 0),
      othersTrigger: count(run => run.server.othersTrigger !== undefined),
      superseded: count(run => run.superseded),
      serverPageSize: count(run => run.server.pageSize !== undefined),
      othersSameSecond: count(run => typeof run.server.othersTrigger?.after === 'object'),
      othersListedLate: count(run => (run.server.othersTrigger?.listLagMs ?? 0) > 0),
      supersededInItsSecond: count(run => run.supersededInItsSecond),
      watchedForSuccessor: count(run => run.watchedForSuccessor)
    }
  };
}

/** The commands the action itself writes to frame the build log. */
const OWN_COMMAND = /^::group::Build log \(last \d+ lines\)[^\n]*$|^::endgroup::$/;

/**
 * Lines of the step log the runner would read as commands: `::` at the start of a line (after
 * spaces), `##[` anywhere. Outputs and the summary are files the runner never reads for commands.
 */
export function runnerCommands(run: Pick<InProcessRun, 'info' | 'warning' | 'debug'>): string[] {
  const found: string[] = [];
  // The step log is one stream: the action's stop-commands block spans several info lines.
  const texts = [run.info.join('\n'), ...run.warning, ...run.debug];
  for (const text of texts) {
    // Between the action's own `::stop-commands::TOKEN` and `::TOKEN::`, `::` starts no command.
    let stoppedBy: string | undefined;
    for (const line of text.split(/\r\n|[\n\r\u2028\u2029]/)) {
      const trimmed = line.trimStart();
      const resumes = stoppedBy !== undefined && trimmed.toLowerCase() === `::${stoppedBy}::`;
      const stops = stoppedBy === undefined && /^::stop-commands::[0-9a-f]{32}$/.exec(trimmed);
      if (resumes) stoppedBy = undefined;
      else if (stops) stoppedBy = trimmed.slice('::stop-commands::'.length).toLowerCase();
      else if (stoppedBy === undefined && OWN_COMMAND.test(line)) continue;
      else if ((stoppedBy === undefined && trimmed.startsWith('::')) || line.includes('##[')) found.push(line);
      else continue;
    }
    if (stoppedBy !== undefined) found.push(`(commands stopped with ${stoppedBy} and never resumed)`);
  }
  return found.slice(0, 5).map(line => JSON.stringify(line.slice(0, 200)));
}

async function runOne(seed: number, faultRate: number) {
  const random = seededRandom(seed * 7919);
  const outcome = (['succeeded', 'failed', 'cancelled'] as const)[Math.floor(random() * 3)];
  const plan: BuildPlan = {
    outcome,
    pendingMs: 5000 + Math.floor(random() * 55_000),
    runningMs: 30_000 + Math.floor(random() * 570_000)
  };
  const clock = new VirtualClock(Date.UTC(2026, 10, 24, 9, 0, 0), seed, { virtualTimers: true });
  const olderBuilds = Math.floor(random() * 6);
  // Now and then enough newer builds that ours is on page 2 or 3. Not behind a build that ends
  // cancelled: under the org's one-build rule a newer build queued behind it superseded it, and the
  // gate rightly follows that one (the fake's newer builds here never start).
  const pushedDown = random() < 0.2 ? 100 + Math.floor(random() * 150) : 0;
  const newerBuildsAfterTrigger = outcome === 'cancelled' ? 0 : pushedDown;
  // Under the org's rules such a crowd would supersede ours at once; builds others start are drawn instead.
  const drawn = drawServer(random);
  // A page size the server chooses, but not over such a crowd: 20 pages of a few would not reach ours.
  const server: ServerDraw = { ...drawn, pageSize: pushedDown ? undefined : drawn.pageSize };
  const options: FakeDevinApiOptions = {
    token: MATRIX_TOKEN,
    orgId: DEVIN_ORG,
    now: () => clock.now() + server.serverClockOffsetMs,
    plan,
    olderBuilds,
    newerBuildsAfterTrigger: server.orgRules ? 0 : newerBuildsAfterTrigger,
    timestampUnit: server.timestampUnit,
    listOrder: server.listOrder,
    postedTrigger: server.postedTrigger,
    dateHeader: server.dateHeader !== 'absent',
    dateSkewMs: server.dateHeader === 'absent' ? 0 : server.dateHeader,
    getBuildEndpoint: server.getBuildEndpoint,
    listLagMs: server.listLagMs,
    triggerDelayMs: server.slowTriggerMs,
    orgRules: server.orgRules,
    pageSize: server.pageSize
  };
  const api = new FakeDevinApi(options);
  if (server.hostile) addHostileNeighbours(api, random, server.orgRules);
  if (server.busyForMs) {
    const plan = { outcome: 'succeeded' as const, pendingMs: 0, runningMs: server.busyForMs };
    api.scheduleBuild({ at: api.now(), trigger: 'auto', plan });
  }
  let othersScheduled = false;
  const faults = new FaultInjector(api, {
    seed,
    rate: faultRate,
    slowMs: 20,
    wait: async ms => clock.advance(ms),
    onHang: () => clock.runToNextTimer(),
    scheduled: server.fatalFaultAt === undefined ? undefined : { [server.fatalFaultAt]: 'hostile_validation' }
  });
  // Our build's status, while it runs, is hostile or oversized text; it shows its real outcome at the end.
  const ourStatus = server.oversized
    ? oversizedStatusSource()
    : server.hostile
      ? () => hostileText(random, 'running')
      : undefined;
  const overridden = new Set<string>();
  api.onRequest = async (request, response) => {
    for (const id of api.createdBuildIds()) {
      if (!ourStatus || overridden.has(id)) continue;
      overridden.add(id);
      api.setStatusOverride(id, (status: DevinBuildStatus) => (status === 'running' ? ourStatus() : undefined));
    }
    const trigger = request.method === 'POST' && request.path.endsWith('/builds');
    const others = server.othersTrigger;
    if (trigger && others && !othersScheduled) {
      othersScheduled = true;
      // Someone else's build, with ours's plan: following it when it supersedes ours gives the same verdict.
      const at = othersCreatedAt(others, api.now());
      api.scheduleBuild({ at, trigger: others.trigger, ...(others.listLagMs && { listLagMs: others.listLagMs }) });
    }
    // Never answered: the client's request_timeout ends it, and the build appears later.
    if (server.slowTriggerMs && trigger) {
      api.reply(request);
      clock.runToNextTimer();
      return true;
    }
    return faults.hook(request, response);
  };
  await api.start();
  try {
    const inputs = {
      org_id: DEVIN_ORG,
      token: MATRIX_TOKEN,
      api_url: api.url,
      poll_interval: `${POLL_INTERVAL_MS}ms`,
      timeout: '1h',
      request_timeout: REQUEST_TIMEOUT
    };
    const run = await mainStepInProcess(devinDefinition, inputs, { clock });
    const result = run.outputs.result || undefined;
    const error = result === undefined ? run.report.failure : undefined;
    // A walk through the list: 3 pages, or every page of a server that answers a few builds a page.
    // Older builds, 3 hostile ones, the busy one, the others' one, ours.
    const builds = olderBuilds + 6;
    const pages = server.pageSize ? Math.max(3, Math.ceil(builds / server.pageSize) + 1) : 3;
    // The minimum: the POST, a list per interval while the build runs (and while it waits behind
    // another, or its successor runs), the active check.
    const waitedMs =
      plan.pendingMs + plan.runningMs + server.busyForMs + (server.othersTrigger ? 2 * plan.runningMs : 0);
    const minimum = 2 + Math.ceil(waitedMs / (POLL_INTERVAL_MS * 0.9));
    const logBytes = [...run.info, ...run.warning, ...run.debug].reduce(
      (sum, line) => sum + Buffer.byteLength(line) + 1,
      0
    );
    const summaryBytes = Buffer.byteLength(run.summary);
    const longestOutput = Math.max(0, ...Object.values(run.outputs).map(value => value.length));
    const outputOverBound = Object.entries(run.outputs).some(([name, value]) => value.length > outputBound(name));
    const record: RunRecord = {
      seed,
      server,
      expected: EXPECTED_RESULT[outcome],
      result,
      error,
      // The action's own errors are written for the user; anything else is a bug.
      unexpectedError: error?.startsWith('Unexpected error:') ?? false,
      buildsCreated: api.createdBuildIds().length,
      requests: api.requests.length,
      // Faults cost retries, and a build pushed down the list costs a request per page.
      requestBound: Math.ceil(minimum * pages * (1 + 2 * faultRate)) + 10,
      faults: faults.total,
      leaked: tokenForms(MATRIX_TOKEN).some(form => run.everything().includes(form)),
      injectedCommands: runnerCommands(run),
      logBytes,
      summaryBytes,
      longestOutput,
      outOfBounds: logBytes > LOG_MAX_BYTES || summaryBytes > SUMMARY_MAX_BYTES || outputOverBound,
      superseded: (run.outputs.superseded_build_ids ?? '') !== '',
      supersededInItsSecond: supersededInItsSecond(api),
      watchedForSuccessor: run.info.some(line => line.endsWith('for a build that superseded it.'))
    };
    return { record, injected: faults.injected };
  } finally {
    await api.stop();
  }
}

/** An output's bound: OUTPUT_MAX_CHARS, or superseded_build_ids' own (every chain the run follows). */
function outputBound(name: string): number {
  return name === 'superseded_build_ids' ? SUPERSEDED_IDS_MAX_CHARS : OUTPUT_MAX_CHARS;
}

/** Whether the build that superseded ours was created in the same second (or tick) as ours. */
function supersededInItsSecond(api: FakeDevinApi): boolean {
  const [ours] = api.createdBuildIds();
  const newer = ours === undefined ? undefined : api.supersededBy(ours);
  return newer !== undefined && api.build(newer)?.created_at === api.build(ours)?.created_at;
}
