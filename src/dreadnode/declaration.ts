// The Dreadnode action as its users see it, declared once: dreadnode/action.yml is generated from
// this (scripts/action-yml.ts), the input schema takes its defaults from it, and the command's
// flags, help and variables (the names Dreadnode's own SDK reads) come from it.
import { GATE_INPUTS, GATE_OUTPUTS, type ActionDeclaration, type OutputDeclaration } from '../core/declaration.js';
import type { Capabilities, OutputName } from '../core/outputs.js';

/** What the Dreadnode backend can do beyond the gate's core: its after-success update, no pin, logs or supersede. */
export const DREADNODE_CAPABILITIES = {
  afterSuccessOutputs: ['is_active'],
  pin: false,
  logs: false,
  supersede: false
} as const satisfies Capabilities;

export const dreadnodeAction = {
  name: 'Dreadnode build gate',
  description:
    'Register a Dreadnode sandbox build, wait until it is ready or failed, pass or fail the step with it, then mark it active and record where it came from.',
  author: 'snapshot-build-action contributors',
  branding: { icon: 'box', color: 'red' },
  inputs: {
    org: {
      description: "Dreadnode organization slug (the key in the organization's URLs), e.g. acme.",
      required: true,
      variable: 'DREADNODE_ORGANIZATION'
    },
    token: {
      description: 'Dreadnode API key, from a secret.',
      required: true,
      secret: true,
      variable: 'DREADNODE_API_KEY'
    },
    api_url: {
      description:
        'Base URL of your Dreadnode deployment, e.g. https://app.dreadnode.io (the action adds /api/v1/org/...). Must be https:// (http:// only to a loopback address, for testing).',
      required: true,
      variable: 'DREADNODE_SERVER'
    },
    build_ref: {
      description: 'Concrete provider build reference to register. Required unless build_id is set.',
      default: ''
    },
    display_name: {
      description: 'Human-readable build name. Required unless build_id is set.',
      default: ''
    },
    sandbox_provider: {
      description: 'Sandbox provider name, e.g. docker or e2b (sent as provider). Required unless build_id is set.',
      default: ''
    },
    description: { description: 'Description of the build.', default: '' },
    metadata: {
      description: 'Metadata for the build, a JSON object, e.g. {"team":"infra"}.',
      default: ''
    },
    activate: {
      description: 'After a ready build, mark it active (is_active true).',
      default: 'true'
    },
    annotate: {
      description: 'After a ready build, record the repository, commit and run URL under github in its metadata.',
      default: 'true'
    },
    timeout: GATE_INPUTS.timeout,
    poll_interval: GATE_INPUTS.poll_interval,
    request_timeout: GATE_INPUTS.request_timeout,
    build_id: {
      description: 'Attach to this existing build (a UUID) instead of creating one.',
      default: ''
    },
    wait: {
      ...GATE_INPUTS.wait,
      description: 'false: create the build, set the outputs and succeed without waiting for it.'
    }
  },
  outputs: {
    build_id: { description: 'Id of the build (set as soon as the build exists).' },
    status: { description: 'Last status seen (queued, building, ready, failed).' },
    result: {
      description:
        'success, failure, timed_out, cancelled (the workflow run was cancelled), or triggered (wait false). Empty when the step failed before a verdict (input or API error).'
    },
    created_at: GATE_OUTPUTS.created_at,
    started_at: { description: 'Always empty; the Dreadnode API has no start time.' },
    completed_at: {
      description:
        "The build's updated_at when it was seen ready or failed (ISO 8601), the best the API offers for when it finished; empty until then."
    },
    duration_seconds: { description: 'Seconds from created_at to completed_at; empty until the build finishes.' },
    is_active: {
      description:
        'Whether the build is active (true/false), as the API answered the update after a ready build, otherwise as last seen; empty if no build was seen.'
    }
  } satisfies Record<OutputName<typeof DREADNODE_CAPABILITIES>, OutputDeclaration>
} satisfies ActionDeclaration;
