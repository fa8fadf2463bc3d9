// The command's help: each subcommand's flags and variables from its action's declaration, so that
// a new input is a new flag with its description, default and variable, with nothing written twice.
import packageJson from '../../package.json' with { type: 'json' };
import { defaultOf, isBooleanInput } from '../core/declaration.js';
import type { RegisteredAction } from '../registry.js';
import { exitCodesHelp } from './exit-codes.js';
import { commandFlags } from './flags.js';
import { flagOf } from './spelling.js';

export const COMMAND = 'snapshot-build';
export const VERSION = packageJson.version;

const WIDTH = 100;
/** Where the command reads what the runner gives the action. */
const OUTSIDE_ACTIONS = [
  'Outside a GitHub Actions job, the workspace is the current directory, the temporary folder the',
  "OS's, and the repository (GITHUB_REPOSITORY, the default of --repo) the owner/repo of the origin",
  'remote. What a run records of where it came from is read from GitLab CI (CI_*) or Buildkite',
  '(BUILDKITE_*) variables where they are set.'
];
const LABEL_WIDTH = 28;

/** `label` in its column and `text` wrapped beside it, continued under the text. */
function entry(label: string, text: string): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && LABEL_WIDTH + line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  const head = `  ${label}`;
  const first =
    head.length < LABEL_WIDTH ? head.padEnd(LABEL_WIDTH) + lines[0] : `${head}\n${' '.repeat(LABEL_WIDTH)}${lines[0]}`;
  return [first, ...lines.slice(1).map(rest => ' '.repeat(LABEL_WIDTH) + rest)];
}

export function topHelp(registry: Readonly<Record<string, RegisteredAction>>): string {
  return [
    `Usage: ${COMMAND} <command> [flags]`,
    '',
    'Triggers a build, waits for it and exits with its verdict: the actions of snapshot-build-action,',
    'from a terminal or any CI.',
    '',
    'Commands:',
    ...Object.entries(registry).flatMap(([name, { declaration }]) =>
      entry(name, `${declaration.name}: ${declaration.description}`)
    ),
    '',
    `Run ${COMMAND} <command> --help for its flags and variables.`,
    ...entry('--version', 'Print the version.'),
    ...entry('--help', 'Print this help.'),
    '',
    ...exitCodesHelp(),
    ''
  ].join('\n');
}

export function commandHelp(name: string, action: RegisteredAction): string {
  const inputs = Object.entries(action.declaration.inputs);
  const flags = inputs
    .filter(([, input]) => !input.secret)
    .flatMap(([input, declared]) => {
      const flag = flagOf(input);
      const label = isBooleanInput(declared) ? `--[no-]${flag.slice(2)}` : `${flag} VALUE`;
      const fallback = declared.commandDefault ?? defaultOf(declared);
      const source = [
        declared.required ? 'Required.' : '',
        declared.variable ? `Default from ${declared.variable}${fallback ? `, else ${fallback}` : ''}.` : '',
        !declared.variable && fallback ? `Default: ${fallback}.` : '',
        declared.commandDefault ? `(The action's default: ${declared.default}.)` : ''
      ];
      return entry(label, [declared.description, ...source].filter(Boolean).join(' '));
    });
  const variables = inputs.flatMap(([input, declared]) => {
    if (!declared.variable) return [];
    const what = declared.secret ? `${declared.description} Never a flag.` : `The default of ${flagOf(input)}.`;
    return entry(declared.variable, what);
  });
  const { name: title, description } = action.declaration;
  return [
    `Usage: ${COMMAND} ${name} [flags]${action.kind === 'check' ? ' [PATH...]' : ''}`,
    '',
    `${title}: ${description}`,
    ...(action.kind === 'check' ? ['', 'Each PATH is checked; without one, --path is.'] : []),
    '',
    "Flags (the action's inputs):",
    ...flags,
    '',
    'Environment:',
    ...variables,
    '',
    ...(action.kind === 'gate'
      ? OUTSIDE_ACTIONS
      : ['Paths are relative to the current directory (the workspace, in a GitHub Actions job).']),
    '',
    'Output:',
    ...commandFlags(action).flatMap(({ flag, value, description: text }) =>
      entry(value ? `${flag} ${value}` : flag, text)
    ),
    '',
    ...exitCodesHelp(action.kind),
    ''
  ].join('\n');
}
