// The list of actions (actions.json, at the root: see its $comment), typed for the harness and the
// tests, and where each step's bundle is under a bundle folder.
import { join } from 'node:path';
import list from '../actions.json' with { type: 'json' };

/** A gate triggers a build on a remote API and gates on it; a check has no remote build (see actions.json). */
export type ActionKind = 'gate' | 'check';

export interface ActionEntry {
  /** The action's name, as the paths of all that is its own spell it. */
  name: string;
  kind: ActionKind;
  /** The folder of its action.yml. */
  dir: string;
  /** The entry module of its main step. */
  main: string;
  /** The entry module of its post step, if it has one. */
  post?: string;
}

export type Step = 'main' | 'post';

export const ACTIONS: readonly ActionEntry[] = list.actions.map(action => ({ ...action, kind: kindOf(action.kind) }));

/** The gates: the actions with a fake, a kit and an API workflow. */
export const GATES: readonly ActionEntry[] = ACTIONS.filter(action => action.kind === 'gate');

function kindOf(kind: string): ActionKind {
  if (kind === 'gate' || kind === 'check') return kind;
  throw new Error(`actions.json: kind must be gate or check, got ${kind}`);
}

export function actionNamed(name: string): ActionEntry {
  const action = ACTIONS.find(entry => entry.name === name);
  if (!action) throw new Error(`actions.json has no action ${name}`);
  return action;
}

/** A step's bundle under a bundle folder (dist/, or a build of the current sources), as scripts/bundle.mjs writes it. */
export function bundleFile(action: ActionEntry, step: Step = 'main'): string {
  return join(action.dir, step === 'post' ? 'post' : '', 'index.js');
}
