import type { ActionDefinition } from '../core/steps.js';
import { DevinBackend } from './backend.js';
import { DevinClient } from './client.js';
import { readDevinInputs, type DevinInputs } from './inputs.js';

/** The Devin snapshot build gate: the root action.yml. */
export const devinDefinition: ActionDefinition<DevinInputs> = {
  title: 'Snapshot build',
  capabilities: { afterSuccessOutputs: ['active'], pin: true, logs: true },
  readInputs: readDevinInputs,
  warnings: inputs =>
    inputs.token.startsWith('cog_')
      ? []
      : ['The token does not start with cog_; the Devin v3 API expects a service-user credential.'],
  backend: (inputs, transport) => new DevinBackend(new DevinClient(transport, inputs.org_id))
};
