import { runPostStep } from '../core/action.js';
import { devinAction } from './action.js';

await runPostStep(devinAction);
