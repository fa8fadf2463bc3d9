import { mainStepOnRunner } from '../core/on-runner.js';
import { dreadnodeDefinition } from './definition.js';

await mainStepOnRunner(dreadnodeDefinition);
