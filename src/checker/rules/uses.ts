// uses-format: a step's action is github.com/<owner>/<repo>[/<path>]@<ref>; a well-formed one is
// collected for the verifier, a malformed one is an error that gives the corrected form when it can.
import type { Scalar } from 'yaml';
import { quote, type CheckContext } from '../context.js';

/** A GitHub account name, a repository name, a folder in it, and a git ref (no spaces, no `~^:?*[\`, no `..`). */
const USES_FORM =
  // eslint-disable-next-line no-control-regex -- a git ref holds no control character
  /^github\.com\/([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{1,100})((?:\/[^\s/@]+)*)@([^\s~^:?*[\\@\x00-\x1f\x7f]+)$/;
const FORM = 'github.com/<owner>/<repo>[/<path>]@<ref>';
/** Stands for the missing ref while a reference without one is checked for its other parts. */
const REF_PLACEHOLDER = 'REF';

interface ParsedUses {
  owner: string;
  repo: string;
  /** The action's folder in the repository, '' for its root. */
  path: string;
  ref: string;
}

/** The parts of a well-formed `uses`, or undefined. */
function parseUses(text: string): ParsedUses | undefined {
  const match = USES_FORM.exec(text);
  if (!match) return undefined;
  const [, owner, repo, subpath, ref] = match;
  const folders = subpath.split('/').slice(1);
  const dots = (part: string): boolean => part === '.' || part === '..';
  if (dots(repo) || folders.some(dots) || ref.includes('..') || ref.startsWith('/') || ref.endsWith('/'))
    return undefined;
  return { owner, repo, path: folders.join('/'), ref };
}

export function checkUses(context: CheckContext, node: Scalar, text: string): void {
  const parsed = parseUses(text);
  if (parsed) {
    context.addAction({ text, ...parsed }, node);
    return;
  }
  context.report('uses-format', node, usesProblem(text));
}

function usesProblem(text: string): string {
  const written = quote(text);
  const trimmed = text.trim();
  if (/^(?:\.{0,2}\/)/.test(trimmed)) {
    return `${written} is a local path: Devin runs actions from GitHub repositories only, written ${FORM}.`;
  }
  if (/^docker:\/\//i.test(trimmed)) {
    return `${written} is a Docker image: Devin runs only Node.js actions from GitHub repositories, written ${FORM}.`;
  }
  const guess = guessed(trimmed);
  if (guess) return `${written} is not an action reference Devin reads: write ${quote(guess)} (${FORM}).`;
  const withRef = trimmed.includes('@') ? undefined : guessed(`${trimmed}@${REF_PLACEHOLDER}`, true);
  if (withRef) {
    const form = quote(withRef.slice(0, -REF_PLACEHOLDER.length) + '<ref>');
    return `${written} names no ref: write ${form}, with a tag, branch or commit of the action for <ref> (e.g. v4).`;
  }
  return `${written} is not an action reference Devin reads: write ${FORM}, e.g. github.com/actions/setup-node@v4.`;
}

/**
 * The well-formed reference `text` most likely meant: with github.com/ in front, without a scheme;
 * undefined when there is none, or (unless `sameAllowed`) when it is `text` itself.
 */
function guessed(text: string, sameAllowed = false): string | undefined {
  const bare = text.replace(/^https?:\/\//i, '').replace(/^www\./i, '');
  const candidate = /^github\.com\//i.test(bare)
    ? `github.com/${bare.slice('github.com/'.length)}`
    : `github.com/${bare}`;
  return (sameAllowed || candidate !== text) && parseUses(candidate) ? candidate : undefined;
}
