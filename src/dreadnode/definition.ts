import { runOrigin } from '../core/ci.js';
import type { ActionDefinition } from '../core/contract.js';
import { DreadnodeBackend } from './backend.js';
import { DreadnodeClient } from './client.js';
import { DREADNODE_CAPABILITIES } from './declaration.js';
import { CREATE_INPUTS, readDreadnodeInputs, type DreadnodeInputs } from './inputs.js';

/** The Dreadnode build gate: dreadnode/action.yml, and `snapshot-build dreadnode`. */
export const dreadnodeDefinition: ActionDefinition<DreadnodeInputs> = {
  title: 'Dreadnode build',
  capabilities: DREADNODE_CAPABILITIES,
  readInputs: readDreadnodeInputs,
  echoedInputs: read => ['org', 'build_id', 'api_url', 'build_ref', 'display_name'].map(read),
  warnings: (inputs, spell) => {
    const ignored = CREATE_INPUTS.filter(name => inputs.build_id && inputs[name] !== undefined);
    return ignored.length
      ? [
          `${ignored.map(name => spell.name(name)).join(', ')} ${ignored.length > 1 ? 'are' : 'is'} ignored: ` +
            `${spell.name('build_id')} is set, so no build is created.`
        ]
      : [];
  },
  backend: (inputs, transport, env) =>
    new DreadnodeBackend(new DreadnodeClient(transport, inputs.org), inputs.org, {
      create:
        inputs.build_ref && inputs.display_name && inputs.sandbox_provider
          ? {
              build_ref: inputs.build_ref,
              display_name: inputs.display_name,
              provider: inputs.sandbox_provider,
              description: inputs.description,
              metadata: inputs.metadata
            }
          : undefined,
      activate: inputs.activate,
      annotate: inputs.annotate,
      metadata: inputs.metadata,
      github: runOrigin(env)
    })
};
