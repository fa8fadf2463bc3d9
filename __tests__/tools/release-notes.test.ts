// A version's release notes, taken from CHANGELOG.md (scripts/changelog.ts): which section, where it
// ends, what is refused, and the package's current version in the real file.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { releaseNotes } from '../../scripts/changelog.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const CHANGELOG = `# Changelog

Intro text.

## [Unreleased]

## [1.1.0] - 2026-12-01

### Added

- The \`foo\` input.

## 1.0.1

### Fixed

- A crash.

## [1.0.0] - 2026-11-24

- First release.

[Unreleased]: https://example.com/compare/v1.1.0...HEAD
[1.1.0]: https://example.com/releases/tag/v1.1.0
`;

describe('releaseNotes', () => {
  it("returns a version's section without its heading, up to the next version", () => {
    expect(releaseNotes(CHANGELOG, '1.1.0')).toBe('### Added\n\n- The `foo` input.');
  });

  it('accepts the tag form and headings without brackets or date', () => {
    expect(releaseNotes(CHANGELOG, 'v1.0.1')).toBe('### Fixed\n\n- A crash.');
  });

  it('stops the last section at the link definitions', () => {
    expect(releaseNotes(CHANGELOG, '1.0.0')).toBe('- First release.');
  });

  it('does not take a version for a longer one that starts with it', () => {
    expect(() => releaseNotes(CHANGELOG, '1.0')).toThrow('CHANGELOG.md has no section for 1.0');
  });

  it('refuses an empty section', () => {
    expect(() => releaseNotes(CHANGELOG, 'Unreleased')).toThrow("CHANGELOG.md's section for Unreleased is empty");
  });

  it("finds the package's current version in the real CHANGELOG.md", () => {
    const { version } = JSON.parse(readFileSync(`${REPO_ROOT}package.json`, 'utf8')) as { version: string };
    expect(releaseNotes(readFileSync(`${REPO_ROOT}CHANGELOG.md`, 'utf8'), version)).toMatch(/^\S/);
  });
});
