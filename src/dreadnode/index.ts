import { runMainStep } from '../core/action.js';
import { dreadnodeAction } from './action.js';

await runMainStep(dreadnodeAction);
