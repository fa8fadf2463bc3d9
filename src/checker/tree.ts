// Walking a parsed document without recursion (a deep file cannot exhaust the stack) and without
// following aliases (an alias is a leaf: nothing is expanded), in the order of the file.
import { isAlias, isMap, isNode, isSeq, type Alias, type Document, type Node, type Pair } from 'yaml';

/** Calls `visit` on every node of `document`, keys included, each once, in the order of the file. */
export function walk(document: Document.Parsed, visit: (node: Node) => void): void {
  const stack: unknown[] = [document.contents];
  while (stack.length) {
    const node = stack.pop();
    if (!isNode(node)) continue;
    visit(node);
    if (isMap(node)) {
      const pairs = node.items as Pair[];
      for (let i = pairs.length - 1; i >= 0; i--) stack.push(pairs[i].value, pairs[i].key);
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
}

/**
 * The node each alias of `document` names: the last node anchored with its name before it. One
 * walk for all of them, where the library's own `resolve` walks the whole document for each alias.
 */
export function aliasTargets(document: Document.Parsed): Map<Alias, Node> {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node>();
  walk(document, node => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target) targets.set(node, target);
    } else if (node.anchor) {
      anchors.set(node.anchor, node);
    }
  });
  return targets;
}
