import type { ActionDefinition } from '../core/contract.js';
import { DevinBackend } from './backend.js';
import { checkBeforeUpload } from './blueprint-check.js';
import { DevinClient } from './client.js';
import { DEVIN_CAPABILITIES } from './declaration.js';
import { KNOWN_ORG_ID, readDevinInputs, type DevinInputs } from './inputs.js';

/** The Devin snapshot build gate: the root action.yml, and `snapshot-build devin`. */
export const devinDefinition: ActionDefinition<DevinInputs> = {
  title: 'Snapshot build',
  capabilities: DEVIN_CAPABILITIES,
  readInputs: readDevinInputs,
  echoedInputs: (read, env) => [
    read('org_id'),
    read('repo') || (env.GITHUB_REPOSITORY ?? ''),
    read('blueprint_file'),
    read('build_id'),
    read('api_url')
  ],
  warnings: (inputs, spell) => [
    ...(inputs.token.startsWith('cog_')
      ? []
      : ['The token does not start with cog_; the Devin v3 API expects a service-user credential.']),
    ...(KNOWN_ORG_ID.test(inputs.org_id)
      ? []
      : [
          `${spell.name('org_id')} "${inputs.org_id}" does not start with org- or org_ as Devin's organization ids do; ` +
            'if the API answers 404, check it.'
        ])
  ],
  preflight: async (inputs, io, spell) => {
    if (inputs.check && inputs.blueprint) await checkBeforeUpload(inputs.blueprint, io, spell);
  },
  backend: (inputs, transport) =>
    new DevinBackend(new DevinClient(transport, inputs.org_id), {
      repo: inputs.repo,
      sync: inputs.sync,
      blueprint: inputs.blueprint
    })
};
