// The Devin action's inputs (src/devin/inputs.ts): defaults equal to action.yml's, what each input
// accepts and which combinations it refuses, bounds on durations, and one clear line per bad input
// that never echoes the token.
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/core/errors.js';
import { MAX_INTERVAL_MS, MAX_TIMEOUT_MS } from '../../src/core/inputs.js';
import { readDevinInputs } from '../../src/devin/inputs.js';

const VALID: Record<string, string> = { org_id: 'org-abc123def456', token: 'cog_secret_value' };

function read(overrides: Record<string, string> = {}, env: Record<string, string> = {}) {
  const values = { ...VALID, ...overrides };
  return readDevinInputs(name => values[name] ?? '', env);
}

function errorOf(overrides: Record<string, string>): string {
  try {
    read(overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('Devin inputs', () => {
  it('accepts org ids with org- and org_, and others of safe characters (the definition warns about those)', () => {
    for (const id of ['org-abc', 'org_abc', 'acme-42']) expect(read({ org_id: id }).org_id).toBe(id);
  });

  it('resolves repo from GITHUB_REPOSITORY when sync needs it, and says so when neither is there', () => {
    expect(read({ sync: 'true' }, { GITHUB_REPOSITORY: 'acme/app' })).toMatchObject({
      sync: true,
      repo: { given: 'acme/app', sent: 'acme/app' }
    });
    expect(read({ sync: 'true', repo: 'https://gitlab.com/acme/app' }, { GITHUB_REPOSITORY: 'acme/app' }).repo).toEqual(
      expect.objectContaining({ given: 'https://gitlab.com/acme/app', sent: 'https://gitlab.com/acme/app' })
    );
    expect(() => read({ sync: 'true' })).toThrow(
      'Input "repo" is empty and GITHUB_REPOSITORY is not set: name the repository whose blueprint to sync or upload (owner/repo).'
    );
  });

  it.each([
    ['acme/app', 'acme/app'],
    ['Acme/App', 'Acme/App'],
    ['https://github.com/acme/app', 'acme/app'],
    ['https://GitHub.com/Acme/App.git/', 'Acme/App'],
    ['github.com/acme/app', 'acme/app'],
    ['https://gitlab.com/group/sub/project.git', 'https://gitlab.com/group/sub/project'],
    ['group/sub/project', 'group/sub/project']
  ])('reads repo %s and sends it as %s', (given, sent) => {
    expect(read({ sync: 'true', repo: given }).repo).toMatchObject({ given, sent });
  });

  it.each([
    'https://x-access-token:ghs_s3cr3t@github.com/acme/app',
    'https://ghp_s3cr3t@github.com/acme/app',
    'x-access-token:ghs_s3cr3t@github.com/acme/app',
    'git@github.com:acme/app.git',
    'ssh://git@github.com/acme/app s3cr3t'
  ])('refuses credentials or a user name in repo (%s) without echoing any of it', repo => {
    const message = errorOf({ sync: 'true', repo });
    expect(message).toBe(
      'Input "repo" must not hold credentials or a user name (the "…@" part of a URL): give owner/repo, or the ' +
        "repository's https:// URL without them; the value is not shown."
    );
  });

  it.each([
    [
      'https://github.com/acme/app?token=s3cr3t',
      'must be a URL without a query or fragment (got "https://github.com/acme/app").'
    ],
    [
      'https://github.com/acme/app#s3cr3t',
      'must be a URL without a query or fragment (got "https://github.com/acme/app").'
    ],
    ['ssh://github.com/acme/app', 'must be owner/repo or an https:// URL (got "ssh://github.com/acme/app").'],
    ['app', 'must be owner/repo or a repository URL such as https://github.com/owner/repo (got "app").'],
    ['acme//app', 'must be owner/repo or a repository URL such as https://github.com/owner/repo (got "acme//app").'],
    [
      'acme/../app',
      'must be owner/repo or a repository URL such as https://github.com/owner/repo (got "acme/../app").'
    ],
    ['https://github.com/acme/app/tree/main', 'must name a GitHub repository as owner/repo (two parts)']
  ])('refuses repo %s, saying what to give', (repo, why) => {
    const message = errorOf({ sync: 'true', repo });
    expect(message).toContain(`Input "repo" ${why}`);
    expect(message).not.toContain('s3cr3t');
  });

  it.each([
    [{ sync: 'true', build_id: 'bld_1' }, 'Input "sync" cannot be true with build_id'],
    [{ blueprint_file: 'a.yaml', build_id: 'bld_1' }, 'Input "blueprint_file" cannot be set with build_id'],
    [{ build: 'false', build_id: 'bld_1' }, 'Input "build" cannot be false with build_id'],
    [{ blueprint_file: 'a.yaml', sync: 'true' }, 'Input "blueprint_file" cannot be set with sync: true'],
    [{ build: 'false' }, 'Input "build" cannot be false without sync: true or blueprint_file'],
    [{ build: 'false', sync: 'true', pin: 'true' }, 'Input "pin" cannot be true with build: false'],
    [{ repo: 'acme app' }, 'Input "repo" must be owner/repo or a repository URL, with no spaces'],
    [{ sync: 'toString' }, 'Input "sync" must be true or false'],
    [
      { token: 'Bearer cog_secret_value' },
      'Input "token" must be the credential alone: drop the "Bearer " in front of it.'
    ],
    [
      { api_url: 'api.devin.ai' },
      'Input "api_url" must be an https:// URL: add the scheme, e.g. https://api.devin.ai (got "api.devin.ai").'
    ]
  ])('refuses %j', (overrides, message) => {
    expect(errorOf(overrides)).toContain(message);
  });

  it('applies the defaults', () => {
    expect(read()).toEqual({
      org_id: 'org-abc123def456',
      token: 'cog_secret_value',
      timeout: 3_600_000,
      poll_interval: 10_000,
      api_url: 'https://api.devin.ai',
      build_id: undefined,
      wait: true,
      cancel_on_timeout: false,
      cancel_on_abort: true,
      request_timeout: 30_000,
      show_logs: 'on_failure',
      log_lines: 200,
      pin: false,
      sync: false,
      repo: undefined,
      build: true,
      blueprint_file: undefined,
      check: true
    });
  });

  it('reads check, true or false', () => {
    expect(read({ check: 'false' })).toMatchObject({ check: false });
    expect(errorOf({ check: 'no' })).toBe('Input "check" must be true or false (got "no").');
  });

  it('reads show_logs, log_lines and pin, and refuses pin with wait false', () => {
    expect(read({ show_logs: 'always', log_lines: '5000', pin: 'true' })).toMatchObject({
      show_logs: 'always',
      log_lines: 5000,
      pin: true
    });
    expect(errorOf({ show_logs: 'sometimes' })).toBe(
      'Input "show_logs" must be one of on_failure, always, never (got "sometimes").'
    );
    expect(errorOf({ log_lines: '5001' })).toBe(
      'Input "log_lines" must be a whole number from 0 to 5000 (got "5001").'
    );
    expect(errorOf({ log_lines: '-1' })).toBe('Input "log_lines" must be a whole number from 0 to 5000 (got "-1").');
    expect(errorOf({ pin: 'true', wait: 'false' })).toBe(
      'Input "pin" cannot be true with wait: false, since a build is pinned only once it is seen to succeed (got "true").'
    );
  });

  it('reads durations, booleans, a build id and a trimmed API URL', () => {
    expect(
      read({
        timeout: '1h30m',
        poll_interval: '500ms',
        wait: 'False',
        cancel_on_timeout: 'TRUE',
        build_id: 'bld_0123',
        api_url: 'https://proxy.example.com/devin/'
      })
    ).toMatchObject({
      timeout: 5_400_000,
      poll_interval: 500,
      wait: false,
      cancel_on_timeout: true,
      build_id: 'bld_0123',
      api_url: 'https://proxy.example.com/devin'
    });
  });

  it.each(['https://api.devin.ai/v3beta1', 'https://api.devin.ai/v1/', 'https://proxy.example.com/devin/V3'])(
    'refuses an API URL that ends in a version, which the action adds itself: %s',
    url => {
      const version = /\/(v\w+)\/?$/i.exec(url)?.[1];
      expect(errorOf({ api_url: url })).toContain(
        `Input "api_url" is the API's root, e.g. https://api.devin.ai: drop "/${version}" from it`
      );
    }
  );

  it.each(['http://localhost:8080', 'http://127.0.0.1:1234', 'http://127.8.9.10', 'http://[::1]:3000'])(
    'accepts http to loopback: %s',
    url => {
      expect(read({ api_url: url }).api_url).toBe(url);
    }
  );

  it.each([
    [{ org_id: '' }, 'Input "org_id" is required but empty.'],
    [
      { token: '' },
      'Input "token" is required but empty. If the secret is set, note that workflows triggered from forks get no secrets, ' +
        "and Dependabot's runs only Dependabot secrets."
    ],
    [
      { org_id: 'org-../x' },
      'Input "org_id" must be an organization id such as org-abc123def456 (letters, digits, - and _) (got "org-../x").'
    ],
    [{ org_id: 'org-a%2Fb' }, 'Input "org_id" must be an organization id such as'],
    [
      { timeout: 'soon' },
      'Input "timeout" must be a duration such as 90s, 15m, 1h30m or 500ms (a bare number means seconds) (got "soon").'
    ],
    [{ timeout: '0' }, 'Input "timeout" must be a duration'],
    [
      { poll_interval: '50ms' },
      'Input "poll_interval" must be a duration such as 90s, 15m, 1h30m or 500ms (a bare number means seconds), at least 100ms (got "50ms").'
    ],
    [{ wait: 'yes' }, 'Input "wait" must be true or false (got "yes").'],
    [{ cancel_on_timeout: '1' }, 'Input "cancel_on_timeout" must be true or false (got "1").'],
    [{ cancel_on_abort: 'no' }, 'Input "cancel_on_abort" must be true or false (got "no").'],
    [{ request_timeout: '0s' }, 'Input "request_timeout" must be a duration'],
    [{ build_id: 'a/../b' }, 'Input "build_id" must be a build id'],
    [
      { api_url: 'http://api.devin.ai' },
      'Input "api_url" must be an https:// URL (http:// only to localhost, 127.0.0.0/8 or [::1])'
    ],
    [{ api_url: 'http://10.0.0.1' }, 'Input "api_url" must be an https:// URL'],
    [{ api_url: 'https://user:pw@api.devin.ai' }, 'Input "api_url" must be an https:// URL'],
    [{ api_url: 'https://api.devin.ai/?x=1' }, 'Input "api_url" must be an https:// URL'],
    [{ api_url: 'ftp://api.devin.ai' }, 'Input "api_url" must be an https:// URL'],
    [{ api_url: 'not a url' }, 'Input "api_url" must be an https:// URL']
  ])('rejects %j with a clear message', (overrides, message) => {
    expect(errorOf(overrides)).toContain(message);
  });

  it('reports every bad input, one line each, and never echoes the token', () => {
    const message = errorOf({ org_id: 'no pe', timeout: 'x', token: 'cog_secret_value' });
    expect(message.split('\n')).toHaveLength(2);
    expect(message).not.toContain('cog_secret_value');
  });

  it("says that the vendor's api-key input is token here, when a workflow still passes it", () => {
    // The runner passes an input named api-key as INPUT_API-KEY, which core.getInput('api-key') reads.
    const values: Record<string, string> = { org_id: 'org-abc', 'api-key': 'cog_secret_value' };
    let message = '';
    try {
      readDevinInputs(name => values[name] ?? '', {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      'Input "token" is required but empty. The step passes api-key, which this action calls token: rename it.'
    );
  });

  it.each([
    ['https://alice:s3cr3t@api.devin.ai', ' (got "https://api.devin.ai/").'],
    ['https://alice@api.devin.ai/devin/', ' (got "https://api.devin.ai/devin/").'],
    ['http://alice:s3cr3t@10.0.0.1:8080', ' (got "http://10.0.0.1:8080/").'],
    ['https://api.devin.ai/?key=s3cr3t', ' (got "https://api.devin.ai/").'],
    ['https://api.devin.ai/#s3cr3t', ' (got "https://api.devin.ai/").'],
    ['alice:s3cr3t@api.devin.ai', ', query or fragment.'],
    ['https://alice:s3/cr3t@api.devin.ai', ', query or fragment.'],
    ['http://api.devin.ai\\alice:s3cr3t@evil.example', ', query or fragment.']
  ])('refuses api_url %s without echoing its credentials', (apiUrl, ending) => {
    const message = errorOf({ api_url: apiUrl });
    expect(message).toMatch(/^Input "api_url" must be an https:\/\/ URL /);
    expect(message.endsWith(ending)).toBe(true);
    expect(message).not.toMatch(/alice|s3|cr3t/);
  });

  it('echoes a refused api_url without credentials as written', () => {
    expect(errorOf({ api_url: 'http://api.devin.ai' })).toContain('(got "http://api.devin.ai").');
  });

  it.each([
    ['a line break', 'cog_secret\nvalue'],
    ['a carriage return', 'cog_secret\rvalue'],
    ['a tab', 'cog_secret\tvalue'],
    ['a NUL', 'cog_secret\u0000'],
    ['a line separator', 'cog_secret\u2028value'],
    ['a non-ASCII character', 'cog_sécret']
  ])('refuses a token holding %s, without echoing it', (_what, token) => {
    expect(errorOf({ token })).toBe(
      'Input "token" must be one line of printable ASCII characters (no line break, control or non-ASCII character): ' +
        "check the secret's value."
    );
  });

  it('bounds durations by what a job can use, saying the bound', () => {
    expect(read({ timeout: '120h', poll_interval: '1h', request_timeout: '60m' })).toMatchObject({
      timeout: MAX_TIMEOUT_MS,
      poll_interval: MAX_INTERVAL_MS,
      request_timeout: MAX_INTERVAL_MS
    });
    expect(errorOf({ timeout: '120h1s' })).toBe('Input "timeout" must be at most 120h (got "120h1s").');
    expect(errorOf({ poll_interval: '3601' })).toBe('Input "poll_interval" must be at most 1h (got "3601").');
    expect(errorOf({ request_timeout: '2h' })).toBe('Input "request_timeout" must be at most 1h (got "2h").');
  });

  it("refuses a duration past Node's timer range, which would fire at once", () => {
    expect(MAX_TIMEOUT_MS).toBeLessThanOrEqual(2 ** 31 - 1);
    for (const timeout of ['600h', '2147484s', `1${'0'.repeat(400)}`]) {
      expect(errorOf({ timeout })).toContain('Input "timeout" must be at most 120h');
    }
  });
});
