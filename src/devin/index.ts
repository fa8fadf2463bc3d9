import { mainStepOnRunner } from '../core/on-runner.js';
import { mainStep } from '../core/steps.js';
import { devinDefinition } from './definition.js';

await mainStepOnRunner(io => mainStep(devinDefinition, io));
