// The pre step `npm run local-action -- devin-post` gives @github/local-action. Its getState stub
// reads only what saveState stored earlier in the same run, not the runner's STATE_<name>
// variables; this stores those of the env file, so that the post step can run on its own with the
// state a main step that did not finish would have left.
import * as core from '@actions/core';

const PREFIX = 'STATE_';

export function run(): void {
  const saved = Object.entries(process.env).filter(([name, value]) => name.startsWith(PREFIX) && value);
  for (const [name, value] of saved) core.saveState(name.slice(PREFIX.length), value);
  core.info(
    saved.length > 0
      ? `State from the env file: ${saved.map(([name, value]) => `${name.slice(PREFIX.length)}=${value}`).join(', ')}`
      : 'No STATE_ values in the env file: the post step has nothing to do (give STATE_build_id=<id>).'
  );
}
