// What the command gives the actions' code for the runner's variables. In a GitHub Actions job they
// are the runner's own. Elsewhere (a terminal, another CI): the current directory for
// GITHUB_WORKSPACE, the OS's temporary folder for RUNNER_TEMP, and the origin remote's owner/repo
// for GITHUB_REPOSITORY (the default of Devin's --repo). Nothing passes for a GitHub run without
// GITHUB_ACTIONS (runOrigin reads a CI's own variables, GitLab's or Buildkite's).
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { repositoryPath } from '../core/ci.js';
import type { RunEnvironment } from '../core/contract.js';

export function commandEnvironment(env: RunEnvironment, cwd: string): RunEnvironment {
  if (env.GITHUB_ACTIONS === 'true') return env;
  return {
    ...env,
    GITHUB_WORKSPACE: cwd,
    RUNNER_TEMP: tmpdir(),
    GITHUB_REPOSITORY: originRepository(cwd)
  };
}

/** The owner/repo of the `origin` remote of the git checkout at `cwd`, if there is one (never its credentials). */
function originRepository(cwd: string): string | undefined {
  try {
    // A checkout another user made (a CI's container over the agent's folder) is one git refuses to
    // read without safe.directory; reading one setting of it runs nothing the repository could set.
    const url = execFileSync('git', ['-c', 'safe.directory=*', 'config', '--get', 'remote.origin.url'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000
    });
    return repositoryPath(url);
  } catch {
    return undefined; // no git, no checkout, or no origin
  }
}
