import { runPostStep } from '../core/action.js';
import { devinAction } from './action.js';

/** The post step, as `@github/local-action` runs it; post-index.ts is the bundle's entry. */
export function run(): Promise<void> {
  return runPostStep(devinAction);
}
