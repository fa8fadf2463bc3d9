import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
    expect(() => readBlueprintFile('blank.yaml', workspace, 'Input "path"')).toThrow(
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
    ['.', 'must stay inside the workspace']
  ])('refuses %s, naming it', (path, why) => {
    expect(refusal(path, workspace)).toBe(`Input "blueprint_file" ${why} (got "${path}").`);
  });

  it('needs GITHUB_WORKSPACE', () => {
    expect(refusal('.devin/blueprint.yaml', undefined)).toContain('needs GITHUB_WORKSPACE');
  });
});
