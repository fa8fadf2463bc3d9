// `tsx scripts/release-notes.ts 1.2.3` (or v1.2.3): prints that version's section of CHANGELOG.md,
// the notes of its GitHub release. Fails when there is none.
import { readFileSync } from 'node:fs';
import { releaseNotes } from './changelog.js';

const version = process.argv[2];
if (!version) {
  console.error('usage: tsx scripts/release-notes.ts <version>');
  process.exit(2);
}
try {
  console.log(releaseNotes(readFileSync('CHANGELOG.md', 'utf8'), version));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
