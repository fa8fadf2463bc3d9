import { runBuildAction } from '../core/action.js';
import { dreadnodeAction } from './action.js';

await runBuildAction(dreadnodeAction);
