// One kit per API: what the shared gate contract suites need to run against it (its action
// definition and bundle, a fake of it, valid inputs, how to read what the fake created) and what
// the API can do. A third API is one more kit here, and the contract suites run over it as well.
import { DEVIN_OUTPUT_NAMES } from '../../src/devin/backend.js';
import { devinAction } from '../../src/devin/action.js';
import { DREADNODE_OUTPUT_NAMES } from '../../src/dreadnode/backend.js';
import { dreadnodeAction } from '../../src/dreadnode/action.js';
import type { ActionDefinition, GateInputs } from '../../src/core/run.js';
import { FakeDevinApi } from '../../fakes/devin/api.js';
import { DREADNODE_ORG, DREADNODE_TOKEN, FakeDreadnodeApi } from '../../fakes/dreadnode/api.js';
import type { FakeApiServer, RecordedRequest, RequestHook } from '../../fakes/server.js';

export const DEVIN_TOKEN = 'cog_test_token';
export const DEVIN_ORG = 'org-test';

/** A build's life in the fake, in terms every API shares. */
export interface KitBuildPlan {
  outcome: 'success' | 'failure';
  /** Time queued (pending) after creation. */
  queuedMs: number;
  /** Then time running before the outcome. */
  runningMs: number;
}

export interface KitFakeOptions {
  /** The fake's clock, default Date.now. */
  now?: () => number;
  plan?: KitBuildPlan;
  onRequest?: RequestHook;
}

export interface ApiKit {
  /** The product, as messages name it. */
  product: 'Devin' | 'Dreadnode';
  definition: ActionDefinition<GateInputs>;
  /** The main step's bundle, under a bundle folder. */
  bundle: string;
  token: string;
  /** The input naming the organization. */
  orgInput: string;
  /** How messages say a build was made: "Triggered build …" or "Created build …". */
  started: string;
  /** Summary heading. */
  title: string;
  /** Statuses as the API writes them. */
  statuses: { queued: string; running: string; success: string; failure: string };
  /** The outputs the backend adds after a success, as this kit's fake answers them. */
  backendOutputsAfterSuccess: Record<string, string>;
  backendOutputNames: readonly string[];
  /** A well-formed build id the fake does not know. */
  unknownBuildId: string;
  capabilities: {
    /** The API can cancel a build (cancel_on_* inputs, a post step). */
    cancel: boolean;
    /** After an ambiguous trigger the API can show whether a build was created. */
    reconcile: boolean;
    /** The API serves a build's log (show_logs, log_lines, log_path). */
    logs: boolean;
    /** The API can pin a build (pin, pinned). */
    pin: boolean;
  };
  startFake(options?: KitFakeOptions): Promise<FakeApiServer>;
  /** Valid inputs for a new build against `fake`. */
  inputs(fake: FakeApiServer, overrides?: Record<string, string>): Record<string, string>;
  /** Adds a build, created `ageMs` ago, that is still running, and returns its id. */
  addRunningBuild(fake: FakeApiServer, ageMs: number): string;
  isTrigger(request: RecordedRequest): boolean;
  isCancel(request: RecordedRequest): boolean;
}

const asDevin = (fake: FakeApiServer): FakeDevinApi => fake as FakeDevinApi;
const asDreadnode = (fake: FakeApiServer): FakeDreadnodeApi => fake as FakeDreadnodeApi;

export const devinKit: ApiKit = {
  product: 'Devin',
  definition: devinAction as ActionDefinition<GateInputs>,
  bundle: 'index.js',
  token: DEVIN_TOKEN,
  orgInput: 'org_id',
  started: 'Triggered',
  title: 'Snapshot build',
  statuses: { queued: 'pending', running: 'running', success: 'succeeded', failure: 'failed' },
  backendOutputsAfterSuccess: { active: 'true', pinned: '', log_path: '' },
  backendOutputNames: DEVIN_OUTPUT_NAMES,
  unknownBuildId: 'bld_doesnotexist00',
  capabilities: { cancel: true, reconcile: true, logs: true, pin: true },
  async startFake({ now, plan, onRequest } = {}) {
    const fake = new FakeDevinApi({
      now,
      onRequest,
      token: DEVIN_TOKEN,
      orgId: DEVIN_ORG,
      plan: plan && {
        outcome: plan.outcome === 'success' ? 'succeeded' : 'failed',
        pendingMs: plan.queuedMs,
        runningMs: plan.runningMs
      }
    });
    await fake.start();
    return fake;
  },
  inputs: (fake, overrides = {}) => ({ org_id: DEVIN_ORG, token: DEVIN_TOKEN, api_url: fake.url, ...overrides }),
  addRunningBuild: (fake, ageMs) =>
    asDevin(fake).addBuild({
      status: 'running',
      trigger: 'manual',
      createdAt: fake.now() - ageMs,
      startedAt: fake.now() - ageMs + 1000
    }),
  isTrigger: request => request.method === 'POST' && request.path.endsWith('/builds'),
  isCancel: request => request.method === 'POST' && request.path.endsWith('/cancel')
};

export const DREADNODE_BUILD_REF = 'registry.example/sandbox:1';

export const dreadnodeKit: ApiKit = {
  product: 'Dreadnode',
  definition: dreadnodeAction as ActionDefinition<GateInputs>,
  bundle: 'dreadnode/index.js',
  token: DREADNODE_TOKEN,
  orgInput: 'org',
  started: 'Created',
  title: 'Dreadnode build',
  statuses: { queued: 'queued', running: 'building', success: 'ready', failure: 'failed' },
  backendOutputsAfterSuccess: { is_active: 'true' },
  backendOutputNames: DREADNODE_OUTPUT_NAMES,
  unknownBuildId: '2489e9ad-2ee2-4e00-8ec9-32d5f69181c0',
  capabilities: { cancel: false, reconcile: false, logs: false, pin: false },
  async startFake({ now, plan, onRequest } = {}) {
    const fake = new FakeDreadnodeApi({
      now,
      onRequest,
      plan: plan && {
        outcome: plan.outcome === 'success' ? 'ready' : 'failed',
        queuedMs: plan.queuedMs,
        buildingMs: plan.runningMs
      }
    });
    await fake.start();
    return fake;
  },
  inputs: (fake, overrides = {}) => ({
    org: DREADNODE_ORG,
    token: DREADNODE_TOKEN,
    api_url: fake.url,
    build_ref: DREADNODE_BUILD_REF,
    display_name: 'Sandbox 1',
    sandbox_provider: 'docker',
    ...overrides
  }),
  addRunningBuild: (fake, ageMs) =>
    asDreadnode(fake).addBuild({ outcome: 'ready', queuedMs: 1000, buildingMs: 3_600_000 }, fake.now() - ageMs),
  isTrigger: request => request.method === 'POST',
  isCancel: () => false
};

export const API_KITS: readonly ApiKit[] = [devinKit, dreadnodeKit];
