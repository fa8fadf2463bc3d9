// Reading CHANGELOG.md (Keep a Changelog): the release workflow publishes a version's section as
// the GitHub release's notes.

/** A version heading: `## [1.2.3] - 2026-01-31`, `## [1.2.3]` or `## 1.2.3`; group 1 is the version. */
const VERSION_HEADING = /^## \[?([^\]\s]+)\]?(?:\s+-\s+.*)?$/;
/** A link reference definition, as Keep a Changelog puts at the end: `[1.2.3]: https://…`. */
const LINK_DEFINITION = /^\[[^\]]+\]:\s/;

/**
 * The body of `version`'s section (without its heading), trimmed. Throws when the changelog has no
 * such section or the section is empty, so that a release is never published without notes.
 */
export function releaseNotes(changelog: string, version: string): string {
  const wanted = version.replace(/^v/, '');
  const lines = changelog.split(/\r?\n/);
  const start = lines.findIndex(line => VERSION_HEADING.exec(line)?.[1] === wanted);
  if (start < 0) throw new Error(`CHANGELOG.md has no section for ${wanted} (a heading "## [${wanted}] - YYYY-MM-DD")`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex(line => line.startsWith('## ') || LINK_DEFINITION.test(line));
  const notes = (end < 0 ? rest : rest.slice(0, end)).join('\n').trim();
  if (!notes) throw new Error(`CHANGELOG.md's section for ${wanted} is empty`);
  return notes;
}
