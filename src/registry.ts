// Every action of actions.json, by its name there: its declaration (what action.yml and the
// command's flags say) and its definition (what runs). A static list, so that the command's bundle
// holds them all; nothing here runs on import (the actions' entries, src/<name>/index.ts, do).
import type { ActionDeclaration } from './core/declaration.js';
import type { GateInputs } from './core/inputs.js';
import type { ActionDefinition } from './core/steps.js';
import { devinAction } from './devin/declaration.js';
import { devinDefinition } from './devin/definition.js';
import { dreadnodeAction } from './dreadnode/declaration.js';
import { dreadnodeDefinition } from './dreadnode/definition.js';

export interface RegisteredAction {
  declaration: ActionDeclaration;
  definition: ActionDefinition<GateInputs>;
}

export const REGISTRY: Readonly<Record<string, RegisteredAction>> = {
  devin: { declaration: devinAction, definition: devinDefinition },
  dreadnode: { declaration: dreadnodeAction, definition: dreadnodeDefinition }
};
