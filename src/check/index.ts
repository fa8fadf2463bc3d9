import { stepOnRunner } from '../core/on-runner.js';
import { checkStep } from './step.js';

await stepOnRunner(checkStep, 'github_token');
