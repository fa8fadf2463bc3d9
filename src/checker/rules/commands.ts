// does-nothing (for commands): a command that is empty, `true`, `:` or only comments runs nothing.
import { isScalar, type Node } from 'yaml';
import { isEmpty, kindOf, type CheckContext, type Place } from '../context.js';
import { notTextToYaml, textToPython } from './values.js';

/** A line of a bash command that does nothing: blank, a comment, or a no-op command. */
const NO_OP_LINE = /^\s*(?:#.*|true|:)?\s*$/;

/**
 * A command given as a scalar: a section's block string, a list item, or a step's `run`. Text that
 * runs nothing, an empty value and true/false do nothing (a notice); any other value is not a
 * command, which `typeRule` reports. `subject` names it in messages, e.g. "`initialize`"; `place`
 * is where an empty value is reported, as it has no text of its own: its key, or its list item.
 */
export function checkCommandScalar(
  context: CheckContext,
  subject: string,
  value: Node | null,
  place: Place,
  typeRule: 'section-type' | 'step-field-type'
): void {
  if (isEmpty(value)) {
    context.report('does-nothing', place, `${subject} is empty: it runs nothing; remove it or write the commands.`);
    return;
  }
  // One reader takes it for text and the other not: `yes` is a command to YAML 1.2 and true (a
  // placeholder) to PyYAML; `1e3` is a number to YAML 1.2 and a command to PyYAML, and so likely Devin.
  if (isScalar(value) && (typeof value.value === 'string') !== textToPython(value)) {
    const notText = notTextToYaml(value);
    if (notText) {
      context.report('text-unquoted', value, `${subject}: ${notText}`);
      return;
    }
  }
  if (isScalar(value) && typeof value.value === 'boolean') {
    context.report(
      'does-nothing',
      value,
      `${subject} is \`${value.value}\`: it runs nothing; remove it or write the commands.`
    );
    return;
  }
  if (isScalar(value) && typeof value.value === 'string') {
    if (value.value.split(/\r\n|\n|\r/).every(line => NO_OP_LINE.test(line))) {
      context.report(
        'does-nothing',
        value,
        `${subject} holds only comments or no-op commands (true, :): it runs nothing.`
      );
    }
    return;
  }
  context.report(
    typeRule,
    value ?? place,
    `${subject} is ${kindOf(value)}, not a command: write the command as text (quote it).`
  );
}
