// What the fake Devin API's own suites (__tests__/fakes/fake-devin-*.test.ts) share: requests with
// its token whose every 2xx and 422 body is checked against the contract's own schemas
// (fakes/devin/contract.ts), the build operations over them, and a manual clock for the fake.
import { expect } from '@jest/globals';
import type { DevinBuildWire, FakeDevinApi } from '../../fakes/devin/api.js';
import { expectConformant } from '../../fakes/devin/contract.js';

export const TOKEN = 'cog_test_token';
export const BUILDS = '/v3beta1/organizations/org-test/snapshot-setup/builds';
// Not on a whole second, so the 's' serialisation visibly truncates.
export const T0 = 1_700_000_000_250;

export interface Page {
  items: DevinBuildWire[];
  end_cursor: string | null;
  has_next_page: boolean;
  total: number | null;
}

export interface ValidationErrorBody {
  detail: { loc: (string | number)[]; msg: string; type: string }[];
}

export interface CallOptions {
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  /** null: no Authorization header. */
  token?: string | null;
  /** For responses that deliberately break the contract (status overrides). */
  skipConformance?: boolean;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = unknown>(
  api: FakeDevinApi,
  method: string,
  path: string,
  options: CallOptions = {}
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== null) headers.authorization = `Bearer ${options.token ?? TOKEN}`;
  const response = await fetch(`${api.url}${path}`, { method, headers, body: options.body });
  const text = await response.text();
  const body: unknown = text === '' ? undefined : JSON.parse(text);
  const documented = (response.status >= 200 && response.status < 300) || response.status === 422;
  if (response.status === 204) expect(text).toBe('');
  else if (documented && !options.skipConformance)
    expectConformant(method, new URL(path, api.url).pathname, response.status, body);
  return { status: response.status, body: body as T, headers: response.headers };
}

export async function trigger(api: FakeDevinApi): Promise<DevinBuildWire> {
  const response = await call<DevinBuildWire>(api, 'POST', BUILDS, {
    body: '{}',
    headers: { 'content-type': 'application/json' }
  });
  expect(response.status).toBe(201);
  return response.body;
}

export async function getBuild(api: FakeDevinApi, id: string): Promise<DevinBuildWire> {
  const response = await call<DevinBuildWire>(api, 'GET', `${BUILDS}/${id}`);
  expect(response.status).toBe(200);
  return response.body;
}

export async function listPage(api: FakeDevinApi, query: Record<string, string> = {}): Promise<Page> {
  const search = new URLSearchParams(query).toString();
  const response = await call<Page>(api, 'GET', search ? `${BUILDS}?${search}` : BUILDS);
  expect(response.status).toBe(200);
  return response.body;
}

/** Follows end_cursor to the last page. */
export async function listAllPages(api: FakeDevinApi, query: Record<string, string> = {}): Promise<Page[]> {
  const pages = [await listPage(api, query)];
  while (pages[pages.length - 1].has_next_page) {
    const cursor = pages[pages.length - 1].end_cursor;
    expect(typeof cursor).toBe('string');
    pages.push(await listPage(api, { ...query, after: cursor as string }));
    expect(pages.length).toBeLessThan(100);
  }
  return pages;
}

export async function cancel(api: FakeDevinApi, id: string): Promise<DevinBuildWire> {
  const response = await call<DevinBuildWire>(api, 'POST', `${BUILDS}/${id}/cancel`);
  expect(response.status).toBe(200);
  return response.body;
}

/**
 * The fake's clock, moved only by the test: a build's status then does not depend on how fast the
 * machine is (on the real clock, the default plan leaves `pending` after 200 ms).
 */
export function manualClock(start = T0): { now: () => number; advance: (ms: number) => void } {
  let current = start;
  return { now: () => current, advance: ms => (current += ms) };
}
