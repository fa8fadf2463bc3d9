// Each action's action.yml, from its declaration (src/<name>/declaration.ts, listed in
// src/registry.ts) and its line in actions.json (which bundles its steps run): what
// scripts/action-yml.ts writes and what __tests__/repo/declarations.test.ts holds the committed
// files to.
import { join, relative } from 'node:path';
import * as prettier from 'prettier';
import { stringify } from 'yaml';
import { bundleFile, type ActionEntry } from '../harness/actions.js';
import { REPO_ROOT } from '../harness/runner.js';
import type { ActionDeclaration } from '../src/core/declaration.js';

/** The runtime the actions run on. */
export const ACTION_RUNTIME = 'node24';

export interface ActionMetadata {
  name: string;
  description: string;
  author: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string; required: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string; post?: string; 'post-if'?: string };
}

/** What the action's action.yml holds. */
export function actionMetadata(declaration: ActionDeclaration, action: ActionEntry): ActionMetadata {
  const bundled = (step: 'main' | 'post'): string => relative(action.dir, join('dist', bundleFile(action, step)));
  return {
    name: declaration.name,
    description: declaration.description,
    author: declaration.author,
    branding: declaration.branding,
    inputs: Object.fromEntries(
      Object.entries(declaration.inputs).map(([name, input]) => [
        name,
        input.required
          ? { description: input.description, required: true }
          : { description: input.description, required: false, default: input.default }
      ])
    ),
    outputs: Object.fromEntries(
      Object.entries(declaration.outputs).map(([name, output]) => [name, { description: output.description }])
    ),
    runs: {
      using: ACTION_RUNTIME,
      main: bundled('main'),
      // The post step acts only after a cancelled run: a main step killed before it could cancel its build.
      ...(action.post && { post: bundled('post'), 'post-if': 'cancelled()' })
    }
  };
}

/** The action.yml file itself: a note that it is generated, the metadata, formatted as Prettier formats it. */
export async function actionYaml(declaration: ActionDeclaration, action: ActionEntry, declarationPath: string) {
  const path = join(REPO_ROOT, action.dir, 'action.yml');
  const { inputs, outputs, runs, ...head } = actionMetadata(declaration, action);
  const sections = [head, { inputs }, { outputs }, { runs }].map(section => stringify(section, { lineWidth: 0 }));
  const text = [
    `# Generated from ${declarationPath} by \`npm run action-yml\` (part of \`npm run bundle\`): edit that file, not this one.`,
    ...sections
  ].join('\n');
  return prettier.format(text, { ...(await prettier.resolveConfig(path)), filepath: path });
}
