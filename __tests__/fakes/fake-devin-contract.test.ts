// The contract checker the fake Devin API's tests rely on (contract.ts): which schema the OpenAPI
// document gives each operation's answer, and that it accepts well-formed bodies and rejects broken ones.
import type { DevinBuildWire } from '../../fakes/devin/api.js';
import { responseSchemaRef, schemaViolations } from '../../fakes/devin/contract.js';
import { BUILDS } from '../support/fake-devin.js';

/** Where the contract writes an operation's answer schema in place (not a $ref). */
function inPlaceSchema(path: string, method: string, status: number): string {
  return responseSchemaRef(method, `/v3beta1/organizations/org-test/snapshot-setup/${path}`, status);
}

describe('OpenAPI conformance checking', () => {
  const validBuild: DevinBuildWire = {
    build_id: 'bld_0123456789abcdef',
    status: 'running',
    trigger: null,
    triggered_by_user_id: null,
    pinned: false,
    started_at: 1_700_000_000,
    completed_at: null,
    created_at: 1_700_000_000,
    updated_at: 1_700_000_000
  };
  const buildWithoutPinned: Partial<DevinBuildWire> = { ...validBuild };
  delete buildWithoutPinned.pinned;

  it('accepts a well-formed presigned download and rejects one without expires_at or with a string one', () => {
    const download = { url: 'https://bucket.example/logs/1.log?X-Amz-Signature=ab', expires_at: 1_700_000_600 };
    expect(schemaViolations('#/components/schemas/PresignedDownload', download)).toBeUndefined();
    expect(schemaViolations('#/components/schemas/PresignedDownload', { url: download.url })).toEqual(
      expect.any(String)
    );
    expect(
      schemaViolations('#/components/schemas/PresignedDownload', { ...download, expires_at: '1700000600' })
    ).toEqual(expect.any(String));
  });

  it('accepts a well-formed build and page', () => {
    expect(schemaViolations('#/components/schemas/Build', validBuild)).toBeUndefined();
    expect(
      schemaViolations('#/components/schemas/PaginatedResponse_Build_', { items: [validBuild], end_cursor: null })
    ).toBeUndefined();
  });

  it.each([
    ['a missing field', buildWithoutPinned],
    ['a string timestamp', { ...validBuild, created_at: '1700000000' }],
    ['a fractional timestamp', { ...validBuild, updated_at: 1_700_000_000.5 }],
    ['an unknown status', { ...validBuild, status: 'paused' }],
    ['an unknown trigger', { ...validBuild, trigger: 'scheduled' }],
    ['a null created_at', { ...validBuild, created_at: null }]
  ])('rejects a build with %s', (_case, build) => {
    expect(schemaViolations('#/components/schemas/Build', build)).toEqual(expect.any(String));
    expect(schemaViolations('#/components/schemas/PaginatedResponse_Build_', { items: [build] })).toEqual(
      expect.any(String)
    );
  });

  it('rejects malformed pages and validation errors', () => {
    expect(schemaViolations('#/components/schemas/PaginatedResponse_Build_', { end_cursor: null })).toEqual(
      expect.any(String)
    );
    expect(schemaViolations('#/components/schemas/PaginatedResponse_Build_', { items: [], end_cursor: 3 })).toEqual(
      expect.any(String)
    );
    expect(schemaViolations('#/components/schemas/HTTPValidationError', { detail: 'bad' })).toEqual(expect.any(String));
    expect(
      schemaViolations('#/components/schemas/HTTPValidationError', { detail: [{ loc: 'query', msg: 'x', type: 'y' }] })
    ).toEqual(expect.any(String));
  });

  it('finds the documented schema of every operation, following response $refs', () => {
    expect(responseSchemaRef('POST', BUILDS, 201)).toBe('#/components/schemas/Build');
    expect(responseSchemaRef('GET', BUILDS, 200)).toBe('#/components/schemas/PaginatedResponse_Build_');
    expect(responseSchemaRef('GET', `${BUILDS}/bld_1`, 200)).toBe('#/components/schemas/Build');
    expect(responseSchemaRef('POST', `${BUILDS}/bld_1/cancel`, 200)).toBe('#/components/schemas/Build');
    expect(responseSchemaRef('POST', `${BUILDS}/bld_1/cancel`, 422)).toBe('#/components/schemas/HTTPValidationError');
    expect(responseSchemaRef('GET', `${BUILDS}/bld_1/logs`, 200)).toBe('#/components/schemas/PresignedDownload');
    expect(responseSchemaRef('POST', `${BUILDS}/bld_1/pin`, 200)).toBe('#/components/schemas/Build');
    expect(responseSchemaRef('DELETE', `${BUILDS}/bld_1/pin`, 422)).toBe('#/components/schemas/HTTPValidationError');
    expect(() => responseSchemaRef('DELETE', `${BUILDS}/bld_1/pin`, 204)).toThrow(/describes no JSON body/);
    expect(() => responseSchemaRef('GET', BUILDS, 201)).toThrow(/describes no JSON body/);
  });

  it('finds the schemas of the blueprint and sync operations, referenced or written in place', () => {
    const setup = '/v3beta1/organizations/org-test/snapshot-setup';
    const inPlace = (path: string, method: string, status: number) =>
      `#/paths/~1v3beta1~1organizations~1{org_id}~1snapshot-setup~1${path}/${method}/responses/${status}/content/application~1json/schema`;
    expect(responseSchemaRef('POST', `${setup}/sync`, 200)).toBe(inPlace('sync', 'post', 200));
    expect(responseSchemaRef('GET', `${setup}/blueprints`, 200)).toBe(inPlace('blueprints', 'get', 200));
    expect(responseSchemaRef('POST', `${setup}/blueprints`, 201)).toBe('#/components/schemas/Blueprint');
    expect(responseSchemaRef('PATCH', `${setup}/blueprints/bp_1`, 200)).toBe('#/components/schemas/Blueprint');
    expect(responseSchemaRef('PATCH', `${setup}/blueprints/bp_1`, 422)).toBe(
      '#/components/schemas/HTTPValidationError'
    );
    expect(() => responseSchemaRef('PATCH', `${setup}/blueprints/bp_1`, 400)).toThrow(/describes no JSON body/);
  });

  it('rejects malformed blueprints, blueprint lists and sync answers', () => {
    const blueprint = { blueprint_id: 'bp_1', created_at: 1, repo_name: null, type: 'org', updated_at: 2 };
    const list = inPlaceSchema('blueprints', 'get', 200);
    const sync = inPlaceSchema('sync', 'post', 200);
    expect(schemaViolations('#/components/schemas/Blueprint', blueprint)).toBeUndefined();
    expect(schemaViolations(list, { data: [blueprint] })).toBeUndefined();
    expect(schemaViolations(sync, { repo_name: 'acme/app', more: 1 })).toBeUndefined();
    for (const wrong of [
      { ...blueprint, updated_at: '2' },
      { ...blueprint, type: 'team' },
      { ...blueprint, repo_name: undefined }
    ]) {
      expect(schemaViolations('#/components/schemas/Blueprint', wrong)).toEqual(expect.any(String));
      expect(schemaViolations(list, { data: [wrong] })).toEqual(expect.any(String));
    }
    expect(schemaViolations(list, [blueprint])).toEqual(expect.any(String));
    expect(schemaViolations(sync, { repo_name: 42 })).toEqual(expect.any(String));
  });
});
