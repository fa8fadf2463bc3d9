import { newGateState, runGate, type GateOptions } from '../src/core/gate.js';
import { HttpTransport } from '../src/core/http.js';
import {
  DEFAULT_DEVIN_BACKEND_OPTIONS,
  DEVIN_EXTRA_OUTPUTS,
  DevinBackend,
  type DevinBackendOptions
} from '../src/devin/backend.js';
import { DevinClient } from '../src/devin/client.js';
import type { FakeDevinApi } from './devin.js';
import type { Clock } from '../src/core/clock.js';

export const TEST_TOKEN = 'cog_test_token';
export const TEST_ORG = 'org-test';

export interface InProcessRunOptions {
  gate?: Partial<GateOptions>;
  backend?: Partial<DevinBackendOptions>;
  org?: string;
  token?: string;
}

/** The Devin gate wired to a fake API, in this process, on the clock given (virtual in tests). */
export async function runDevinGate(
  api: FakeDevinApi,
  clock: Clock,
  { gate, backend: backendOptions, org = TEST_ORG, token = TEST_TOKEN }: InProcessRunOptions = {}
) {
  const logs: string[] = [];
  const warnings: string[] = [];
  const known: string[] = [];
  const state = newGateState(clock.now(), DEVIN_EXTRA_OUTPUTS);
  const client = new DevinClient(
    new HttpTransport({ baseUrl: api.url, token, userAgent: 'snapshot-build-action/test' }),
    org
  );
  const backend = new DevinBackend(client, { ...DEFAULT_DEVIN_BACKEND_OPTIONS, ...backendOptions });
  const run = runGate(
    backend,
    {
      wait: true,
      timeoutMs: 3_600_000,
      pollIntervalMs: 10_000,
      cancelOnTimeout: false,
      cancelOnAbort: true,
      requestTimeoutMs: 5000,
      ...gate
    },
    {
      clock,
      log: { info: line => logs.push(line), warning: line => warnings.push(line) },
      onBuildKnown: build => known.push(build.id)
    },
    state
  );
  const outcome = await run.catch((error: Error) => error);
  return { outcome, state, logs, warnings, known };
}
