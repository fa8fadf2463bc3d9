// Every action of actions.json, by its name there: its declaration (what action.yml and the
// command's flags say) and what runs it: a gate's definition (mainStep runs it), or the check's
// reader of its inputs (its step and the command share the rest, src/check/step.ts). A static list,
// so that the command's bundle holds them all; nothing here runs on import (the actions' entries,
// src/<name>/index.ts, do).
import { checkAction } from './check/declaration.js';
import { readCheckInputs } from './check/inputs.js';
import type { ActionDefinition } from './core/contract.js';
import type { ActionDeclaration } from './core/declaration.js';
import type { GateInputs } from './core/inputs.js';
import { devinAction } from './devin/declaration.js';
import { devinDefinition } from './devin/definition.js';
import { dreadnodeAction } from './dreadnode/declaration.js';
import { dreadnodeDefinition } from './dreadnode/definition.js';

export interface RegisteredGate {
  kind: 'gate';
  declaration: ActionDeclaration;
  definition: ActionDefinition<GateInputs>;
}

export interface RegisteredCheck {
  kind: 'check';
  declaration: ActionDeclaration;
  readInputs: typeof readCheckInputs;
}

export type RegisteredAction = RegisteredGate | RegisteredCheck;

export const REGISTRY: Readonly<Record<string, RegisteredAction>> = {
  devin: { kind: 'gate', declaration: devinAction, definition: devinDefinition },
  dreadnode: { kind: 'gate', declaration: dreadnodeAction, definition: dreadnodeDefinition },
  check: { kind: 'check', declaration: checkAction, readInputs: readCheckInputs }
};
