import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from '../core/errors.js';

/** A blueprint is a short YAML file: anything larger is a mistake (a wrong path, a binary), not a blueprint. */
export const BLUEPRINT_MAX_BYTES = 256 * 1024;

/** The candidate blueprint a run uploads: where it was read from, and what it holds. */
export interface BlueprintFile {
  /** As the input gave it, relative to GITHUB_WORKSPACE. */
  path: string;
  /** The same path as annotations name a file: relative to the workspace, normalized, with `/`. */
  workspacePath: string;
  contents: string;
}

/** Not following a link at the last step, and not waiting for a writer at a FIFO; 0 where the system has no such flag. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Reads the blueprint file an input names (`input`: `blueprint_file`, or the check action's `path`),
 * a path relative to GITHUB_WORKSPACE (not the working directory) that must stay inside it, symlinks
 * resolved: a readable UTF-8 text file of at most BLUEPRINT_MAX_BYTES that is not empty. Any other
 * is an InputError naming the input and the path, before any request is sent. The resolved path is
 * opened once, without following a link (one put there since it was resolved is refused), and what
 * is checked and read is that open file: never a FIFO, a device or a file whose size is over the
 * bound, whatever replaced the path meanwhile.
 */
export function readBlueprintFile(
  path: string,
  workspace: string | undefined,
  input = 'blueprint_file'
): BlueprintFile {
  const refuse = (why: string): never => {
    throw new InputError(`Input "${input}" ${why} (got "${path}").`);
  };
  if (!workspace) return refuse('needs GITHUB_WORKSPACE, which the runner sets: run the action in a workflow job');
  if (isAbsolute(path)) return refuse('must be a path relative to the workspace, e.g. .devin/blueprint.yaml');
  const outside = (target: string, root: string): boolean => {
    const inside = relative(root, target);
    return inside === '' || inside.startsWith('..') || isAbsolute(inside);
  };
  if (outside(resolve(workspace, path), resolve(workspace))) return refuse('must stay inside the workspace');
  let real: string;
  try {
    real = realpathSync(resolve(workspace, path));
  } catch {
    return refuse('names no file in the workspace: check the path, and that the job checked out the repository');
  }
  // A symlink in the workspace must not lead out of it either.
  if (outside(real, realpathSync(workspace))) return refuse('must stay inside the workspace');
  let fd: number;
  try {
    fd = openSync(real, OPEN_FLAGS);
  } catch {
    return refuse('cannot be read');
  }
  let bytes: Buffer;
  try {
    bytes = readBounded(fd, refuse);
  } finally {
    closeSync(fd);
  }
  let contents: string;
  try {
    contents = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refuse('is not UTF-8 text');
  }
  if (!contents.trim()) return refuse('is empty');
  return { path, workspacePath: relative(resolve(workspace), resolve(workspace, path)).split(sep).join('/'), contents };
}

/** The open file's bytes, when it is a regular file of at most BLUEPRINT_MAX_BYTES (even if it grows while read). */
function readBounded(fd: number, refuse: (why: string) => never): Buffer {
  const stats = fstatSync(fd);
  if (!stats.isFile()) return refuse('is not a file');
  const tooLarge = (size: number): never =>
    refuse(`is ${size} bytes, over the ${BLUEPRINT_MAX_BYTES / 1024} KiB a blueprint may be`);
  if (stats.size > BLUEPRINT_MAX_BYTES) return tooLarge(stats.size);
  const buffer = Buffer.alloc(BLUEPRINT_MAX_BYTES + 1);
  let length = 0;
  try {
    for (let read = 1; read > 0 && length < buffer.length; length += read) {
      read = readSync(fd, buffer, length, buffer.length - length, null);
    }
  } catch {
    return refuse('cannot be read');
  }
  if (length > BLUEPRINT_MAX_BYTES) return tooLarge(length);
  return buffer.subarray(0, length);
}
