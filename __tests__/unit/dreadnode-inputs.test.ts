// The Dreadnode action's inputs (src/dreadnode/inputs.ts): defaults, inputs and outputs equal to
// dreadnode/action.yml's, what each input accepts and refuses without echoing a secret, and the GitHub
// context recorded in the build's metadata.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { InputError } from '../../src/core/errors.js';
import { GATE_OUTPUTS, outputNames } from '../../src/core/outputs.js';
import { githubContext, dreadnodeDefinition } from '../../src/dreadnode/definition.js';
import { DREADNODE_INPUT_DEFAULTS, readDreadnodeInputs } from '../../src/dreadnode/inputs.js';

const BUILD_ID = '2489e9ad-2ee2-4e00-8ec9-32d5f69181c0';
const CREATE = { build_ref: 'registry.example/sandbox:1', display_name: 'Sandbox 1', sandbox_provider: 'docker' };
const BASE = { org: 'acme', token: 'dn_key_secret_value', api_url: 'https://app.dreadnode.io' };

const readWith = (values: Record<string, string>) => readDreadnodeInputs(name => values[name] ?? '');
const read = (overrides: Record<string, string> = {}) => readWith({ ...BASE, ...CREATE, ...overrides });

function inputError(values: Record<string, string>): string {
  let caught: unknown;
  try {
    readWith(values);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InputError);
  return (caught as Error).message;
}

const actionYml = parse(readFileSync(new URL('../../dreadnode/action.yml', import.meta.url), 'utf8'));

