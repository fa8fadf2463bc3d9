// Each action's declaration (src/<name>/declaration.ts) is the one source of its inputs, defaults
// and outputs: every line of actions.json has one in the registry, its committed action.yml is
// exactly what the declaration makes (a default or an output that drifts fails here), the code
// reads exactly the declared inputs and sets exactly the declared outputs.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ACTIONS } from '../../harness/actions.js';
import { REPO_ROOT } from '../../harness/runner.js';
import { actionMetadata } from '../../scripts/action-metadata.js';
import { InputError } from '../../src/core/errors.js';
import { CHECK_OUTPUTS } from '../../src/check/step.js';
import type { InputReader } from '../../src/core/inputs.js';
import { outputNames } from '../../src/core/outputs.js';
import { REGISTRY } from '../../src/registry.js';

const read = (path: string): string => readFileSync(join(REPO_ROOT, path), 'utf8');

describe('the registry', () => {
  it('has each action of actions.json, and no other', () => {
    expect(Object.keys(REGISTRY).sort()).toEqual(ACTIONS.map(action => action.name).sort());
  });
});

describe.each(ACTIONS.map(action => [action.name, action] as const))('the %s declaration', (name, action) => {
  const registered = REGISTRY[name];
  const { declaration } = registered;
  const readInputs = (read: InputReader): unknown =>
    registered.kind === 'gate' ? registered.definition.readInputs(read, {}) : registered.readInputs(read, {});

  it('is what its committed action.yml says (run `npm run action-yml` after changing it)', () => {
    expect(parse(read(join(action.dir, 'action.yml')))).toEqual(actionMetadata(declaration, action));
  });

  it('declares exactly the outputs the action sets, in their order', () => {
    const names = registered.kind === 'gate' ? outputNames(registered.definition.capabilities) : CHECK_OUTPUTS;
    expect(Object.keys(declaration.outputs)).toEqual(names);
  });

  it('declares exactly the inputs the action reads', () => {
    const names = new Set<string>();
    try {
      readInputs(input => {
        names.add(input);
        return '';
      });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
    }
    const renamed = Object.values(declaration.inputs).flatMap(input => input.renamedFrom ?? []);
    expect([...names].filter(input => !renamed.includes(input)).sort()).toEqual(Object.keys(declaration.inputs).sort());
  });

  it('refuses each required input when it is empty, naming it', () => {
    let message = '';
    try {
      readInputs(() => '');
    } catch (error) {
      message = (error as Error).message;
    }
    const required = Object.entries(declaration.inputs).filter(([, input]) => input.required);
    for (const [input] of required) expect(message).toContain(`Input "${input}" is required`);
  });
});
