// The check action as its users see it, declared once: check/action.yml is generated from this
// (scripts/action-yml.ts), the input schema takes its defaults from it, and `snapshot-build check`
// its flags, help and variable (GITHUB_TOKEN, for --verify-actions).
import type { ActionDeclaration, OutputDeclaration } from '../core/declaration.js';
import type { CHECK_OUTPUTS } from './step.js';

export const checkAction = {
  name: 'Devin blueprint check',
  description:
    'Check a Devin blueprint file in seconds, before any build, with no Devin token - each finding on its line - and whether Devin can run each GitHub Action it uses.',
  author: 'snapshot-build-action contributors',
  branding: { icon: 'check-square', color: 'blue' },
  inputs: {
    path: {
      description:
        'The blueprint file to check, relative to the workspace (it must stay inside it), at most 256 KiB of UTF-8.',
      default: '.devin/blueprint.yaml'
    },
    tier: {
      description:
        'Where the blueprint is set in Devin: repo, org or enterprise (post-build runs only in org and enterprise blueprints, clone only in repo ones).',
      default: 'repo'
    },
    verify_actions: {
      description:
        "Look up each GitHub Action the blueprint uses (its action.yml at the ref written) on GitHub's API (GITHUB_API_URL): a missing one, or a composite or Docker action, is an error. A lookup that cannot be made is a warning.",
      default: 'true',
      // From a terminal or a pre-commit hook the check stays offline unless asked.
      commandDefault: 'false'
    },
    github_token: {
      description:
        "Token for verify_actions' requests to GITHUB_API_URL, used only for the rate limit; empty sends them without a token.",
      default: '${{ github.token }}',
      secret: true,
      variable: 'GITHUB_TOKEN'
    },
    fail_on: {
      description: 'The step fails on an error (error), or on an error or a warning (warning).',
      default: 'error'
    }
  },
  outputs: {
    errors: {
      description: 'How many errors the check found; empty when it could not check the file (an input error).'
    },
    warnings: { description: 'How many warnings the check found; empty when it could not check the file.' },
    findings: {
      description:
        'The findings as JSON, {"total": N, "truncated": false, "findings": [{"rule", "severity", "message", "line", "column", "endLine", "endColumn"}]}, in file order: at most 100 findings in 64 KiB (past that, the first ones and "truncated": true); empty when it could not check the file.'
    }
  } satisfies Record<(typeof CHECK_OUTPUTS)[number], OutputDeclaration>
} satisfies ActionDeclaration;
