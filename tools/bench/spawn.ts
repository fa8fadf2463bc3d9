// Timing a child process from this one: what the start-up figures share.
import { spawn } from 'node:child_process';

/** Spawns `command` with `args`; resolves with the time of the spawn call (before it) and of the exit. */
export function spawnTimed(command: string, args: string[], env: Record<string, string>, cwd: string) {
  return new Promise<{ startedAt: number; exitedAt: number; code: number | null }>((done, fail) => {
    const startedAt = performance.now();
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    child.stderr.resume();
    child.on('error', fail);
    child.on('exit', code => done({ startedAt, exitedAt: performance.now(), code }));
  });
}
