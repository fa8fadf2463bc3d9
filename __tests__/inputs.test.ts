import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { InputError } from '../src/core/errors.js';
import { DEVIN_INPUT_DEFAULTS, readDevinInputs } from '../src/devin/inputs.js';

const VALID: Record<string, string> = { org_id: 'org-abc123def456', token: 'cog_secret_value' };

function read(overrides: Record<string, string> = {}) {
  const values = { ...VALID, ...overrides };
  return readDevinInputs(name => values[name] ?? '');
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
      request_timeout: 30_000
    });
  });

  it('keeps the defaults equal to those in action.yml', () => {
    const action = parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8'));
    for (const [name, value] of Object.entries(DEVIN_INPUT_DEFAULTS)) {
      expect([name, String(action.inputs[name].default)]).toEqual([name, value]);
    }
    expect(Object.keys(action.inputs).sort()).toEqual(
      [
        'api_url',
        'build_id',
        'cancel_on_abort',
        'cancel_on_timeout',
        'org_id',
        'poll_interval',
        'request_timeout',
        'timeout',
        'token',
        'wait'
      ].sort()
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

  it.each(['http://localhost:8080', 'http://127.0.0.1:1234', 'http://127.8.9.10', 'http://[::1]:3000'])(
    'accepts http to loopback: %s',
    url => {
      expect(read({ api_url: url }).api_url).toBe(url);
    }
  );

  it.each([
    [{ org_id: '' }, 'Input "org_id" is required but empty.'],
    [{ token: '' }, 'Input "token" is required but empty.'],
    [
      { org_id: 'abc123' },
      'Input "org_id" must be an organization id starting with org- (e.g. org-abc123def456) (got "abc123").'
    ],
    [{ org_id: 'org-../x' }, 'Input "org_id" must be an organization id starting with org-'],
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
    const message = errorOf({ org_id: 'nope', timeout: 'x', token: 'cog_secret_value' });
    expect(message.split('\n')).toHaveLength(2);
    expect(message).not.toContain('cog_secret_value');
  });
});
