// What an action is to those who use it, declared once: its inputs (descriptions, required flags,
// defaults), its outputs, and for the command line where each input comes from. Each action's
// action.yml is generated from its declaration (scripts/action-yml.ts), the input schemas take their
// defaults from it, and the command's flags, help and variables are read from it.

/** An input, as action.yml and the command's help describe it. */
export type InputDeclaration = {
  description: string;
  /** A credential: never echoed, never a flag; the command reads it from `variable` only. */
  secret?: true;
  /** The environment variable the command reads when the flag is not given (for a secret, the only source). */
  variable?: string;
  /** What another action (the vendor's) calls this input: a workflow that still passes that name is told to rename it. */
  renamedFrom?: string;
  /** The command's default, where it is not the action's (the check is offline from a terminal unless asked). */
  commandDefault?: string;
} & (
  | { required: true; default?: never }
  /** As action.yml writes it: '' for an input that is empty unless set; `true` or `false` for a boolean. */
  | { required?: never; default: string }
);

export interface OutputDeclaration {
  description: string;
}

/** An action's declaration: what its action.yml says, besides `runs` (which actions.json decides). */
export interface ActionDeclaration<Input extends string = string, Output extends string = string> {
  /** The action's name in action.yml, e.g. "Devin snapshot build gate". */
  name: string;
  description: string;
  author: string;
  branding: { icon: string; color: string };
  inputs: Record<Input, InputDeclaration>;
  outputs: Record<Output, OutputDeclaration>;
}

/**
 * The value an empty input takes: its default, unless that is an expression (`${{ github.token }}`),
 * which only the runner can evaluate: the action reads such an input empty when the runner gave
 * nothing.
 */
export function defaultOf(input: InputDeclaration): string {
  return input.default === undefined || input.default.includes('${{') ? '' : input.default;
}

/** A boolean input is one whose default is `true` or `false`: the command takes it as `--flag` or `--no-flag`. */
export function isBooleanInput(input: InputDeclaration): boolean {
  return input.default === 'true' || input.default === 'false';
}

/** The inputs every build action shares, with their one default each. An action may word `wait` its own way. */
export const GATE_INPUTS = {
  timeout: {
    description: 'Overall limit for the run, e.g. 90s, 15m, 1h30m, 500ms; a bare number means seconds.',
    default: '60m'
  },
  poll_interval: {
    description: 'Time between status checks (a little jitter is applied), e.g. 10s. At least 100ms.',
    default: '10s'
  },
  request_timeout: {
    description:
      'Limit for each HTTP attempt (connect, send, answer); failed attempts are retried within `timeout`. At most 1h.',
    default: '30s'
  },
  wait: {
    description: 'false: start the build, set the outputs and succeed without waiting for it.',
    default: 'true'
  }
} as const satisfies Record<string, InputDeclaration>;

/** The outputs every build action words alike; the others each action words for its API. */
export const GATE_OUTPUTS = {
  created_at: { description: 'When the build was created (ISO 8601), empty if unknown.' }
} as const satisfies Record<string, OutputDeclaration>;
