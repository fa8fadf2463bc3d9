import { runBuildAction, runBuildPost, type RunOptions } from './core/action.js';
import { devinAction } from './devin/action.js';

/** The Devin action's main step (dist/index.js). */
export function run(options?: RunOptions): Promise<void> {
  return runBuildAction(devinAction, options);
}

/** The Devin action's post step (dist/post/index.js). */
export function runPost(options?: RunOptions): Promise<void> {
  return runBuildPost(devinAction, options);
}
