// The list of actions (actions.json) is the one place that names them: it must name every action
// of the repository, and each must have what the list says the tree holds for it (a gate its kit,
// its fake and its workflow; a check none of them), so that bundling, the kits, the docs check and
// CI, which read the list, cover it.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { ACTIONS, bundleFile, GATES } from '../../harness/actions.js';
import { API_KITS } from '../../harness/kits/index.js';
import { REPO_ROOT } from '../../harness/runner.js';

const has = (path: string): boolean => existsSync(join(REPO_ROOT, path));

describe('the list of actions', () => {
  it('names every folder of the repository that holds an action.yml', () => {
    const folders = readdirSync(REPO_ROOT, { withFileTypes: true })
      .filter(entry => entry.isDirectory() && !['node_modules', '.git', '.github'].includes(entry.name))
      .map(entry => entry.name)
      .filter(name => has(join(name, 'action.yml')));
    expect(ACTIONS.map(action => action.dir).sort()).toEqual(['.', ...folders].sort());
  });

  it.each(ACTIONS.map(action => [action.name, action] as const))(
    '%s: its steps are bundled where its action.yml runs them',
    (_name, action) => {
      const { runs } = parse(readFileSync(join(REPO_ROOT, action.dir, 'action.yml'), 'utf8')) as {
        runs: { main: string; post?: string };
      };
      const bundled = (step: 'main' | 'post') => relative(action.dir, join('dist', bundleFile(action, step)));
      expect(runs.main).toBe(bundled('main'));
      expect(runs.post).toBe(action.post && bundled('post'));
      for (const entry of [action.main, action.post].filter(Boolean) as string[]) {
        expect([entry, has(entry)]).toEqual([entry, true]);
        expect(entry.startsWith(`src/${action.name}/`)).toBe(true);
      }
    }
  );

  it.each(GATES.map(action => [action.name, action] as const))(
    '%s: a gate, has its kit, its fake and its CI job',
    (name, action) => {
      expect(API_KITS.find(kit => kit.action === action)).toBeDefined();
      expect(has(`fakes/${name}/serve.ts`)).toBe(true);
      const workflow = `.github/workflows/e2e-${name}.yml`;
      expect([workflow, has(workflow)]).toEqual([workflow, true]);
      const uses = action.dir === '.' ? './' : `./${action.dir}`;
      expect(readFileSync(join(REPO_ROOT, workflow), 'utf8')).toContain(`uses: ${uses}\n`);
    }
  );

  it.each(ACTIONS.filter(action => action.kind === 'check').map(action => [action.name, action] as const))(
    '%s: a check, has no kit, no fake and no API workflow, but its local run',
    (name, action) => {
      expect(API_KITS.find(kit => kit.action === action)).toBeUndefined();
      expect([has(`fakes/${name}`), has(`harness/kits/${name}.ts`), has(`.github/workflows/e2e-${name}.yml`)]).toEqual([
        false,
        false,
        false
      ]);
      expect(has(join(action.dir, '.env.example'))).toBe(true);
    }
  );

  it('names each kind of action it knows, and only those', () => {
    expect(new Set(ACTIONS.map(action => action.kind))).toEqual(new Set(['gate', 'check']));
    expect(GATES.every(action => action.kind === 'gate')).toBe(true);
  });
});
