// document-type, unknown-key, runs-on, post-build-in-repo, does-nothing (for documents): each YAML
// document of a blueprint is a map of its sections; several documents, one per platform, are allowed.
import { isMap, isScalar, isSeq, type Document, type Pair } from 'yaml';
import { isEmpty, keyName, kindOf, placeOfPair, quote, type CheckContext } from '../context.js';
import { nearestKey, type KnownKeys } from '../suggest.js';
import { checkClone } from './clone.js';
import { checkKnowledge } from './knowledge.js';
import { checkCommands } from './sections.js';

const SECTIONS = ['initialize', 'maintenance', 'knowledge', 'post-build', 'clone'];
const TOP_LEVEL_KEYS: KnownKeys = {
  // runs-on, shell and description are not in the reference, but public blueprints that build use them.
  keys: [...SECTIONS, 'runs-on', 'shell', 'description'],
  synonyms: {
    setup: 'initialize',
    'set-up': 'initialize',
    init: 'initialize',
    install: 'initialize',
    bootstrap: 'initialize',
    provision: 'initialize',
    maintain: 'maintenance',
    update: 'maintenance',
    dependencies: 'maintenance',
    deps: 'maintenance',
    docs: 'knowledge',
    notes: 'knowledge',
    postbuild: 'post-build',
    'after-build': 'post-build',
    checkout: 'clone',
    platform: 'runs-on',
    os: 'runs-on',
    runson: 'runs-on'
  }
};
/** The platforms public blueprints give their documents, one document each. */
const PLATFORMS = ['default', 'macos', 'windows'];

export function checkDocument(context: CheckContext, document: Document.Parsed): void {
  const root = context.resolve(document.contents);
  const whole = [document.range[0], document.range[1]] as const;
  if (isEmpty(root) || (isMap(root) && root.items.length === 0)) {
    context.report('does-nothing', whole, 'This document is empty: it does nothing.');
    return;
  }
  if (!isMap(root)) {
    context.report(
      'document-type',
      root ?? whole,
      isSeq(root)
        ? `This document is a list, not a map of sections: for one blueprint per platform, write each as its own document (runs-on: and its sections), separated by a line with ---.`
        : `This document is ${kindOf(root)}, not a map of sections: a blueprint is initialize:, maintenance:, knowledge: and so on, each at the start of a line.`
    );
    return;
  }
  for (const pair of root.items as Pair[]) {
    const name = keyName(pair);
    switch (name) {
      case 'initialize':
      case 'maintenance':
        checkCommands(context, name, pair);
        break;
      case 'post-build':
        if (context.tier === 'repo') {
          context.report(
            'post-build-in-repo',
            placeOfPair(pair),
            '`post-build` is not supported in repo blueprints: it will not run; move it to the org or enterprise blueprint.'
          );
        }
        checkCommands(context, name, pair);
        break;
      case 'knowledge':
        checkKnowledge(context, pair);
        break;
      case 'clone':
        checkClone(context, pair);
        break;
      case 'runs-on':
        checkRunsOn(context, pair);
        break;
      case 'shell':
      case 'description':
      case '<<':
        break;
      default:
        context.report('unknown-key', placeOfPair(pair), unknownKey(name));
    }
  }
}

function checkRunsOn(context: CheckContext, pair: Pair): void {
  const value = context.resolve(pair.value);
  if (isScalar(value) && typeof value.value === 'string' && PLATFORMS.includes(value.value)) return;
  const written = isScalar(value) && value.value !== null ? quote(String(value.value)) : kindOf(value);
  context.report(
    'runs-on',
    value === null || isEmpty(value) ? placeOfPair(pair) : value,
    `\`runs-on\` is ${written}: public blueprints use ${PLATFORMS.join(', ')}; Devin may not run this document.`
  );
}

function unknownKey(name: string | undefined): string {
  if (name === undefined) return 'A top-level key that is not text: Devin ignores it.';
  const nearest = nearestKey(name, TOP_LEVEL_KEYS);
  const hint = nearest ? ` Did you mean \`${nearest}\`?` : ` A blueprint has ${SECTIONS.join(', ')}.`;
  return `${quote(name)} is not a blueprint key: Devin ignores it.${hint}`;
}
