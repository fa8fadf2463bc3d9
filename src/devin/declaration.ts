// The Devin action as its users see it, declared once: action.yml is generated from this
// (scripts/action-yml.ts), the input schema takes its defaults from it, and the command's flags,
// help and variables come from it.
import { GATE_INPUTS, GATE_OUTPUTS, type ActionDeclaration, type OutputDeclaration } from '../core/declaration.js';
import type { Capabilities, OutputName } from '../core/outputs.js';

/** What the Devin backend can do beyond the gate's core, and so which outputs the action has. */
export const DEVIN_CAPABILITIES = {
  afterSuccessOutputs: ['active'],
  pin: true,
  logs: true,
  supersede: true
} as const satisfies Capabilities;

export const devinAction = {
  name: 'Devin snapshot build gate',
  description:
    'Sync or upload a Devin blueprint, trigger a snapshot build, wait for the build that carries it, and pass or fail the step with its result.',
  author: 'snapshot-build-action contributors',
  branding: { icon: 'box', color: 'blue' },
  inputs: {
    org_id: {
      description: 'Devin organization id (org-… or org_…).',
      required: true,
      variable: 'DEVIN_ORG_ID'
    },
    token: {
      description:
        'Devin service-user credential (starts with cog_), from a secret. Needs ManageOrgSnapshots and ManageRepoBlueprints.',
      required: true,
      secret: true,
      variable: 'DEVIN_API_KEY',
      renamedFrom: 'api-key'
    },
    timeout: GATE_INPUTS.timeout,
    poll_interval: GATE_INPUTS.poll_interval,
    api_url: {
      description: 'Base URL of the Devin API. Must be https:// (http:// only to a loopback address, for testing).',
      default: 'https://api.devin.ai',
      variable: 'DEVIN_BASE_URL'
    },
    build_id: {
      description: 'Attach to this existing build instead of triggering a new one.',
      default: ''
    },
    wait: {
      ...GATE_INPUTS.wait,
      description: 'false: trigger the build, set the outputs and succeed without waiting for it.'
    },
    cancel_on_timeout: {
      description: 'On timeout, cancel the build before failing.',
      default: 'false'
    },
    cancel_on_abort: {
      description:
        "When the workflow run is cancelled, cancel the build (within 5 s of the runner's signal; the post step sends it again if the main step was killed first or its cancel did not go through).",
      default: 'true'
    },
    request_timeout: GATE_INPUTS.request_timeout,
    show_logs: {
      description:
        "When to fetch the build's log and show its last lines in the step log and the job summary: on_failure (a failed, cancelled or timed-out build), always, or never. The whole log is written to a file (output log_path).",
      default: 'on_failure'
    },
    log_lines: {
      description: "How many of the log's last lines to show, 0 to 5000.",
      default: '200'
    },
    pin: {
      description:
        'After a success, pin the organization to the build, so that new sessions use it until it is unpinned. A pin that fails fails the step (result stays success). Needs wait: true.',
      default: 'false'
    },
    sync: {
      description:
        "Before the build, sync the repository's .devin/blueprint.yaml from the HEAD of its default branch into the organization (Devin's sync API). A failed sync triggers no build.",
      default: 'false'
    },
    repo: {
      description:
        "The repository to sync or upload the blueprint for, as owner/repo or a repository URL. Empty means the workflow's repository (GITHUB_REPOSITORY).",
      default: ''
    },
    build: {
      description:
        'false: only sync (or upload) the blueprint; no build is triggered, build_id stays empty and result says what was done (synced, uploaded).',
      default: 'true'
    },
    blueprint_file: {
      description:
        "A blueprint file (path relative to the workspace, at most 256 KiB of UTF-8) to upload as the repository's blueprint in the organization before the build, replacing it: for validating a candidate in a test organization. Not with sync: true.",
      default: ''
    },
    check: {
      description:
        'Check blueprint_file offline before the upload (the rules of the check/ action, without looking actions up): an error stops the run with nothing sent to Devin, each finding is annotated on its line.',
      default: 'true'
    }
  },
  outputs: {
    build_id: {
      description:
        "Id of the build whose verdict gates the step (set as soon as it is known; a superseding build's id replaces this run's own)."
    },
    status: { description: 'Last status seen (pending, running, succeeded, failed, cancelled).' },
    result: {
      description:
        'success, failure, cancelled, timed_out, triggered (wait false), synced or uploaded (build false), or inconclusive (the uploaded blueprint changed during the build). Empty when the step failed before a verdict (input or API error).'
    },
    created_at: GATE_OUTPUTS.created_at,
    started_at: { description: 'When the build started running (ISO 8601), empty if unknown.' },
    completed_at: { description: 'When the build finished (ISO 8601), empty if unknown.' },
    duration_seconds: {
      description: 'Build duration in seconds, from start (or creation) to completion; empty until it completes.'
    },
    active: {
      description:
        'After a success, whether this build is now the one new Devin sessions use (true/false); empty if not checked.'
    },
    pinned: {
      description:
        'With pin true, whether the build was pinned (true/false); empty when pin is false or the build did not succeed.'
    },
    log_path: {
      description: "Path of the file holding the build's log (up to 50 MB), when it was downloaded; empty otherwise."
    },
    superseded_build_ids: {
      description:
        "Comma-separated ids of the builds that newer ones superseded before the one whose verdict gates the step (this run's own first); empty when none was."
    }
  } satisfies Record<OutputName<typeof DEVIN_CAPABILITIES>, OutputDeclaration>
} satisfies ActionDeclaration;