describe('Dreadnode inputs', () => {
  it('applies the defaults', () => {
    expect(read()).toEqual({
      ...BASE,
      build_ref: CREATE.build_ref,
      display_name: CREATE.display_name,
      sandbox_provider: 'docker',
      description: undefined,
      metadata: undefined,
      activate: true,
      annotate: true,
      timeout: 3_600_000,
      poll_interval: 10_000,
      request_timeout: 30_000,
      wait: true,
      build_id: undefined
    });
  });

  it('keeps the defaults, inputs and outputs equal to those in dreadnode/action.yml', () => {
    for (const [name, value] of Object.entries(DREADNODE_INPUT_DEFAULTS)) {
      expect([name, String(actionYml.inputs[name].default)]).toEqual([name, value]);
    }
    expect(Object.keys(actionYml.inputs).sort()).toEqual(
      [
        'activate',
        'annotate',
        'api_url',
        'build_id',
        'build_ref',
        'description',
        'display_name',
        'metadata',
        'org',
        'poll_interval',
        'request_timeout',
        'sandbox_provider',
        'timeout',
        'token',
        'wait'
      ].sort()
    );
    expect(Object.keys(actionYml.outputs)).toEqual([...GATE_OUTPUTS, 'is_active']);
    expect(outputNames(dreadnodeDefinition.capabilities)).toEqual([...GATE_OUTPUTS, 'is_active']);
  });

  it('has no cancel inputs and no post step: the API cannot cancel a build', () => {
    expect(actionYml.inputs.cancel_on_timeout).toBeUndefined();
    expect(actionYml.inputs.cancel_on_abort).toBeUndefined();
    expect(actionYml.runs).toEqual({ using: 'node24', main: '../dist/dreadnode/index.js' });
    expect(read()).not.toHaveProperty('cancel_on_timeout');
    expect(read()).not.toHaveProperty('cancel_on_abort');
  });

  it('requires api_url: there is no default deployment', () => {
    expect(actionYml.inputs.api_url.required).toBe(true);
    expect(actionYml.inputs.api_url.default).toBeUndefined();
    expect(inputError({ ...CREATE, org: 'acme', token: 't' })).toBe('Input "api_url" is required but empty.');
  });

  it.each([
    ['http://example.com', 'must be an https:// URL'],
    ['https://user:pw@app.dreadnode.io', 'must be an https:// URL'],
    ['app.dreadnode.io', 'must be an https:// URL']
  ])('refuses api_url %s', (apiUrl, message) => {
    expect(inputError({ ...BASE, ...CREATE, api_url: apiUrl })).toContain(`Input "api_url" ${message}`);
  });

  it('trims a trailing slash from api_url and accepts http to loopback', () => {
    expect(read({ api_url: 'https://dreadnode.internal.example/platform/' }).api_url).toBe(
      'https://dreadnode.internal.example/platform'
    );
    expect(read({ api_url: 'http://127.0.0.1:8080' }).api_url).toBe('http://127.0.0.1:8080');
  });

  it('lists every missing create input at once, one line each, when build_id is not set', () => {
    expect(inputError(BASE).split('\n')).toEqual([
      'Input "build_ref" is required unless build_id is set.',
      'Input "display_name" is required unless build_id is set.',
      'Input "sandbox_provider" is required unless build_id is set.'
    ]);
    expect(inputError({ ...BASE, ...CREATE, display_name: '' })).toBe(
      'Input "display_name" is required unless build_id is set.'
    );
  });

  it('does not need the create inputs when build_id is set', () => {
    expect(readWith({ ...BASE, build_id: BUILD_ID })).toMatchObject({
      build_id: BUILD_ID,
      build_ref: undefined,
      display_name: undefined,
      sandbox_provider: undefined
    });
    expect(readWith({ ...BASE, build_id: BUILD_ID.toUpperCase() }).build_id).toBe(BUILD_ID.toUpperCase());
  });

  it.each(['bld_123', '2489e9ad2ee24e008ec932d5f69181c0', '../2489e9ad-2ee2-4e00-8ec9-32d5f69181c0'])(
    'refuses build_id %s, which is not a UUID',
    buildId => {
      expect(inputError({ ...BASE, build_id: buildId })).toBe(
        `Input "build_id" must be a build id (a UUID), or empty to create a new build (got "${buildId}").`
      );
    }
  );

  it('reads metadata as a JSON object', () => {
    expect(read({ metadata: '{"team": "infra", "tier": 2, "tags": ["a"]}' }).metadata).toEqual({
      team: 'infra',
      tier: 2,
      tags: ['a']
    });
    expect(read({ metadata: '{}' }).metadata).toEqual({});
  });

  it.each(['{team: infra}', '["a"]', 'null', '"text"', '42', '{"a":1'])(
    'refuses metadata %s, naming the input',
    metadata => {
      expect(inputError({ ...BASE, ...CREATE, metadata })).toBe(
        `Input "metadata" must be a JSON object, e.g. {"team": "infra"} (got "${metadata}").`
      );
    }
  );

  const refused: Record<string, string> = {
    'org=': 'is required but empty.',
    'org=acme/other': 'must be an organization slug',
    'token=': 'is required but empty.',
    'activate=yes': 'must be true or false (got "yes").',
    'annotate=off': 'must be true or false (got "off").',
    'wait=maybe': 'must be true or false',
    'timeout=forever': 'must be a duration',
    'poll_interval=10ms': 'must be a duration',
    'request_timeout=5x': 'must be a duration'
  };
  it.each(Object.entries(refused))('refuses %s', (assignment, says) => {
    const [input, value] = assignment.split('=');
    expect(inputError({ ...BASE, ...CREATE, [input]: value })).toContain(`Input "${input}" ${says}`);
  });

  it('never echoes the token', () => {
    const message = inputError({ ...BASE, ...CREATE, token: 'dn_key_secret_value', timeout: 'x' });
    expect(message).not.toContain('dn_key_secret_value');
  });

  it('says why a token may be empty: forks get no secrets, Dependabot only its own', () => {
    expect(inputError({ ...BASE, ...CREATE, token: '' })).toBe(
      'Input "token" is required but empty. If the secret is set, note that workflows triggered from forks get no secrets, ' +
        "and Dependabot's runs only Dependabot secrets."
    );
  });

  it('refuses a token holding a line break, without echoing it', () => {
    const message = inputError({ ...BASE, ...CREATE, token: 'dn_key_secret\nvalue' });
    expect(message).toBe(
      'Input "token" must be one line of printable ASCII characters (no line break, control or non-ASCII character): ' +
        "check the secret's value."
    );
  });

  it('refuses api_url with credentials without echoing them', () => {
    expect(inputError({ ...BASE, ...CREATE, api_url: 'https://bob:hunter2@app.dreadnode.io/api' })).toBe(
      'Input "api_url" must be an https:// URL (http:// only to localhost, 127.0.0.0/8 or [::1]), ' +
        'with no credentials, query or fragment (got "https://app.dreadnode.io/api").'
    );
  });

  it('bounds timeout by 120h and the intervals by 1h', () => {
    expect(read({ timeout: '120h' }).timeout).toBe(432_000_000);
    expect(
      inputError({ ...BASE, ...CREATE, timeout: '5000h', poll_interval: '90m', request_timeout: '3601s' }).split('\n')
    ).toEqual([
      'Input "timeout" must be at most 120h (got "5000h").',
      'Input "poll_interval" must be at most 1h (got "90m").',
      'Input "request_timeout" must be at most 1h (got "3601s").'
    ]);
  });

  it('reads durations and booleans like the Devin action', () => {
    expect(
      read({ timeout: '1h30m', poll_interval: '500ms', wait: 'False', activate: 'FALSE', annotate: 'false' })
    ).toMatchObject({
      timeout: 5_400_000,
      poll_interval: 500,
      wait: false,
      activate: false,
      annotate: false
    });
  });

  it('warns that the create inputs are ignored when build_id is set', () => {
    expect(dreadnodeDefinition.warnings?.(read({ build_id: BUILD_ID }))).toEqual([
      'build_ref, display_name, sandbox_provider are ignored: build_id is set, so no build is created.'
    ]);
    expect(dreadnodeDefinition.warnings?.(readWith({ ...BASE, build_id: BUILD_ID, build_ref: 'x' }))).toEqual([
      'build_ref is ignored: build_id is set, so no build is created.'
    ]);
    expect(dreadnodeDefinition.warnings?.(read())).toEqual([]);
  });
});

describe('the GitHub context recorded in the metadata', () => {
  it("comes from the runner's variables", () => {
    expect(
      githubContext({
        GITHUB_REPOSITORY: 'octo/app',
        GITHUB_SHA: 'abc123',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_RUN_ID: '42'
      })
    ).toEqual({
      repository: 'octo/app',
      sha: 'abc123',
      run_url: 'https://github.com/octo/app/actions/runs/42'
    });
  });

  it('leaves out what the runner did not set', () => {
    expect(githubContext({ GITHUB_REPOSITORY: 'octo/app' })).toEqual({
      repository: 'octo/app',
      sha: undefined,
      run_url: undefined
    });
    expect(JSON.stringify(githubContext({}))).toBe('{}');
  });
});
