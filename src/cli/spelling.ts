// How the command names the action's inputs: each input is a flag in kebab-case (`org_id` is
// `--org-id`), a secret is its environment variable, never a flag. Input errors are worded once,
// in the schemas, and read right in both places (see InputSpelling).
import { isBooleanInput, type ActionDeclaration } from '../core/declaration.js';
import type { InputSpelling } from '../core/inputs.js';

/** `org_id` → `--org-id`. */
export function flagOf(input: string): string {
  return `--${input.replace(/_/g, '-')}`;
}

export function commandSpelling(declaration: ActionDeclaration): InputSpelling {
  const declared = (name: string) => (Object.hasOwn(declaration.inputs, name) ? declaration.inputs[name] : undefined);
  const name = (input: string): string => {
    const variable = declared(input)?.secret && declared(input)?.variable;
    return variable || flagOf(input);
  };
  return {
    name,
    subject: input => {
      const { secret, variable } = declared(input) ?? {};
      return variable && !secret ? `${flagOf(input)} (or ${variable})` : name(input);
    },
    setting: (input, value) => {
      const declaration = declared(input);
      if (declaration && isBooleanInput(declaration) && (value === 'true' || value === 'false')) {
        return value === 'true' ? flagOf(input) : `--no-${flagOf(input).slice(2)}`;
      }
      return `${flagOf(input)}=${value}`;
    },
    emptySecret: () =>
      'Export it in the environment that runs the command: a secret is never a flag, which shell history and process lists would show'
  };
}
