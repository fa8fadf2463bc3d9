// The fake Devin API's logs (log-storage.ts and the logs route): a presigned URL on a second server,
// its expiry on the fake's clock, what it refuses, and the log files it serves.
import { FakeDevinApi, type PresignedDownloadWire } from '../../fakes/devin/api.js';
import { PRESIGNED_URL_TTL_MS } from '../../fakes/devin/log-storage.js';
import { ALL_HOSTILE } from '../../fakes/hostile.js';
import { startFake } from '../support/index.js';
import { BUILDS, call, manualClock, T0, TOKEN, trigger } from '../support/fake-devin.js';

function logsPath(id: string): string {
  return `${BUILDS}/${id}/logs`;
}

async function presigned(api: FakeDevinApi, id: string): Promise<PresignedDownloadWire> {
  const response = await call<PresignedDownloadWire>(api, 'GET', logsPath(id));
  expect(response.status).toBe(200);
  return response.body;
}

describe('logs', () => {
  it('answers a presigned URL on another port, valid 10 minutes, expires_at in seconds', async () => {
    const api = await startFake(new FakeDevinApi({ now: () => T0, timestampUnit: 'ms' }));
    const { build_id } = await trigger(api);

    const download = await presigned(api, build_id);
    expect(download.expires_at).toBe(Math.floor((T0 + PRESIGNED_URL_TTL_MS) / 1000));
    const url = new URL(download.url);
    expect(url.origin).toBe(api.logStorage.url);
    expect(url.origin).not.toBe(api.url);
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{32}$/);

    const log = await fetch(download.url);
    expect(log.status).toBe(200);
    expect(await log.text()).toContain(`Building snapshot ${build_id}\n`);
    expect(api.logStorage.requests).toEqual([
      { method: 'GET', url: `${url.pathname}${url.search}`, headers: expect.any(Object), status: 200, at: T0 }
    ]);
  });

  it('refuses (403) a request that carries an Authorization header, and records it', async () => {
    const api = await startFake(new FakeDevinApi());
    const { build_id } = await trigger(api);
    const { url } = await presigned(api, build_id);

    const refused = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('<Code>AccessDenied</Code>');
    expect(api.logStorage.requests.map(request => [request.status, request.headers.authorization])).toEqual([
      [403, `Bearer ${TOKEN}`]
    ]);
  });

  it("refuses (403) the URL once 10 minutes have passed on the fake's clock, and a forged signature", async () => {
    const clock = manualClock();
    const api = await startFake(new FakeDevinApi({ now: clock.now }));
    const { build_id } = await trigger(api);
    const { url } = await presigned(api, build_id);

    clock.advance(PRESIGNED_URL_TTL_MS - 1);
    expect((await fetch(url)).status).toBe(200);
    clock.advance(1);
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
    expect((await fetch(url.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=00'))).status).toBe(403);
    // A new URL works again.
    expect((await fetch((await presigned(api, build_id)).url)).status).toBe(200);
  });

  it('serves the log set per build: raw bytes (invalid UTF-8), hostile lines, 5 MB generated while sent', async () => {
    const api = await startFake(new FakeDevinApi());
    const { build_id } = await trigger(api);
    const invalid = Uint8Array.from([0x6f, 0x6b, 0xff, 0xfe, 0xc3, 0x28, 0x0a]);
    api.setBuildLog(build_id, invalid);
    expect(new Uint8Array(await (await fetch((await presigned(api, build_id)).url)).arrayBuffer())).toEqual(invalid);

    api.setBuildLog(build_id, `step 1\n::error::x\n\x1b[31mred\x1b[0m\n${ALL_HOSTILE}\n`);
    expect(await (await fetch((await presigned(api, build_id)).url)).text()).toContain('\n::error::x\n\x1b[31m');

    const size = 5 * 1024 * 1024 + 3;
    api.setBuildLog(build_id, { size, line: '::error::generated line\n' });
    const big = await fetch((await presigned(api, build_id)).url);
    expect(big.headers.get('content-length')).toBe(String(size));
    const text = await big.text();
    expect(text.length).toBe(size);
    expect(text.startsWith('::error::generated line\n::error::')).toBe(true);
  });

  it('answers 404 for an unknown build, or 403/404 for every build when logsEndpoint says so', async () => {
    const api = await startFake(new FakeDevinApi());
    expect((await call(api, 'GET', logsPath('bld_doesnotexist00'))).status).toBe(404);
    const forbidden = await startFake(new FakeDevinApi({ logsEndpoint: 403 }));
    const { build_id } = await trigger(forbidden);
    expect(await call(forbidden, 'GET', logsPath(build_id))).toMatchObject({
      status: 403,
      body: { detail: 'Forbidden' }
    });
    const missing = await startFake(new FakeDevinApi({ logsEndpoint: 404 }));
    expect((await call(missing, 'GET', logsPath((await trigger(missing)).build_id))).status).toBe(404);
    expect(missing.logStorage.requests).toEqual([]);
  });
});
