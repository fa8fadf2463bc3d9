import type { ActionDefinition, RunEnvironment } from '../core/steps.js';
import { DreadnodeBackend, type GitHubContext } from './backend.js';
import { DreadnodeClient } from './client.js';
import { CREATE_INPUTS, readDreadnodeInputs, type DreadnodeInputs } from './inputs.js';

/** Where the run came from, from the variables the runner sets; what it does not set is left out. */
export function githubContext(env: RunEnvironment): GitHubContext {
  const { GITHUB_REPOSITORY: repository, GITHUB_SHA: sha, GITHUB_SERVER_URL: server, GITHUB_RUN_ID: runId } = env;
  return {
    repository: repository || undefined,
    sha: sha || undefined,
    run_url: server && repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined
  };
}

/** The Dreadnode build gate: dreadnode/action.yml. */
export const dreadnodeDefinition: ActionDefinition<DreadnodeInputs> = {
  title: 'Dreadnode build',
  capabilities: { afterSuccessOutputs: ['is_active'], pin: false, logs: false, supersede: false },
  readInputs: readDreadnodeInputs,
  echoedInputs: read => ['org', 'build_id', 'api_url', 'build_ref', 'display_name'].map(read),
  warnings: inputs => {
    const ignored = CREATE_INPUTS.filter(name => inputs.build_id && inputs[name] !== undefined);
    return ignored.length
      ? [`${ignored.join(', ')} ${ignored.length > 1 ? 'are' : 'is'} ignored: build_id is set, so no build is created.`]
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
      github: githubContext(env)
    })
};
