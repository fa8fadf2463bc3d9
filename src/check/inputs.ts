import { z } from 'zod/mini';
import type { Tier } from '../checker/finding.js';
import type { RunEnvironment } from '../core/contract.js';
import { InputError } from '../core/errors.js';
import {
  ACTION_SPELLING,
  apiUrl,
  boolean,
  oneOf,
  readInputs,
  requiredPattern,
  type InputReader,
  type InputSpelling
} from '../core/inputs.js';
import { checkAction } from './declaration.js';

export const TIERS = ['repo', 'org', 'enterprise'] as const satisfies readonly Tier[];
export const FAIL_ON = ['error', 'warning'] as const;

/** The runner's GitHub API, where it says (GitHub Enterprise Server has its own). */
const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

const checkInputsSchema = z.object({
  path: requiredPattern(/^[^\0\n\r]{1,1024}$/, 'a path relative to the workspace'),
  tier: oneOf(TIERS),
  verify_actions: boolean,
  // Empty: requests without a token (GitHub's anonymous rate limit). Sent in a header: one line of ASCII.
  github_token: z
    .string()
    .check(
      z.regex(/^[\x20-\x7e]*$/, 'must be one line of printable ASCII characters: check the secret or expression given')
    ),
  fail_on: oneOf(FAIL_ON)
});

/** The check action's inputs, with the GitHub API it reads when it verifies actions. */
export type CheckInputs = z.infer<typeof checkInputsSchema> &
  (
    | {
        /** GITHUB_API_URL, checked: where verify_actions looks the actions up. */
        githubApiUrl: string;
        notLookedUp?: undefined;
      }
    | {
        githubApiUrl?: undefined;
        /** Why the actions are not looked up, for the summary: "verify_actions: false", or another GitHub. */
        notLookedUp: string;
      }
  );

export function readCheckInputs(
  read: InputReader,
  env: RunEnvironment,
  spell: InputSpelling = ACTION_SPELLING
): CheckInputs {
  const inputs = readInputs(checkInputsSchema, read, { declaration: checkAction, spelling: spell });
  if (!inputs.verify_actions) return { ...inputs, notLookedUp: spell.setting('verify_actions', 'false') };
  const otherServer = otherGitHub(env.GITHUB_SERVER_URL);
  if (otherServer) {
    return {
      ...inputs,
      notLookedUp: `the runner's GitHub is ${otherServer}, and Devin takes the actions from github.com, which its API does not answer for`
    };
  }
  const url = env.GITHUB_API_URL || DEFAULT_GITHUB_API_URL;
  const parsed = apiUrl.safeParse(url);
  if (!parsed.success) {
    // Echoed unless it may hold credentials.
    const shown = url.includes('@') ? '' : ` (got "${url}")`;
    throw new InputError(
      'GITHUB_API_URL must be an https:// URL (http:// only to a loopback address), with no credentials, query or ' +
        `fragment${shown}; the runner sets it. Set ${spell.setting('verify_actions', 'false')} to check the file alone.`
    );
  }
  return { ...inputs, githubApiUrl: parsed.data };
}

/**
 * The host of the runner's GitHub (GITHUB_SERVER_URL) when it is not github.com: GitHub Enterprise
 * Server or GHE.com, whose API knows its own repositories. A blueprint's `uses: github.com/…` names
 * github.com's, and an answer from another server would be about some other repository.
 */
function otherGitHub(serverUrl: string | undefined): string | undefined {
  if (!serverUrl) return undefined;
  let host: string;
  try {
    host = new URL(serverUrl).host.toLowerCase();
  } catch {
    return 'not github.com (GITHUB_SERVER_URL cannot be read)';
  }
  return host === 'github.com' ? undefined : host;
}
