// Where a run came from, as the CI that runs it says: GitHub Actions (the actions), and GitLab CI or
// Buildkite (the command, run there). Each CI names itself in a variable of its own; a terminal,
// or a CI not known here, gives nothing.
import type { RunEnvironment } from './contract.js';

/** The repository (owner/repo), the commit and the URL of the run; what the CI does not say is left out. */
export interface RunOrigin {
  repository?: string;
  sha?: string;
  run_url?: string;
}

/** The origin of the run, from the variables of the CI running it; an empty origin outside a known CI. */
export function runOrigin(env: RunEnvironment): RunOrigin {
  const origin = ((): RunOrigin => {
    if (env.GITHUB_ACTIONS === 'true') {
      const { GITHUB_REPOSITORY: repository, GITHUB_SERVER_URL: server, GITHUB_RUN_ID: runId } = env;
      return {
        repository,
        sha: env.GITHUB_SHA,
        run_url: server && repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined
      };
    }
    if (env.GITLAB_CI === 'true') {
      return { repository: env.CI_PROJECT_PATH, sha: env.CI_COMMIT_SHA, run_url: env.CI_JOB_URL };
    }
    if (env.BUILDKITE === 'true') {
      return {
        repository: repositoryPath(env.BUILDKITE_REPO ?? ''),
        sha: env.BUILDKITE_COMMIT,
        run_url: env.BUILDKITE_BUILD_URL
      };
    }
    return {};
  })();
  // An empty variable says nothing; JSON leaves the undefined ones out.
  return {
    repository: origin.repository || undefined,
    sha: origin.sha || undefined,
    run_url: origin.run_url || undefined
  };
}

/**
 * The repository's path on its host (`owner/repo`, `group/sub/project`) from a git remote URL,
 * `https://host/owner/repo.git`, `ssh://git@host/owner/repo.git` or `git@host:owner/repo.git`;
 * never what stands before the host (a CI's clone URL carries a token there). Undefined for
 * anything else.
 */
export function repositoryPath(remote: string): string | undefined {
  const text = remote.trim();
  const scp = /^[^/@:]+@[^/:]+:(?!\/)(.+)$/.exec(text);
  let path: string;
  if (scp) {
    path = scp[1];
  } else {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return undefined;
    }
    if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol) || !url.host) return undefined;
    path = decodeURIComponent(url.pathname);
  }
  const trimmed = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  return /^[\w.-]+(\/[\w.-]+)+$/.test(trimmed) ? trimmed : undefined;
}
