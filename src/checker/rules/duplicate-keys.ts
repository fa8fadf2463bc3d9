// duplicate-key: a key written twice in one map. YAML 1.2 forbids it, yet the readers a Python
// service likely uses (PyYAML, libyaml) accept it and keep the last value: a warning, since the file
// may well build, with the first value ignored.
import { isMap, isScalar, type Document, type Pair } from 'yaml';
import { quote, type CheckContext } from '../context.js';
import { walk } from '../tree.js';

/** Every repeated key of every map of `document`, at the repetition, naming the line of the first. */
export function checkDuplicateKeys(context: CheckContext, document: Document.Parsed): void {
  walk(document, node => {
    if (!isMap(node)) return;
    const seen = new Map<string, number>();
    for (const pair of node.items as Pair[]) {
      const key = pair.key;
      // A merge key (<<) may be repeated in readers that merge; keys that are maps or lists are left alone.
      if (!isScalar(key) || key.value === null || key.value === '<<' || typeof key.value === 'object') continue;
      // 1 and "1" are two keys: the type is part of the key.
      const identity = `${typeof key.value}:${String(key.value)}`;
      const first = seen.get(identity);
      if (first === undefined) {
        seen.set(identity, key.range?.[0] ?? 0);
        continue;
      }
      const line = context.file.lines.linePos(first).line;
      context.report(
        'duplicate-key',
        key,
        `The key ${quote(String(key.value))} is already in this map (line ${line}): YAML keys must be unique, and readers that accept a repeated key keep only one of its values (the last, in Python's); keep one.`
      );
    }
  });
}
