// Where a run came from (src/core/ci.ts): from GitHub Actions', GitLab CI's or Buildkite's own
// variables, nothing elsewhere; and a git remote's owner/repo, never its credentials.
import { describe, expect, it } from '@jest/globals';
import { repositoryPath, runOrigin } from '../../src/core/ci.js';

describe('the origin of a run', () => {
  it("comes from the runner's variables in GitHub Actions", () => {
    expect(
      runOrigin({
        GITHUB_ACTIONS: 'true',
        GITHUB_REPOSITORY: 'octo/app',
        GITHUB_SHA: 'abc123',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_RUN_ID: '42'
      })
    ).toEqual({ repository: 'octo/app', sha: 'abc123', run_url: 'https://github.com/octo/app/actions/runs/42' });
  });

  it('leaves out what the CI did not set', () => {
    expect(JSON.stringify(runOrigin({ GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'octo/app' }))).toBe(
      '{"repository":"octo/app"}'
    );
    expect(JSON.stringify(runOrigin({ GITLAB_CI: 'true', CI_COMMIT_SHA: '' }))).toBe('{}');
  });

  it("comes from GitLab CI's and Buildkite's own variables", () => {
    expect(
      runOrigin({
        GITLAB_CI: 'true',
        CI_PROJECT_PATH: 'group/sub/app',
        CI_COMMIT_SHA: 'def456',
        CI_JOB_URL: 'https://gitlab.example/group/sub/app/-/jobs/7'
      })
    ).toEqual({ repository: 'group/sub/app', sha: 'def456', run_url: 'https://gitlab.example/group/sub/app/-/jobs/7' });
    expect(
      runOrigin({
        BUILDKITE: 'true',
        BUILDKITE_REPO: 'git@github.com:acme/app.git',
        BUILDKITE_COMMIT: '0a1b2c',
        BUILDKITE_BUILD_URL: 'https://buildkite.com/acme/app/builds/9'
      })
    ).toEqual({ repository: 'acme/app', sha: '0a1b2c', run_url: 'https://buildkite.com/acme/app/builds/9' });
  });

  it('is empty outside a known CI, even where GitHub-like variables are set', () => {
    expect(JSON.stringify(runOrigin({ GITHUB_REPOSITORY: 'octo/app', GITHUB_SHA: 'abc' }))).toBe('{}');
  });
});

describe("a git remote's owner/repo", () => {
  it.each([
    ['https://github.com/acme/app.git', 'acme/app'],
    ['https://github.com/acme/app', 'acme/app'],
    ['https://gitlab-ci-token:glcbt-secret@gitlab.com/group/sub/app.git', 'group/sub/app'],
    ['https://x-access-token:ghs_secret@github.com/acme/app.git\n', 'acme/app'],
    ['ssh://git@github.com:22/acme/app.git', 'acme/app'],
    ['git@github.com:acme/app.git', 'acme/app'],
    ['git@gitlab.com:group/app', 'group/app']
  ])('%s is %s, without credentials', (remote, path) => {
    expect(repositoryPath(remote)).toBe(path);
  });

  it.each(['', 'app', '/srv/git/app.git', 'file:///srv/git/app.git', 'https://github.com/', 'https://host/a b/c'])(
    '%j names none',
    remote => {
      expect(repositoryPath(remote)).toBeUndefined();
    }
  );
});
