import { mainStepOnRunner } from '../core/on-runner.js';
import { devinDefinition } from './definition.js';

await mainStepOnRunner(devinDefinition);
