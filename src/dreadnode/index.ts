import { mainStepOnRunner } from '../core/on-runner.js';
import { mainStep } from '../core/steps.js';
import { dreadnodeDefinition } from './definition.js';

await mainStepOnRunner(io => mainStep(dreadnodeDefinition, io));
