// Runs the fake Devin API as a standalone server, e.g. for the demo or manual runs of the action:
//   npx tsx fakes/devin/serve.ts --outcome failed --newer 4
//   npx tsx fakes/devin/serve.ts --default-branch-blueprint acme/app    (then sync: true works for acme/app)
// Prints FAKE_DEVIN_API_URL=<base URL> once listening; logs one line per request to stderr.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_BUILD_PLAN, FakeDevinApi, type BuildPlan } from './api.js';

const USAGE = `usage: tsx fakes/devin/serve.ts [--port N] [--port-file FILE]
  [--outcome succeeded|failed|cancelled] [--pending MS] [--running MS]
  [--older N] [--newer N] [--token TOKEN] [--org ORG_ID]
  [--default-branch-blueprint OWNER/REPO[=FILE] ...]
    the repository's default branch holds a .devin/blueprint.yaml (FILE's contents, default
    fakes/devin/sample-blueprint.yaml), so that a sync of it succeeds; other repositories' sync: 404`;

/** What a repository's default branch holds when --default-branch-blueprint names no file. */
const SAMPLE_BLUEPRINT_FILE = fileURLToPath(new URL('sample-blueprint.yaml', import.meta.url));

const OUTCOMES: readonly BuildPlan['outcome'][] = ['succeeded', 'failed', 'cancelled'];

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function nonNegativeInteger(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) fail(`--${flag} must be a non-negative integer, got '${value}'`);
  return Number(value);
}

function parseOutcome(value: string | undefined): BuildPlan['outcome'] {
  if (value === undefined) return DEFAULT_BUILD_PLAN.outcome;
  const outcome = OUTCOMES.find(known => known === value);
  return outcome ?? fail(`--outcome must be one of ${OUTCOMES.join(', ')}, got '${value}'`);
}

function parseFlags() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string' },
        'port-file': { type: 'string' },
        outcome: { type: 'string' },
        pending: { type: 'string' },
        running: { type: 'string' },
        older: { type: 'string' },
        newer: { type: 'string' },
        token: { type: 'string' },
        org: { type: 'string' },
        'default-branch-blueprint': { type: 'string', multiple: true }
      }
    }).values;
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

/** `owner/repo` or `owner/repo=FILE`: the repository, and what its default branch holds as .devin/blueprint.yaml. */
function parseDefaultBranchBlueprint(value: string): [repo: string, contents: string] {
  const [repo, file = SAMPLE_BLUEPRINT_FILE] = value.split(/=(.*)/s);
  if (!/^[^/\s=]+\/[^/\s=]+$/.test(repo)) fail(`--default-branch-blueprint must be OWNER/REPO[=FILE], got '${value}'`);
  try {
    return [repo, readFileSync(file, 'utf8')];
  } catch (error) {
    return fail(
      `--default-branch-blueprint: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`
    );
  }
}

async function main(): Promise<void> {
  const values = parseFlags();
  const api = new FakeDevinApi({
    token: values.token,
    orgId: values.org,
    plan: {
      outcome: parseOutcome(values.outcome),
      pendingMs: nonNegativeInteger('pending', values.pending) ?? DEFAULT_BUILD_PLAN.pendingMs,
      runningMs: nonNegativeInteger('running', values.running) ?? DEFAULT_BUILD_PLAN.runningMs
    },
    olderBuilds: nonNegativeInteger('older', values.older),
    newerBuildsAfterTrigger: nonNegativeInteger('newer', values.newer),
    onRequest: (request, response) => {
      // Method, path and status only: never headers, so the token stays out of logs.
      const search = new URLSearchParams(request.query).toString();
      response.once('close', () => {
        const outcome = request.status === 0 ? 'no response' : String(request.status);
        process.stderr.write(`${request.method} ${request.path}${search ? `?${search}` : ''} -> ${outcome}\n`);
      });
      return false;
    }
  });

  for (const value of values['default-branch-blueprint'] ?? []) {
    api.setDefaultBranchBlueprint(...parseDefaultBranchBlueprint(value));
  }

  const url = await api.start(nonNegativeInteger('port', values.port) ?? 0);
  if (values['port-file']) writeFileSync(values['port-file'], `${url}\n`);
  process.stdout.write(`FAKE_DEVIN_API_URL=${url}\n`);

  const shutdown = (): void => void api.stop();
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

await main();
