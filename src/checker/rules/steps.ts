// step-action, step-key, step-with-on-run, step-field-type, text-unquoted (a step name): a step is a map with exactly one of
// `run` and `uses`, and optionally `name`, `with` (for `uses`), `env` and `shell`.
import { isMap, isScalar, type Pair, type YAMLMap } from 'yaml';
import { keyName, kindOf, placeOfPair, quote, type CheckContext } from '../context.js';
import { nearestKey, type KnownKeys } from '../suggest.js';
import { checkCommandScalar } from './commands.js';
import { checkUses } from './uses.js';
import { checkValues, notTextToYaml } from './values.js';

const STEP_KEYS: KnownKeys = {
  // `shell` (e.g. powershell) is not in the reference, but public blueprints that build use it.
  keys: ['name', 'run', 'uses', 'with', 'env', 'shell'],
  synonyms: {
    command: 'run',
    commands: 'run',
    cmd: 'run',
    script: 'run',
    action: 'uses',
    use: 'uses',
    inputs: 'with',
    args: 'with',
    params: 'with',
    parameters: 'with',
    environment: 'env',
    variables: 'env',
    vars: 'env',
    title: 'name',
    label: 'name'
  }
};
/** What a GitHub Actions step has and a blueprint step does not. */
const GITHUB_ONLY_STEP_KEYS = ['id', 'if', 'working-directory', 'continue-on-error', 'timeout-minutes'];

/** A step of `section` (e.g. "`initialize`"). */
export function checkStep(context: CheckContext, section: string, step: YAMLMap): void {
  const pairs = step.items as Pair[];
  const named = (name: string): Pair | undefined => pairs.find(pair => keyName(pair) === name);
  const run = named('run');
  const uses = named('uses');
  if (run && uses) {
    context.report(
      'step-action',
      step,
      `This step of ${section} has both \`run\` and \`uses\`: a step runs one command or one action; make it two steps.`
    );
  } else if (!run && !uses && !named('<<')) {
    // Keys merged in with `<<` are not followed: such a step may have its `run` or `uses` from there.
    context.report(
      'step-action',
      step,
      `This step of ${section} has neither \`run\` (a command) nor \`uses\` (an action): add one.`
    );
  }
  for (const pair of pairs) {
    const name = keyName(pair);
    const value = context.resolve(pair.value);
    switch (name) {
      case 'name': {
        const notText = notTextToYaml(value);
        if (notText && value) {
          context.report('text-unquoted', value, `This step's \`name\`: ${notText}`);
        } else if (!isScalar(value) && value !== null) {
          context.report(
            'step-field-type',
            value,
            `This step's \`name\` is ${kindOf(value)}: write the step's name as text.`
          );
        }
        break;
      }
      case 'run':
        checkCommandScalar(context, "This step's `run`", value, placeOfPair(pair), 'step-field-type');
        break;
      case 'uses':
        if (isScalar(value) && typeof value.value === 'string') {
          if (context.firstVisit('uses', value)) checkUses(context, value, value.value);
        } else if (value === null || (isScalar(value) && value.value === null)) {
          context.report(
            'uses-format',
            placeOfPair(pair),
            "This step's `uses` is empty: name the action, github.com/<owner>/<repo>[/<path>]@<ref>."
          );
        } else {
          context.report(
            'step-field-type',
            value,
            `This step's \`uses\` is ${kindOf(value)}: write the action as text, github.com/<owner>/<repo>[/<path>]@<ref>.`
          );
        }
        break;
      case 'with':
      case 'env':
        if (name === 'with' && run && !uses) {
          context.report(
            'step-with-on-run',
            placeOfPair(pair),
            '`with` passes inputs to an action, and this step runs a command: Devin ignores it; use `env` for variables.'
          );
        }
        if (isMap(value)) {
          if (context.firstVisit(name, value)) checkValues(context, name, value);
        } else if (value !== null && !(isScalar(value) && value.value === null)) {
          const what = name === 'with' ? "the action's inputs" : 'environment variables';
          context.report(
            'step-field-type',
            value,
            `This step's \`${name}\` is ${kindOf(value)}: write a map of ${what} (NAME: value).`
          );
        }
        break;
      case 'shell':
      case '<<':
        break;
      default:
        context.report('step-key', placeOfPair(pair), unknownStepKey(name));
    }
  }
}

function unknownStepKey(name: string | undefined): string {
  if (name === undefined) return 'A step key that is not text: Devin ignores it.';
  if (GITHUB_ONLY_STEP_KEYS.includes(name)) {
    const instead = name === 'working-directory' ? '; `cd` in `run` instead' : '';
    return `${quote(name)} is a GitHub Actions step key that blueprint steps do not have: Devin ignores it${instead}.`;
  }
  const nearest = nearestKey(name, STEP_KEYS);
  const hint = nearest ? ` Did you mean \`${nearest}\`?` : ` A step has ${STEP_KEYS.keys.join(', ')}.`;
  return `${quote(name)} is not a step key: Devin ignores it.${hint}`;
}
