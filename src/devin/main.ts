import { runMainStep } from '../core/action.js';
import { devinAction } from './action.js';

/** The main step, as `@github/local-action` runs it; index.ts is the bundle's entry. */
export function run(): Promise<void> {
  return runMainStep(devinAction);
}
