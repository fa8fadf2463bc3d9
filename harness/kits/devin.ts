// The Devin API's kit (see index.ts).
import { devinDefinition } from '../../src/devin/definition.js';
import type { GateInputs } from '../../src/core/inputs.js';
import type { ActionDefinition } from '../../src/core/contract.js';
import { FakeDevinApi } from '../../fakes/devin/api.js';
import { actionNamed } from '../actions.js';
import type { ApiKit } from './index.js';

export const DEVIN_TOKEN = 'cog_test_token';
export const DEVIN_ORG = 'org-test';

const devinKit: ApiKit<FakeDevinApi> = {
  action: actionNamed('devin'),
  product: 'Devin',
  definition: devinDefinition as ActionDefinition<GateInputs>,
  token: DEVIN_TOKEN,
  orgInput: 'org_id',
  started: 'Triggered',
  title: 'Snapshot build',
  statuses: { queued: 'pending', running: 'running', success: 'succeeded', failure: 'failed' },
  backendOutputsAfterSuccess: { active: 'true', pinned: '', log_path: '', superseded_build_ids: '' },
  unknownBuildId: 'bld_doesnotexist00',
  capabilities: { cancel: true, reconcile: true },
  newFake: ({ now, plan, onRequest } = {}) =>
    new FakeDevinApi({
      now,
      onRequest,
      token: DEVIN_TOKEN,
      orgId: DEVIN_ORG,
      plan: plan && {
        outcome: plan.outcome === 'success' ? 'succeeded' : 'failed',
        pendingMs: plan.queuedMs,
        runningMs: plan.runningMs
      }
    }),
  inputs: (fake, overrides = {}) => ({ org_id: DEVIN_ORG, token: DEVIN_TOKEN, api_url: fake.url, ...overrides }),
  addRunningBuild: (fake, ageMs) =>
    fake.addBuild({
      status: 'running',
      trigger: 'manual',
      createdAt: fake.now() - ageMs,
      startedAt: fake.now() - ageMs + 1000
    }),
  isTrigger: request => request.method === 'POST' && request.path.endsWith('/builds'),
  isCancel: request => request.method === 'POST' && request.path.endsWith('/cancel')
};

export default devinKit;
