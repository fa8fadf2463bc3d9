// The Dreadnode API's kit (see index.ts).
import { dreadnodeDefinition } from '../../src/dreadnode/definition.js';
import type { GateInputs } from '../../src/core/inputs.js';
import type { ActionDefinition } from '../../src/core/contract.js';
import { DREADNODE_ORG, DREADNODE_TOKEN, FakeDreadnodeApi } from '../../fakes/dreadnode/api.js';
import { actionNamed } from '../actions.js';
import type { ApiKit } from './index.js';

export const DREADNODE_BUILD_REF = 'registry.example/sandbox:1';

const dreadnodeKit: ApiKit<FakeDreadnodeApi> = {
  action: actionNamed('dreadnode'),
  product: 'Dreadnode',
  definition: dreadnodeDefinition as ActionDefinition<GateInputs>,
  token: DREADNODE_TOKEN,
  orgInput: 'org',
  started: 'Created',
  title: 'Dreadnode build',
  statuses: { queued: 'queued', running: 'building', success: 'ready', failure: 'failed' },
  backendOutputsAfterSuccess: { is_active: 'true' },
  unknownBuildId: '2489e9ad-2ee2-4e00-8ec9-32d5f69181c0',
  capabilities: { cancel: false, reconcile: false },
  newFake: ({ now, plan, onRequest } = {}) =>
    new FakeDreadnodeApi({
      now,
      onRequest,
      plan: plan && {
        outcome: plan.outcome === 'success' ? 'ready' : 'failed',
        queuedMs: plan.queuedMs,
        buildingMs: plan.runningMs
      }
    }),
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
    fake.addBuild({ outcome: 'ready', queuedMs: 1000, buildingMs: 3_600_000 }, fake.now() - ageMs),
  isTrigger: request => request.method === 'POST',
  isCancel: () => false
};

export default dreadnodeKit;
