// verify_actions: whether Devin can run each GitHub Action a blueprint `uses`. Each action is looked
// up once (its action.yml, then action.yaml, at the ref written), the lookups run a few at a time
// within one time budget, and each answer becomes a finding on every `uses` line that names the
// action. Only a clear answer is an error (no such repository, ref or metadata file; an action that
// is not a Node.js one); anything that keeps the answer from us (the network, a server error, the
// rate limit, a hang) is a warning: the action may well be fine.
import { parse } from 'yaml';
import type { ActionReference, Finding } from '../checker/finding.js';
import type { CallContext } from '../core/build.js';
import type { Clock } from '../core/clock.js';
import { ActionError } from '../core/errors.js';
import { HttpTransport, USER_AGENT, type HttpTransportOptions } from '../core/http.js';
import { withRetries, type RetryPolicy } from '../core/retry.js';
import { serverText, type Secrets } from '../core/untrusted.js';
import { GitHubClient, type Repository } from './github.js';

/** The rules of these findings, as docs/blueprint-checks.md lists them. */
export const VERIFY_RULES = {
  notFound: 'action-not-found',
  notNode: 'action-not-node',
  unverified: 'action-unverified'
} as const;

/** One request: GitHub answers these in well under a second. */
export const ATTEMPT_TIMEOUT_MS = 5000;
/** Every lookup of a run together, retries included: a check that waits longer helps no one. */
export const VERIFY_BUDGET_MS = 12_000;
/** Lookups in flight at once: a blueprint names a few actions, and GitHub frowns on bursts. */
const CONCURRENT_LOOKUPS = 4;
/** A server error or a network failure is tried once more, soon. */
const LOOKUP_RETRY: RetryPolicy = { baseMs: 250, capMs: 1000, maxAttempts: 2 };
const METADATA_FILES = ['action.yml', 'action.yaml'] as const;

export interface VerifyDependencies {
  client: GitHubClient;
  clock: Clock;
  signal?: AbortSignal;
}

/** What GitHub says of one action. */
type Lookup =
  | { kind: 'runs'; using: string; file: string }
  | { kind: 'missing'; what: 'repository' | 'ref' | 'metadata' }
  | { kind: 'unverified'; why: string };

/**
 * verifyActions on the GitHub API at `apiUrl`; `token` (empty: none) is sent to that host alone,
 * and redacted with the run's `secrets` from whatever comes back.
 */
export async function verifyOnGitHub(
  references: readonly ActionReference[],
  options: { apiUrl: string; token: string; secrets: Secrets; clock: Clock; signal?: AbortSignal } & Pick<
    HttpTransportOptions,
    'debug'
  >
): Promise<{ findings: Finding[]; lookedUp: number }> {
  const { apiUrl, token, secrets, clock, signal, debug } = options;
  const transport = new HttpTransport({ baseUrl: apiUrl, token, userAgent: USER_AGENT, secrets, clock, debug });
  return verifyActions(references, { client: new GitHubClient(transport, apiUrl), clock, signal });
}

/**
 * Findings for the actions of `references`, each action looked up once (`lookedUp` of them); none
 * for a Node.js action.
 */
export async function verifyActions(
  references: readonly ActionReference[],
  deps: VerifyDependencies
): Promise<{ findings: Finding[]; lookedUp: number }> {
  const byAction = new Map<string, ActionReference[]>();
  for (const reference of references) {
    const key = actionKey(reference);
    byAction.set(key, [...(byAction.get(key) ?? []), reference]);
  }
  const deadline = deps.clock.now() + VERIFY_BUDGET_MS;
  const groups = [...byAction.values()];
  const lookups = await inTurn(
    groups.map(
      ([first]) =>
        () =>
          lookUp(first, deps, deadline)
    ),
    CONCURRENT_LOOKUPS
  );
  const findings = groups.flatMap((group, i) => group.flatMap(reference => findingsFor(reference, lookups[i])));
  return { findings, lookedUp: groups.length };
}

/** GitHub spells owners and repositories in any letter case; paths and refs are exact. */
function actionKey({ owner, repo, path, ref }: ActionReference): string {
  return JSON.stringify([owner.toLowerCase(), repo.toLowerCase(), path, ref]);
}

