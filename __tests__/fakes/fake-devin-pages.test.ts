// What the fake Devin API varies of its list beyond the order: a page size the server chooses
// whatever `first` asks, and a list that shows one build late. Over real HTTP on 127.0.0.1, on a
// manual clock; every page is checked against the contract (fakes/devin/contract.ts).
import { describe, expect, it } from '@jest/globals';
import { FakeDevinApi, type DevinBuildWire, type FakeDevinApiOptions } from '../../fakes/devin/api.js';
import { expectConformant } from '../../fakes/devin/contract.js';
import { startFake } from '../support/index.js';

const TOKEN = 'cog_test_token';
const BUILDS = '/v3beta1/organizations/org-test/snapshot-setup/builds';
const T0 = 1_700_000_000_250;

interface Page {
  items: DevinBuildWire[];
  end_cursor: string | null;
  has_next_page: boolean;
}

async function get<T>(api: FakeDevinApi, path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const body = (await response.json()) as T;
  if (response.status === 200) expectConformant('GET', new URL(path, api.url).pathname, 200, body);
  return { status: response.status, body };
}

async function listPage(api: FakeDevinApi, query: Record<string, string>): Promise<Page> {
  const { status, body } = await get<Page>(api, `${BUILDS}?${new URLSearchParams(query)}`);
  expect(status).toBe(200);
  return body;
}

/** Every page, following end_cursor, each asked for with `first`. */
async function allPages(api: FakeDevinApi, first: string): Promise<Page[]> {
  const pages = [await listPage(api, { first })];
  while (pages[pages.length - 1].has_next_page) {
    pages.push(await listPage(api, { first, after: pages[pages.length - 1].end_cursor as string }));
    expect(pages.length).toBeLessThan(50);
  }
  return pages;
}

const ids = (page: Page) => page.items.map(item => item.build_id);

describe('a page size the server chooses (pageSize)', () => {
  it.each<[NonNullable<FakeDevinApiOptions['listOrder']>, number]>([
    ['newest-first', 1],
    ['oldest-first', 1],
    ['newest-first', 3],
    ['oldest-first', 3]
  ])(
    'lists %s, %i build(s) a page whatever first asks, reaching every build exactly once',
    async (listOrder, pageSize) => {
      const api = await startFake(new FakeDevinApi({ now: () => T0, olderBuilds: 7, listOrder, pageSize }));
      for (const first of ['1', '100', '200']) {
        const pages = await allPages(api, first);
        expect(pages.slice(0, -1).every(page => page.items.length === pageSize)).toBe(true);
        expect(pages.at(-1)?.items.length).toBe(7 % pageSize || pageSize);
        const seen = pages.flatMap(ids);
        expect(new Set(seen).size).toBe(7);
        const created = pages.flatMap(page => page.items.map(item => item.created_at));
        const newestFirst = [...created].sort((a, b) => b - a);
        expect(created).toEqual(listOrder === 'newest-first' ? newestFirst : newestFirst.reverse());
      }
    }
  );

  it('answers as many as first asks by default', async () => {
    const api = await startFake(new FakeDevinApi({ now: () => T0, olderBuilds: 7 }));
    expect((await listPage(api, { first: '5' })).items).toHaveLength(5);
    expect((await listPage(api, { first: '100' })).items).toHaveLength(7);
  });

  it('still filters (status, active) on its own page size', async () => {
    const api = await startFake(new FakeDevinApi({ now: () => T0, olderBuilds: 7, pageSize: 2 }));
    const active = await listPage(api, { first: '1', active: 'true' });
    expect(active.items).toHaveLength(1);
    expect(active.items[0].status).toBe('succeeded');
    const failed = await listPage(api, { first: '100', status: 'failed' });
    expect(failed.items.length).toBeLessThanOrEqual(2);
    expect(failed.items.every(item => item.status === 'failed')).toBe(true);
  });

  it.each([0, -1, 1.5])('refuses a page size of %p', pageSize => {
    expect(() => new FakeDevinApi({ pageSize } as FakeDevinApiOptions)).toThrow(/pageSize must be a whole number/);
  });
});

describe('a build the list shows late (scheduleBuild listLagMs)', () => {
  it('lists that build only listLagMs after its creation, others at once; by id it does not lag', async () => {
    let now = T0;
    const api = await startFake(new FakeDevinApi({ now: () => now, olderBuilds: 1 }));
    const late = api.scheduleBuild({ at: T0 + 1000, listLagMs: 3000 });
    const prompt = api.scheduleBuild({ at: T0 + 1000 });
    now = T0 + 1000;
    expect(ids(await listPage(api, { first: '100' }))).toEqual([prompt, expect.any(String)]);
    expect((await get<DevinBuildWire>(api, `${BUILDS}/${late}`)).body.build_id).toBe(late);
    now = T0 + 3999;
    expect(ids(await listPage(api, { first: '100' }))).not.toContain(late);
    now = T0 + 4000;
    expect(ids(await listPage(api, { first: '100' }))).toContain(late);
  });

  it("takes a build's own lag over the list's", async () => {
    let now = T0;
    const api = await startFake(new FakeDevinApi({ now: () => now, olderBuilds: 0, listLagMs: 5000 }));
    const prompt = api.scheduleBuild({ at: T0, listLagMs: 0 });
    const usual = api.scheduleBuild({ at: T0 });
    expect(ids(await listPage(api, { first: '100' }))).toEqual([prompt]);
    now = T0 + 4999;
    expect(ids(await listPage(api, { first: '100' }))).toEqual([prompt]);
    now = T0 + 5000;
    expect(ids(await listPage(api, { first: '100' }))).toEqual([usual, prompt]);
  });
});
