// Timing a child process from this one: what the start-up figures share.
import { spawn } from 'node:child_process';

/**
 * Spawns `command` with `args`; resolves with the time of the spawn call (before it), of the exit,
 * and, given `marker`, of the first read of its standard output that completes the marker's text.
 */
export function spawnTimed(command: string, args: string[], env: Record<string, string>, cwd: string, marker?: string) {
  return new Promise<{ startedAt: number; exitedAt: number; markedAt?: number; code: number | null }>((done, fail) => {
    const startedAt = performance.now();
    let markedAt: number | undefined;
    let seen = '';
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (!marker || markedAt !== undefined) return;
      seen += chunk;
      if (seen.includes(marker)) markedAt = performance.now();
    });
    child.stderr.resume();
    child.on('error', fail);
    child.on('exit', code => done({ startedAt, exitedAt: performance.now(), markedAt, code }));
  });
}
