// knowledge-item, knowledge-key, text-unquoted: `knowledge` is a list of items, each a `name` and its `contents`
// (text); it is never run.
import { isMap, isScalar, isSeq, type Pair, type YAMLMap } from 'yaml';
import { isEmpty, kindOf, keyName, placeOfPair, quote, type CheckContext } from '../context.js';
import { nearestKey, type KnownKeys } from '../suggest.js';
import { notTextToYaml } from './values.js';

const ITEM_KEYS: KnownKeys = {
  keys: ['name', 'contents'],
  synonyms: {
    title: 'name',
    label: 'name',
    key: 'name',
    id: 'name',
    content: 'contents',
    text: 'contents',
    body: 'contents',
    value: 'contents',
    description: 'contents',
    command: 'contents',
    commands: 'contents',
    instructions: 'contents'
  }
};

export function checkKnowledge(context: CheckContext, pair: Pair): void {
  const list = context.resolve(pair.value);
  if (isEmpty(list)) {
    context.report('does-nothing', placeOfPair(pair), '`knowledge` is empty: it tells Devin nothing.');
    return;
  }
  if (!isSeq(list)) {
    context.report(
      'knowledge-item',
      list ?? placeOfPair(pair),
      `\`knowledge\` is ${kindOf(list)}: write a list of items, each with a name and contents.`
    );
    return;
  }
  if (!context.firstVisit('knowledge', list)) return;
  if (list.items.length === 0)
    context.report('does-nothing', list, '`knowledge` is an empty list: it tells Devin nothing.');
  list.items.forEach((node, index) => {
    const item = context.resolve(node);
    if (!isMap(item)) {
      context.report(
        'knowledge-item',
        item ?? list,
        `Knowledge item ${index + 1} is ${kindOf(item)}: write a map with a name and contents.`
      );
    } else if (context.firstVisit('knowledge item', item)) {
      checkItem(context, item, index);
    }
  });
}

function checkItem(context: CheckContext, item: YAMLMap, index: number): void {
  const pairs = item.items as Pair[];
  const field = (name: string): Pair | undefined => pairs.find(pair => keyName(pair) === name);
  const nameNode = context.resolve(field('name')?.value);
  const subject =
    isScalar(nameNode) && typeof nameNode.value === 'string'
      ? `The knowledge item ${quote(nameNode.value)}`
      : `Knowledge item ${index + 1}`;
  // Keys merged in with `<<` are not followed: such an item may have its name or contents from there.
  const merged = field('<<') !== undefined;
  for (const name of ['name', 'contents']) {
    const fieldPair = field(name);
    const value = context.resolve(fieldPair?.value);
    const notText = notTextToYaml(value);
    if (!fieldPair) {
      if (!merged)
        context.report('knowledge-item', item, `${subject} has no \`${name}\`: each item needs a name and contents.`);
    } else if (notText && value) {
      context.report('text-unquoted', value, `${subject}'s \`${name}\`: ${notText}`);
    } else if (!isScalar(value) || typeof value.value !== 'string') {
      context.report(
        'knowledge-item',
        value === null || isEmpty(value) ? placeOfPair(fieldPair) : value,
        `${subject}'s \`${name}\` is ${kindOf(value)}: write it as text.`
      );
    }
  }
  for (const pair of pairs) {
    const name = keyName(pair);
    if (name === 'name' || name === 'contents' || name === '<<') continue;
    const nearest = name === undefined ? undefined : nearestKey(name, ITEM_KEYS);
    const hint = nearest ? ` Did you mean \`${nearest}\`?` : ' An item has a name and contents only.';
    const key = name === undefined ? 'A key that is not text' : quote(name);
    context.report('knowledge-key', placeOfPair(pair), `${key} is not a knowledge item key: Devin ignores it.${hint}`);
  }
}
