// clone-outside-repo, clone-field, clone-ref-sha, clone-key: `clone` (repo blueprints only) is a map
// of optional fields: path and ref (text), depth (a whole number), tags, submodules and lfs (flags).
import { isMap, isScalar, type Pair, type Scalar } from 'yaml';
import { isEmpty, kindOf, keyName, placeOfPair, quote, type CheckContext, type Place } from '../context.js';
import { nearestKey, type KnownKeys } from '../suggest.js';
import { flagChange, notTextToYaml, textToPython } from './values.js';

const CLONE_KEYS: KnownKeys = {
  keys: ['path', 'ref', 'depth', 'tags', 'submodules', 'lfs'],
  synonyms: {
    branch: 'ref',
    tag: 'ref',
    rev: 'ref',
    revision: 'ref',
    commit: 'ref',
    dir: 'path',
    directory: 'path',
    folder: 'path',
    'fetch-depth': 'depth',
    shallow: 'depth',
    submodule: 'submodules',
    recursive: 'submodules',
    'git-lfs': 'lfs',
    'fetch-tags': 'tags'
  }
};
/** A full commit id: SHA-1 or SHA-256. */
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
/** What a reader that converts text to a flag takes as one; a quoted `"true"` is not a mistake worth a finding. */
const FLAG_TEXT = /^(?:true|false)$/i;

export function checkClone(context: CheckContext, pair: Pair): void {
  if (context.tier !== 'repo') {
    context.report(
      'clone-outside-repo',
      placeOfPair(pair),
      `\`clone\` applies to repo blueprints only: in an ${context.tier} blueprint it has no effect.`
    );
  }
  const fields = context.resolve(pair.value);
  if (isEmpty(fields)) {
    context.report('does-nothing', placeOfPair(pair), '`clone` is empty: it changes nothing.');
    return;
  }
  if (!isMap(fields)) {
    context.report(
      'clone-field',
      fields ?? placeOfPair(pair),
      `\`clone\` is ${kindOf(fields)}: write a map of clone fields (${CLONE_KEYS.keys.join(', ')}).`
    );
    return;
  }
  if (!context.firstVisit('clone', fields)) return;
  for (const field of fields.items as Pair[]) {
    const name = keyName(field);
    const value = context.resolve(field.value);
    if (name === '<<') continue;
    if (name === undefined || !CLONE_KEYS.keys.includes(name)) {
      const nearest = name === undefined ? undefined : nearestKey(name, CLONE_KEYS);
      const hint = nearest ? ` Did you mean \`${nearest}\`?` : ` It has ${CLONE_KEYS.keys.join(', ')}.`;
      context.report(
        'clone-key',
        placeOfPair(field),
        `${name === undefined ? 'A key that is not text' : quote(name)} is not a clone field: Devin ignores it.${hint}`
      );
    } else if (!isEmpty(value)) {
      const problem = isScalar(value) ? fieldProblem(name, value) : `is ${kindOf(value)}`;
      if (problem) report(context, name, value ?? placeOfPair(field), problem);
    }
  }
}

type Problem = string | { rule: 'clone-ref-sha' | 'value-changed' | 'text-unquoted'; message: string } | undefined;

/** What is wrong with the value of clone field `name`: "is a number", or a finding of another rule. */
function fieldProblem(name: string, value: Scalar): Problem {
  const text = typeof value.source === 'string' ? value.source : String(value.value);
  // `1e3` is a number to YAML 1.2 only: PyYAML, and so likely Devin, reads the path or ref as written.
  const notText = (name === 'path' || name === 'ref') && textToPython(value) && notTextToYaml(value);
  if (notText) return { rule: 'text-unquoted', message: `\`clone.${name}\`: ${notText}` };
  switch (name) {
    case 'path':
      return typeof value.value === 'string'
        ? undefined
        : `is ${kindOf(value)}: write the folder under ~/repos/ as text`;
    case 'ref':
      if (FULL_SHA.test(text)) {
        return {
          rule: 'clone-ref-sha',
          message: `\`clone.ref\` is a commit SHA: commit SHAs are not supported; name a branch or a tag.`
        };
      }
      return typeof value.value === 'string'
        ? undefined
        : `is ${kindOf(value)}: write a branch or tag name as text (quote it)`;
    case 'depth':
      if (
        typeof value.value === 'number'
          ? Number.isInteger(value.value) && value.value >= 0
          : /^\d+$/.test(String(value.value))
      )
        return undefined;
      return `is ${kindOf(value)}${typeof value.value === 'number' ? ` (${value.value})` : ''}: write a whole number, 0 for the full history`;
    default: {
      // tags, lfs and submodules are flags; submodules may also be "recursive".
      if (typeof value.value === 'boolean') return undefined;
      const change = flagChange(value);
      if (change) return { rule: 'value-changed', message: `\`clone.${name}\`: ${change}` };
      if (
        typeof value.value === 'string' &&
        (FLAG_TEXT.test(value.value) || (name === 'submodules' && value.value === 'recursive'))
      ) {
        return undefined;
      }
      return `is ${kindOf(value)}: write ${name === 'submodules' ? 'true, false or recursive' : 'true or false'}`;
    }
  }
}

function report(context: CheckContext, name: string, place: Place, problem: NonNullable<Problem>): void {
  if (typeof problem === 'string') context.report('clone-field', place, `\`clone.${name}\` ${problem}.`);
  else context.report(problem.rule, place, problem.message);
}
