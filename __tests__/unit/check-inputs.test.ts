// The check action's inputs (src/check/inputs.ts): their defaults and the GitHub API the runner
// names (GITHUB_API_URL, needed only with verify_actions), each bad input named at once without
// echoing the token, a GITHUB_API_URL that is not https refused, github_token left empty, and no
// lookups when the runner's GitHub is not github.com (GITHUB_SERVER_URL).
import { describe, expect, it } from '@jest/globals';
import { readCheckInputs } from '../../src/check/inputs.js';
import { InputError } from '../../src/core/errors.js';

const read = (inputs: Record<string, string> = {}, env: Record<string, string> = {}) =>
  readCheckInputs(name => inputs[name] ?? '', env);

function errorOf(inputs: Record<string, string>, env: Record<string, string> = {}): string {
  try {
    read(inputs, env);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('the check inputs', () => {
  it('apply the defaults, and the runner GitHub API by default', () => {
    expect(read()).toEqual({
      path: '.devin/blueprint.yaml',
      tier: 'repo',
      verify_actions: true,
      github_token: '',
      fail_on: 'error',
      githubApiUrl: 'https://api.github.com'
    });
    expect(read({}, { GITHUB_API_URL: 'https://ghe.example.com/api/v3/' }).githubApiUrl).toBe(
      'https://ghe.example.com/api/v3'
    );
  });

  it('need no GitHub API without verify_actions', () => {
    const inputs = read({ verify_actions: 'false' }, { GITHUB_API_URL: 'ftp://x' });
    expect(inputs).not.toHaveProperty('githubApiUrl');
    expect(inputs.notLookedUp).toBe('verify_actions: false');
  });

  it("look actions up on github.com's API only: not on GitHub Enterprise Server's or GHE.com's", () => {
    const onGitHubCom = read({}, { GITHUB_SERVER_URL: 'https://github.com', GITHUB_API_URL: 'https://api.github.com' });
    expect(onGitHubCom.githubApiUrl).toBe('https://api.github.com');
    expect(onGitHubCom.notLookedUp).toBeUndefined();
    for (const [server, host] of [
      ['https://ghes.example.com', 'ghes.example.com'],
      ['https://acme.ghe.com/', 'acme.ghe.com'],
      ['not a url', 'not github.com (GITHUB_SERVER_URL cannot be read)']
    ]) {
      const inputs = read({}, { GITHUB_SERVER_URL: server, GITHUB_API_URL: 'https://ghes.example.com/api/v3' });
      expect(inputs).not.toHaveProperty('githubApiUrl');
      expect(inputs.notLookedUp).toBe(
        `the runner's GitHub is ${host}, and Devin takes the actions from github.com, which its API does not answer for`
      );
    }
  });

  it('name each bad input at once, and never echo the token', () => {
    expect(errorOf({ tier: 'team', fail_on: 'notice', verify_actions: 'yes', github_token: 'ghs_a\nb' })).toBe(
      [
        'Input "tier" must be one of repo, org, enterprise (got "team").',
        'Input "verify_actions" must be true or false (got "yes").',
        'Input "github_token" must be one line of printable ASCII characters: check the secret or expression given.',
        'Input "fail_on" must be one of error, warning (got "notice").'
      ].join('\n')
    );
  });

  it('refuse a GITHUB_API_URL that is not https (but loopback http), without echoing credentials', () => {
    expect(errorOf({}, { GITHUB_API_URL: 'http://api.example.com' })).toContain('(got "http://api.example.com")');
    expect(errorOf({}, { GITHUB_API_URL: 'https://user:pw@api.example.com' })).not.toContain('pw');
    expect(read({}, { GITHUB_API_URL: 'http://127.0.0.1:8080' }).githubApiUrl).toBe('http://127.0.0.1:8080');
  });

  it('leave github_token empty when the runner gave nothing: its default is an expression only the runner evaluates', () => {
    expect(read({}).github_token).toBe('');
    expect(read({ github_token: 'ghs_token' }).github_token).toBe('ghs_token');
  });
});
