// One kit per API: what the shared gate contract suites need to run against it (its action's
// definition and its entry in the list of actions, a fake of it, valid inputs, how to read what the
// fake created) and what the API can do. Each API's kit is harness/kits/<name>.ts (its default
// export), collected here through the gates of the list of actions (actions.json): a third API is
// its kit file and its line in the list, and the contract suites run over it as well.
import type { GateInputs } from '../../src/core/inputs.js';
import type { ActionDefinition } from '../../src/core/contract.js';
import type { FakeApiServer, RecordedRequest, RequestHook } from '../../fakes/server.js';
import { GATES, type ActionEntry } from '../actions.js';

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

export interface ApiKit<Fake extends FakeApiServer = FakeApiServer> {
  /** Its entry in the list of actions. */
  action: ActionEntry;
  /** The product, as messages name it. */
  product: string;
  definition: ActionDefinition<GateInputs>;
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
  /** A well-formed build id the fake does not know. */
  unknownBuildId: string;
  /** What the API can do that the definition does not declare (its logs and pin are in definition.capabilities). */
  capabilities: {
    /** The API can cancel a build (cancel_on_* inputs, a post step). */
    cancel: boolean;
    /** After an ambiguous trigger the API can show whether a build was created. */
    reconcile: boolean;
  };
  /** A fake of the API, not started yet. */
  newFake(options?: KitFakeOptions): Fake;
  /** Valid inputs for a new build against `fake`. */
  inputs(fake: Fake, overrides?: Record<string, string>): Record<string, string>;
  /** Adds a build, created `ageMs` ago, that is still running, and returns its id. */
  addRunningBuild(fake: Fake, ageMs: number): string;
  isTrigger(request: RecordedRequest): boolean;
  isCancel(request: RecordedRequest): boolean;
}

const kits: ApiKit[] = [];
// One at a time: jest's loader of ES modules fails on two imports in flight that share a module.
for (const { name } of GATES) kits.push(((await import(`./${name}.js`)) as { default: ApiKit }).default);

/** Each API's kit, in the order of the gates in the list of actions. */
export const API_KITS: readonly ApiKit[] = kits;
