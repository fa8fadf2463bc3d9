import { runMainStep } from '../core/action.js';
import { devinAction } from './action.js';

await runMainStep(devinAction);
