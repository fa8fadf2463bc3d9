// The list of actions (actions.json, at the root: see its $comment), typed for the harness and the
// tests, and where each step's bundle is under a bundle folder.
import { join } from 'node:path';
import list from '../actions.json' with { type: 'json' };

export interface ActionEntry {
  /** The API's name, as the paths of all that is its own spell it. */
  name: string;
  /** The folder of its action.yml. */
  dir: string;
  /** The entry module of its main step. */
  main: string;
  /** The entry module of its post step, if it has one. */
  post?: string;
}

export type Step = 'main' | 'post';

export const ACTIONS: readonly ActionEntry[] = list.actions;

export function actionNamed(name: string): ActionEntry {
  const action = ACTIONS.find(entry => entry.name === name);
  if (!action) throw new Error(`actions.json has no action ${name}`);
  return action;
}

/** A step's bundle under a bundle folder (dist/, or a build of the current sources), as scripts/bundle.mjs writes it. */
export function bundleFile(action: ActionEntry, step: Step = 'main'): string {
  return join(action.dir, step === 'post' ? 'post' : '', 'index.js');
}
