// yaml-syntax (an alias naming no anchor), yaml-warning (anchor names): anchors (&name) and aliases
// (*name) of one document. The parser here leaves an alias to an unknown anchor for later, so it is
// found here; PyYAML refuses an anchor set twice in a document (YAML 1.2 lets the later one win) and
// a name with other characters than letters, digits, - and _. Read with PyYAML 6.0.3.
import { isAlias, type Document } from 'yaml';
import { quote, type CheckContext } from '../context.js';
import { walk } from '../tree.js';

const PYTHON_ANCHOR_NAME = /^[A-Za-z0-9_-]+$/;

/** Returns whether every alias names an anchor, i.e. whether the blueprint rules can read the document. */
export function checkAnchors(context: CheckContext, document: Document.Parsed): boolean {
  const anchored = new Set<string>();
  let resolved = true;
  walk(document, node => {
    if (isAlias(node)) {
      if (context.resolve(node) === null) {
        resolved = false;
        context.report(
          'yaml-syntax',
          node,
          `The alias ${quote(`*${node.source}`)} names no anchor set before it in this document: YAML readers refuse the file; set ${quote(`&${node.source}`)} on a value above it, or fix the name.`
        );
      }
      return;
    }
    const name = node.anchor;
    if (name === undefined) return;
    // The node's range starts after its anchor: the finding is at the anchor, found back from there.
    const start = node.range?.[0] ?? 0;
    const at = context.file.text.lastIndexOf(`&${name}`, start);
    const place = [at === -1 ? start : at, start] as const;
    if (anchored.has(name)) {
      context.report(
        'yaml-warning',
        place,
        `The anchor ${quote(`&${name}`)} is set a second time in this document: YAML 1.2 uses the later one, PyYAML (Python's usual YAML reader) refuses the file; rename one.`
      );
    }
    anchored.add(name);
    if (!PYTHON_ANCHOR_NAME.test(name)) {
      context.report(
        'yaml-warning',
        place,
        `The anchor ${quote(`&${name}`)} has characters PyYAML (Python's usual YAML reader) refuses in a name: it takes letters, digits, - and _ only; rename it and its aliases.`
      );
    }
  });
  return resolved;
}
