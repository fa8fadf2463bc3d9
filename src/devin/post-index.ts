import { postStepOnRunner } from '../core/on-runner.js';
import { postStep } from '../core/steps.js';
import { devinDefinition } from './definition.js';

await postStepOnRunner(io => postStep(devinDefinition, io));
