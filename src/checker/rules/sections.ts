// section-type, does-nothing: `initialize`, `maintenance` and `post-build` are one block string of
// commands or a list whose items are steps (maps) or command strings, the two mixed as needed.
import { isMap, isSeq, type Pair } from 'yaml';
import { kindOf, placeOfPair, type CheckContext } from '../context.js';
import { checkCommandScalar } from './commands.js';
import { checkStep } from './steps.js';

export function checkCommands(context: CheckContext, name: string, pair: Pair): void {
  const section = `\`${name}\``;
  const value = context.resolve(pair.value);
  if (isMap(value)) {
    context.report(
      'section-type',
      value,
      `${section} is a map: write a block string (|) of commands, or a list of steps each starting with "- ".`
    );
    return;
  }
  if (!isSeq(value)) {
    checkCommandScalar(context, section, value, placeOfPair(pair), 'section-type');
    return;
  }
  if (!context.firstVisit('section', value)) return;
  if (value.items.length === 0) context.report('does-nothing', value, `${section} is an empty list: it runs nothing.`);
  value.items.forEach((item, index) => {
    const step = context.resolve(item);
    const subject = `Item ${index + 1} of ${section}`;
    if (isMap(step)) {
      if (context.firstVisit('step', step)) checkStep(context, section, step);
    } else if (isSeq(step)) {
      context.report(
        'section-type',
        step,
        `${subject} is ${kindOf(step)}: each item is a step (a map with run or uses) or a command string.`
      );
    } else {
      checkCommandScalar(context, subject, step, step ?? value, 'section-type');
    }
  });
}
