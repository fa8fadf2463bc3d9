// Reading the blueprint file an upload sends (src/devin/blueprint-file.ts): a UTF-8 file inside the
// workspace, and an InputError naming the path for any other (outside it or linking out, too big,
// empty, not UTF-8, a directory), or when GITHUB_WORKSPACE is not set.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/core/errors.js';
import { BLUEPRINT_MAX_BYTES, readBlueprintFile } from '../../src/devin/blueprint-file.js';

let root: string;
let workspace: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'blueprint-file-'));
  workspace = join(root, 'workspace');
  mkdirSync(join(workspace, '.devin'), { recursive: true });
  writeFileSync(join(workspace, '.devin', 'blueprint.yaml'), 'initialize: echo ok\n');
  writeFileSync(join(workspace, 'latin1.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
  writeFileSync(join(workspace, 'big.yaml'), 'x'.repeat(BLUEPRINT_MAX_BYTES + 1));
  writeFileSync(join(workspace, 'blank.yaml'), ' \n\n');
  writeFileSync(join(root, 'secret.txt'), 'not yours\n');
  symlinkSync(join(root, 'secret.txt'), join(workspace, 'escape.yaml'));
  symlinkSync('/dev/zero', join(workspace, 'zero.yaml'));
  symlinkSync(join(workspace, '.devin', 'blueprint.yaml'), join(workspace, 'inside.yaml'));
  symlinkSync(join(root, 'outside'), join(workspace, 'linked-dir'));
  mkdirSync(join(root, 'outside'));
  writeFileSync(join(root, 'outside', 'blueprint.yaml'), 'not yours\n');
  execFileSync('mkfifo', [join(workspace, 'fifo.yaml')]);
  // 10 GiB that take no room on disk: refused by its size, never read.
  const sparse = openSync(join(workspace, 'sparse.yaml'), 'w');
  ftruncateSync(sparse, 10 * 1024 ** 3);
  closeSync(sparse);
  writeFileSync(join(workspace, 'bom.yaml'), '\ufeffinitialize: echo bom\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function refusal(path: string, base?: string): string {
  try {
    readBlueprintFile(path, base);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('readBlueprintFile', () => {
  it('reads a UTF-8 file of the workspace, relative to it', () => {
    expect(readBlueprintFile('.devin/blueprint.yaml', workspace)).toEqual({
      path: '.devin/blueprint.yaml',
      workspacePath: '.devin/blueprint.yaml',
      contents: 'initialize: echo ok\n'
    });
  });

  it('names the file as annotations do, and the input that was given in its refusals', () => {
    expect(readBlueprintFile('./.devin/../.devin/blueprint.yaml', workspace).workspacePath).toBe(
      '.devin/blueprint.yaml'
    );
    expect(() => readBlueprintFile('blank.yaml', workspace, 'path')).toThrow(
      'Input "path" is empty (got "blank.yaml").'
    );
  });

  it.each([
    ['latin1.yaml', 'is not UTF-8 text'],
    ['big.yaml', `is ${BLUEPRINT_MAX_BYTES + 1} bytes, over the 256 KiB a blueprint may be`],
    ['blank.yaml', 'is empty'],
    ['escape.yaml', 'must stay inside the workspace'],
    ['../secret.txt', 'must stay inside the workspace'],
    ['.devin', 'is not a file'],
    ['.', 'must stay inside the workspace'],
    ['zero.yaml', 'must stay inside the workspace'],
    ['linked-dir/blueprint.yaml', 'must stay inside the workspace'],
    ['fifo.yaml', 'is not a file'],
    ['sparse.yaml', `is ${10 * 1024 ** 3} bytes, over the 256 KiB a blueprint may be`]
  ])('refuses %s, naming it', (path, why) => {
    expect(refusal(path, workspace)).toBe(`Input "blueprint_file" ${why} (got "${path}").`);
  });

  it('reads a file that a link inside the workspace names, and a file that starts with a byte order mark', () => {
    expect(readBlueprintFile('inside.yaml', workspace).contents).toBe('initialize: echo ok\n');
    expect(readBlueprintFile('bom.yaml', workspace).contents).toBe('initialize: echo bom\n');
  });

  it('needs GITHUB_WORKSPACE', () => {
    expect(refusal('.devin/blueprint.yaml', undefined)).toContain('needs GITHUB_WORKSPACE');
  });
});
