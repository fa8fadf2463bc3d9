// What the test suites share, one name each: start a fake (it is stopped after the test), run an
// action as the runner runs it, read the ::error:: lines of a run, fail the requests a test picks,
// the runner commands a run let through, and what the gate's contract expects of every API. The
// runner-exact suites (__tests__/e2e/) get the bundle they run built before their first test
// (e2e-setup.ts, named in jest.config.js).
import { afterEach, expect } from '@jest/globals';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { marked } from 'marked';
import type { FakeServer, RecordedRequest, RequestHook } from '../../fakes/server.js';
import { bundleFile, type ActionEntry, type Step } from '../../harness/actions.js';
import type { ApiKit } from '../../harness/kits/index.js';
import { currentBundle, runBundle, type ActionRun, type RunOptions } from '../../harness/runner.js';

// Registered for each suite that imports this module: the fakes its test started are stopped after it.
const started: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map(fake => fake.stop()));
});

/** Starts `fake` on a free port of 127.0.0.1, and stops it after the test. */
export async function startFake<Fake extends FakeServer>(fake: Fake): Promise<Fake> {
  await fake.start();
  started.push(fake);
  return fake;
}

export interface StepRunOptions extends Omit<RunOptions, 'bundle'> {
  /** Default the main step. */
  step?: Step;
}

/**
 * Runs a step of the action of `kit` as the runner runs it (harness/runner.ts): its bundle, built
 * from the current sources, in a child process with the runner's environment and files.
 */
export async function runAction(
  kit: { action: ActionEntry },
  inputs: Record<string, string>,
  { step = 'main', ...options }: StepRunOptions = {}
): Promise<ActionRun> {
  return runBundle(inputs, { bundle: join(await currentBundle(), bundleFile(kit.action, step)), ...options });
}

/** The ::error:: lines of a run's step log: one for a step that failed. */
export function errorLines(run: ActionRun): string[] {
  return run.stdout.split('\n').filter(line => line.startsWith('::error::'));
}

/**
 * An onRequest hook that fails the requests it picks (by method, or by a test of the request; at
 * most `times` of them), answering `status` with `body` (JSON), and leaves the others to the fake.
 */
export function failing(
  picks: string | ((request: RecordedRequest) => boolean),
  status: number,
  {
    body = { detail: 'Service unavailable', type: 'server_error' },
    times = Infinity,
    headers = {}
  }: { body?: unknown; times?: number; headers?: Record<string, string> } = {}
): RequestHook {
  const picked = typeof picks === 'string' ? (request: RecordedRequest) => request.method === picks : picks;
  let left = times;
  return (request: RecordedRequest, response: ServerResponse): boolean => {
    if (!picked(request) || left-- <= 0) return false;
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
    return true;
  };
}

/**
 * What the runner would act on: a line that starts, after whitespace, with `::` or holds `##[`
 * anywhere, in stdout or the summary; except the action's own annotations, masks and log group,
 * and what lies between its `::stop-commands::TOKEN` and `::TOKEN::`.
 */
export function runnerCommandsFromServer(result: ActionRun): string[] {
  const found: string[] = [];
  let stoppedBy: string | undefined;
  for (const line of `${result.stdout}\n${result.summary}`.split(/\r\n|[\n\r\u2028\u2029]/)) {
    const trimmed = line.trimStart();
    if (stoppedBy !== undefined) {
      if (trimmed.toLowerCase() === `::${stoppedBy}::`) stoppedBy = undefined;
      else if (line.includes('##[')) found.push(line);
      continue;
    }
    const stop = /^::stop-commands::([0-9a-f]{32})$/.exec(trimmed);
    if (stop) stoppedBy = stop[1];
    else if (line.includes('##[')) found.push(line);
    else if (/^::/.test(trimmed) && !/^::(error|warning|debug|add-mask|group|endgroup)::/.test(trimmed))
      found.push(line);
  }
  return found;
}

/** Every output after a success, as the gate's contract expects of every API: the common ones in their forms, and the kit's own. */
export function successOutputs(kit: ApiKit, buildId: string): Record<string, unknown> {
  return {
    build_id: buildId,
    status: kit.statuses.success,
    result: 'success',
    created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    started_at: expect.any(String),
    completed_at: expect.stringMatching(/Z$/),
    duration_seconds: expect.stringMatching(/^\d+$/),
    ...kit.backendOutputsAfterSuccess
  };
}

/**
 * The job summary as the reader sees it once the runner has masked it: each of `masked` replaced by
 * its exact text with *** (longest first, as the runner masks the log and the summary), then
 * rendered as GitHub-flavoured Markdown, and its text taken from the HTML (tags dropped, character
 * references decoded).
 */
export function maskedAndRendered(summary: string, masked: readonly string[]): string {
  let text = summary;
  for (const value of [...masked].sort((a, b) => b.length - a.length)) text = text.split(value).join('***');
  const html = marked.parse(text, { async: false, gfm: true });
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:#x([0-9a-f]+)|#([0-9]+)|([a-z]+));/gi, (reference, hex?: string, decimal?: string, name?: string) => {
      if (hex ?? decimal) return String.fromCodePoint(hex ? parseInt(hex, 16) : Number(decimal));
      return (name && named[name]) ?? reference;
    });
}
