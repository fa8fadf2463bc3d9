// `npm run action-yml` (run by `npm run bundle`): writes each action's action.yml from its
// declaration (see action-metadata.ts). `--check` writes nothing and fails when a file differs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS } from '../harness/actions.js';
import { REPO_ROOT } from '../harness/runner.js';
import { REGISTRY } from '../src/registry.js';
import { actionYaml } from './action-metadata.js';

const check = process.argv.includes('--check');
let stale = 0;
for (const action of ACTIONS) {
  const registered = REGISTRY[action.name];
  if (!registered) throw new Error(`src/registry.ts has no action ${action.name}`);
  const path = join(REPO_ROOT, action.dir, 'action.yml');
  const text = await actionYaml(registered.declaration, action, `src/${action.name}/declaration.ts`);
  if (readFileSync(path, 'utf8') === text) continue;
  if (check) {
    console.error(`${join(action.dir, 'action.yml')} is not what its declaration makes: run npm run action-yml.`);
    stale++;
  } else {
    writeFileSync(path, text);
    console.log(`wrote ${join(action.dir, 'action.yml')}`);
  }
}
process.exitCode = stale ? 1 : 0;
