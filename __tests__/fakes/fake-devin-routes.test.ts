// How the fake Devin API refuses a request (routes.ts, validation.ts), as FastAPI does: the trigger's
// body, authentication (401), unknown paths and methods (404, 405), and invalid parameters (422).
import { FakeDevinApi } from '../../fakes/devin/api.js';
import { startFake } from '../support/index.js';
import { BUILDS, call, listPage, TOKEN, type CallOptions, type ValidationErrorBody } from '../support/fake-devin.js';

describe('trigger request body', () => {
  it('accepts a JSON object with a charset parameter', async () => {
    const api = await startFake(new FakeDevinApi());
    const response = await call(api, 'POST', BUILDS, {
      body: '{"unused": 1}',
      headers: { 'content-type': 'application/json; charset=utf-8' }
    });
    expect(response.status).toBe(201);
  });

  it.each([
    ['no content type', new TextEncoder().encode('{}'), {}],
    ['a non-JSON content type', '{}', { 'content-type': 'text/plain' }],
    ['an empty body', '', { 'content-type': 'application/json' }],
    ['malformed JSON', '{"a":', { 'content-type': 'application/json' }],
    ['a JSON array', '[]', { 'content-type': 'application/json' }]
  ])('rejects %s with 422 located in the body', async (_case, body, headers: Record<string, string>) => {
    const api = await startFake(new FakeDevinApi());
    const response = await call<ValidationErrorBody>(api, 'POST', BUILDS, { body, headers });
    expect(response.status).toBe(422);
    expect(response.body.detail[0].loc[0]).toBe('body');
    expect(api.createdBuildIds()).toEqual([]);
  });
});

describe('authentication', () => {
  it.each([
    ['no Authorization header', { token: null }],
    ['a wrong token', { token: 'cog_wrong' }],
    ['a non-Bearer scheme', { token: null, headers: { authorization: `Basic ${TOKEN}` } }]
  ])('answers 401 to %s, before validating anything', async (_case, options: CallOptions) => {
    const api = await startFake(new FakeDevinApi());
    const response = await call<{ detail: unknown }>(api, 'GET', `${BUILDS}?first=0`, options);
    expect(response.status).toBe(401);
    expect(typeof response.body.detail).toBe('string');
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(api.requests.map(request => request.status)).toEqual([401]);
  });

  it('accepts a custom token', async () => {
    const api = await startFake(new FakeDevinApi({ token: 'cog_custom' }));
    expect((await call(api, 'GET', BUILDS, { token: 'cog_custom' })).status).toBe(200);
    expect((await call(api, 'GET', BUILDS)).status).toBe(401);
  });
});

describe('not found and method not allowed', () => {
  it.each([
    ['an unknown org', 'GET', '/v3beta1/organizations/org-other/snapshot-setup/builds', 'Organization not found'],
    [
      'an unknown org on trigger',
      'POST',
      '/v3beta1/organizations/org-other/snapshot-setup/builds',
      'Organization not found'
    ],
    ['an unknown build', 'GET', `${BUILDS}/bld_0000000000000000`, 'Build not found'],
    ['cancelling an unknown build', 'POST', `${BUILDS}/bld_0000000000000000/cancel`, 'Build not found'],
    ['an unknown path', 'GET', '/v3beta1/organizations/org-test/snapshots', 'Not Found'],
    ['a trailing slash', 'GET', `${BUILDS}/`, 'Not Found']
  ])('answers 404 to %s', async (_case, method, path, detail) => {
    const api = await startFake(new FakeDevinApi());
    const options: CallOptions =
      method === 'POST' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {};
    const response = await call(api, method, path, options);
    expect(response).toMatchObject({ status: 404, body: { detail } });
  });

  it('answers 404 to an unknown path even without credentials', async () => {
    const api = await startFake(new FakeDevinApi());
    expect((await call(api, 'GET', '/v2/sessions', { token: null })).status).toBe(404);
  });

  it.each([
    ['DELETE', BUILDS, 'GET, POST'],
    ['GET', `${BUILDS}/bld_0000000000000000/cancel`, 'POST'],
    ['PUT', `${BUILDS}/bld_0000000000000000`, 'GET']
  ])('answers 405 to %s %s', async (method, path, allow) => {
    const api = await startFake(new FakeDevinApi());
    const response = await call(api, method, path);
    expect(response).toMatchObject({ status: 405, body: { detail: 'Method Not Allowed' } });
    expect(response.headers.get('allow')).toBe(allow);
  });
});

describe('validation errors (422)', () => {
  it.each([
    ['GET', '/v3beta1/organizations/acme/snapshot-setup/builds'],
    ['POST', '/v3beta1/organizations/acme/snapshot-setup/builds'],
    ['GET', '/v3beta1/organizations/acme/snapshot-setup/builds/bld_0000000000000000'],
    ['POST', '/v3beta1/organizations/acme/snapshot-setup/builds/bld_0000000000000000/cancel']
  ])('rejects an org id without the org- prefix on %s %s', async (method, path) => {
    const api = await startFake(new FakeDevinApi());
    const options: CallOptions = {
      body: method === 'POST' ? '{}' : undefined,
      headers: { 'content-type': 'application/json' }
    };
    const response = await call<ValidationErrorBody>(api, method, path, options);
    expect(response.status).toBe(422);
    expect(response.body.detail.map(issue => issue.loc)).toEqual([['path', 'org_id']]);
  });

  it.each([
    ['first', 'abc', 'int_parsing'],
    ['first', '1.5', 'int_parsing'],
    ['first', '', 'int_parsing'],
    ['first', '0', 'greater_than_equal'],
    ['first', '201', 'less_than_equal'],
    ['status', 'paused', 'enum'],
    ['status', 'SUCCEEDED', 'enum'],
    ['active', 'maybe', 'bool_parsing'],
    ['after', 'not-a-cursor', 'value_error'],
    ['after', '', 'value_error']
  ])('rejects %s=%j as %s, located at [query, name]', async (name, value, type) => {
    const api = await startFake(new FakeDevinApi());
    const response = await call<ValidationErrorBody>(api, 'GET', `${BUILDS}?${new URLSearchParams({ [name]: value })}`);
    expect(response.status).toBe(422);
    expect(response.body.detail).toEqual([{ loc: ['query', name], msg: expect.any(String), type, input: value }]);
  });

  it('accepts the boundaries first=1 and first=200', async () => {
    const api = await startFake(new FakeDevinApi());
    expect((await listPage(api, { first: '1' })).items).toHaveLength(1);
    expect((await listPage(api, { first: '200' })).items).toHaveLength(3);
  });

  it('lists every invalid parameter in one response, ahead of the org lookup', async () => {
    const api = await startFake(new FakeDevinApi());
    const response = await call<ValidationErrorBody>(
      api,
      'GET',
      '/v3beta1/organizations/org-other/snapshot-setup/builds?first=0&status=x'
    );
    expect(response.status).toBe(422);
    expect(response.body.detail.map(issue => issue.loc)).toEqual([
      ['query', 'first'],
      ['query', 'status']
    ]);
  });
});
