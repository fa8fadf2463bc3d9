// Runs the fake Devin API as a standalone server, e.g. for the demo or manual runs of the action:
//   npx tsx fakes/devin/serve.ts --outcome failed --newer 4
// Prints FAKE_DEVIN_API_URL=<base URL> once listening; logs one line per request to stderr.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_BUILD_PLAN, FakeDevinApi, type BuildPlan } from './api.js';

const USAGE = `usage: tsx fakes/devin/serve.ts [--port N] [--port-file FILE]
  [--outcome succeeded|failed|cancelled] [--pending MS] [--running MS]
  [--older N] [--newer N] [--token TOKEN] [--org ORG_ID]`;

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
        org: { type: 'string' }
      }
    }).values;
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
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

  const url = await api.start(nonNegativeInteger('port', values.port) ?? 0);
  if (values['port-file']) writeFileSync(values['port-file'], `${url}\n`);
  process.stdout.write(`FAKE_DEVIN_API_URL=${url}\n`);

  const shutdown = (): void => void api.stop();
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

await main();
