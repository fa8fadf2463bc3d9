// The fake Devin API's CLI (serve.ts), run as a child process: its URL on stdout and in the port file,
// its options, a request log without the token, and a clean stop on SIGTERM.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILDS, type Page } from '../support/fake-devin.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('serve.ts CLI', () => {
  it('prints its URL, writes the port file, logs requests without the token, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-devin-api-'));
    const portFile = join(dir, 'url');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'fakes/devin/serve.ts',
        '--port-file',
        portFile,
        '--token',
        'cog_cli_secret',
        '--older',
        '1',
        '--newer',
        '2'
      ],
      { cwd: REPO_ROOT, env: { ...process.env, NODE_OPTIONS: '' } }
    );
    try {
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      while (!stdout.includes('\n')) {
        if (child.exitCode !== null) throw new Error(`serve.ts exited early: ${stderr}`);
        await once(child.stdout, 'data');
      }
      expect(stdout).toMatch(/^FAKE_DEVIN_API_URL=http:\/\/127\.0\.0\.1:\d+\n$/);
      const url = stdout.trim().replace('FAKE_DEVIN_API_URL=', '');
      expect(readFileSync(portFile, 'utf8').trim()).toBe(url);

      const auth = { authorization: 'Bearer cog_cli_secret' };
      const created = await fetch(`${url}${BUILDS}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: '{}'
      });
      expect(created.status).toBe(201);
      const page = (await (await fetch(`${url}${BUILDS}?first=2`, { headers: auth })).json()) as Page;
      expect(page.total).toBe(1 + 1 + 2);

      // 'close', not 'exit': the child's stderr is then read to its end, the log lines of the last requests too.
      const closed = once(child, 'close');
      child.kill('SIGTERM');
      expect(await closed).toEqual([0, null]);
      expect(stderr).toContain(`POST ${BUILDS} -> 201`);
      expect(stderr).toContain(`GET ${BUILDS}?first=2 -> 200`);
      expect(stderr).not.toContain('cog_cli_secret');
      expect(stdout.split('\n').filter(Boolean)).toHaveLength(1);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
