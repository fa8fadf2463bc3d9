import { postStepOnRunner } from '../core/on-runner.js';
import { devinDefinition } from './definition.js';

await postStepOnRunner(devinDefinition);