async function lookUp(action: ActionReference, deps: VerifyDependencies, deadline: number): Promise<Lookup> {
  const call = <T>(attempt: (context: CallContext) => Promise<T>): Promise<T> => {
    const { clock, signal } = deps;
    if (clock.now() >= deadline) {
      throw new ActionError(`the lookups took longer than their ${VERIFY_BUDGET_MS / 1000} s`);
    }
    return withRetries(
      () => attempt({ timeoutMs: Math.min(ATTEMPT_TIMEOUT_MS, Math.max(1, deadline - clock.now())), signal }),
      { clock, policy: LOOKUP_RETRY, deadline, signal }
    );
  };
  const repository: Repository = { owner: action.owner, repo: action.repo };
  try {
    for (const name of METADATA_FILES) {
      const file = action.path ? `${action.path}/${name}` : name;
      const text = await call(context => deps.client.getFile(repository, file, action.ref, context));
      if (text !== undefined) return { kind: 'runs', using: runtimeOf(text), file };
    }
    if (!(await call(context => deps.client.repositoryExists(repository, context)))) {
      return { kind: 'missing', what: 'repository' };
    }
    const refExists = await call(context => deps.client.refExists(repository, action.ref, context));
    return { kind: 'missing', what: refExists ? 'metadata' : 'ref' };
  } catch (error) {
    if (error instanceof ActionError) return { kind: 'unverified', why: error.message };
    throw error;
  }
}

/** `runs.using` of an action's metadata file, '' when it has none that can be read. */
function runtimeOf(text: string): string {
  let metadata: unknown;
  try {
    // The file is untrusted: aliases that expand are refused, duplicate keys let through (the runner's reader takes them).
    metadata = parse(text, { maxAliasCount: 100, uniqueKeys: false });
  } catch {
    return '';
  }
  const runs = field(metadata, 'runs');
  const using = field(runs, 'using');
  return typeof using === 'string' ? using : '';
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function findingsFor(reference: ActionReference, lookup: Lookup): Finding[] {
  const { line, column, endLine, endColumn } = reference;
  const at = { line, column, ...(endLine !== undefined && { endLine }), ...(endColumn !== undefined && { endColumn }) };
  const action = serverText(reference.text, 300);
  const where = `${reference.owner}/${reference.repo}`;
  const folder = reference.path ? `in ${reference.path}/` : 'at its root';
  const finding = (rule: string, severity: Finding['severity'], message: string): Finding[] => [
    { rule, severity, message: `${action}: ${message}`, ...at }
  ];
  switch (lookup.kind) {
    case 'runs': {
      const using = lookup.using.toLowerCase();
      if (/^node\d+$/.test(using)) return [];
      const shown = serverText(lookup.using, 40);
      if (using === 'composite' || using === 'docker') {
        return finding(
          VERIFY_RULES.notNode,
          'error',
          `a ${using === 'docker' ? 'Docker' : 'composite'} action (runs.using: ${shown} in ${lookup.file}); Devin runs only Node.js actions.`
        );
      }
      return finding(
        VERIFY_RULES.unverified,
        'warning',
        shown
          ? `its ${lookup.file} says runs.using: ${shown}, not a Node.js runtime (node20, node24): Devin runs only Node.js actions.`
          : `its ${lookup.file} has no readable runs.using, so whether it is a Node.js action (the only kind Devin runs) cannot be told.`
      );
    }
    case 'missing':
      // GitHub answers 404 for a private repository the token cannot read, which Devin's own access
      // to GitHub may reach: not an error, which the file may not deserve.
      if (lookup.what === 'repository') {
        return finding(
          VERIFY_RULES.unverified,
          'warning',
          `GitHub answers that the repository ${where} does not exist: a misspelt name, or a private repository that ` +
            'github_token cannot read (Devin may); check the name, or pass a token that can read it.'
        );
      }
      return finding(
        VERIFY_RULES.notFound,
        'error',
        lookup.what === 'ref'
          ? `${where} has no branch, tag or commit ${serverText(reference.ref, 100)}.`
          : `${where} at ${serverText(reference.ref, 100)} has no action.yml or action.yaml ${folder}.`
      );
    case 'unverified':
      return finding(VERIFY_RULES.unverified, 'warning', `could not be checked on GitHub: ${serverText(lookup.why)}.`);
  }
}

/** Runs `tasks` at most `limit` at a time; the results in the tasks' order. */
async function inTurn<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
