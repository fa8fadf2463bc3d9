// The command line of a subcommand: its action's inputs as flags (`--org-id acme`, `--org-id=acme`,
// `--wait`, `--no-wait`, `--wait=false`), read by hand rather than with util.parseArgs, whose
// negated booleans need a newer Node than the oldest 20 that `engines` admits. Secrets are refused
// as flags, naming the variable to export. A mistake is an InputError: nothing has been sent yet.
import type { RunEnvironment } from '../core/contract.js';
import { isBooleanInput, type ActionDeclaration } from '../core/declaration.js';
import { InputError } from '../core/errors.js';
import type { InputReader } from '../core/inputs.js';
import type { RegisteredAction } from '../registry.js';
import { flagOf } from './spelling.js';

/** How `snapshot-build check` writes its findings. */
export const CHECK_FORMATS = ['text', 'gitlab', 'json'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** The command's own flags, beside the action's inputs. */
export interface CommandOptions {
  /** Write the outputs as one JSON object on stdout. */
  json: boolean;
  /** Where to write the run's Markdown summary (the action's job summary). */
  summaryFile?: string;
  /** Where to write the build's whole log (what the action's log_path output names). */
  logFile?: string;
  /** How the check writes its findings. */
  format: CheckFormat;
  /** Also print the debug lines. */
  verbose: boolean;
}

export interface CommandFlag {
  flag: '--json' | '--summary-file' | '--log-file' | '--format' | '--verbose' | '--help';
  /** What the flag's value is, e.g. PATH; none for a switch. */
  value?: string;
  description: string;
}

/** The command's own flags for an action, for the parser and the help. */
export function commandFlags(action: RegisteredAction): CommandFlag[] {
  const verbose: CommandFlag = { flag: '--verbose', description: 'Also print the debug lines (each HTTP attempt).' };
  const help: CommandFlag = { flag: '--help', description: 'Print this help.' };
  if (action.kind === 'check') {
    return [
      {
        flag: '--format',
        value: 'FORMAT',
        description:
          'text (default): one line per finding, path:line:col: severity rule-id: message; gitlab: a GitLab Code ' +
          'Quality report (JSON); json: the findings as they are (JSON), each with its path.'
      },
      verbose,
      help
    ];
  }
  return [
    { flag: '--json', description: "Write the outputs (the action's, by name) as one JSON object on stdout." },
    {
      flag: '--summary-file',
      value: 'PATH',
      description: "Write the run's Markdown summary (the job summary) to PATH."
    },
    ...(action.definition.capabilities.logs
      ? [
          {
            flag: '--log-file' as const,
            value: 'PATH',
            description: "Write the build's whole log to PATH, when it was fetched (see --show-logs)."
          }
        ]
      : []),
    verbose,
    help
  ];
}

export interface CommandLine {
  /** The inputs given as flags, by input name, as written. */
  inputs: Record<string, string>;
  options: CommandOptions;
  /** The words that are no flag: the files to check (`snapshot-build check` only). */
  paths: string[];
}

/** A flag that would carry a credential, whatever the command: refused before it is read. */
const SECRET_FLAG = /(^|-)(token|api-key|key|secret|password)$/i;

export function parseCommandLine(args: readonly string[], action: RegisteredAction): CommandLine {
  const { declaration } = action;
  const inputs = new Map(
    Object.entries(declaration.inputs)
      .filter(([, input]) => !input.secret)
      .map(([name, input]) => [flagOf(name), { name, boolean: isBooleanInput(input) }])
  );
  const own = new Set(commandFlags(action).map(flag => flag.flag as string));
  const secrets = Object.values(declaration.inputs).flatMap(input => (input.secret && input.variable) || []);
  const line: CommandLine = { inputs: {}, options: { json: false, verbose: false, format: 'text' }, paths: [] };
  let flagsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (flagsEnded || !arg.startsWith('--')) {
      if (action.kind !== 'check') {
        throw new InputError(`Unexpected argument "${arg}": each value follows its flag, e.g. --timeout 30m.`);
      }
      line.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      flagsEnded = true;
      continue;
    }
    const equals = arg.indexOf('=');
    const flag = equals < 0 ? arg : arg.slice(0, equals);
    const inline = equals < 0 ? undefined : arg.slice(equals + 1);
    // The value is never echoed: it may be the secret itself.
    if (SECRET_FLAG.test(flag.slice(2))) {
      throw new InputError(
        `${flag} is refused: secrets are never taken as flags, which shell history and process lists show. ` +
          `Export ${secrets.join(' or ') || 'the credential'} in the environment instead.`
      );
    }
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = args[i + 1];
      if (next === undefined || next.startsWith('--'))
        throw new InputError(`${flag} needs a value, e.g. ${flag}=VALUE.`);
      i++;
      return next;
    };
    const switchOn = (): true => {
      if (inline !== undefined) throw new InputError(`${flag} takes no value.`);
      return true;
    };
    const negated = flag.startsWith('--no-') ? inputs.get(`--${flag.slice(5)}`) : undefined;
    const input = inputs.get(flag);
    if (negated?.boolean) {
      if (inline !== undefined)
        throw new InputError(`${flag} takes no value: write ${flag} or --${flag.slice(5)}=false.`);
      line.inputs[negated.name] = 'false';
    } else if (input) {
      line.inputs[input.name] = input.boolean && inline === undefined ? 'true' : value();
    } else if (!own.has(flag)) {
      throw new InputError(`Unknown flag ${flag}.`);
    } else if (flag === '--json') {
      line.options.json = switchOn();
    } else if (flag === '--verbose') {
      line.options.verbose = switchOn();
    } else if (flag === '--summary-file') {
      line.options.summaryFile = value();
    } else if (flag === '--log-file') {
      line.options.logFile = value();
    } else if (flag === '--format') {
      const text = value();
      const format = CHECK_FORMATS.find(known => known === text);
      if (!format) throw new InputError(`--format must be one of ${CHECK_FORMATS.join(', ')}.`);
      line.options.format = format;
    }
  }
  return line;
}

/** Whether the arguments ask for help, wherever the flag stands. */
export function asksForHelp(args: readonly string[]): boolean {
  return args.some(arg => arg === '--help' || arg === '-h');
}

/**
 * How the action's code reads an input from the command line, as the runner reads one (trimmed, ''
 * when unset): the flag, else the input's variable, else the command's own default; readInputs then
 * applies the action's default to what is still empty.
 */
export function inputReader(
  declaration: ActionDeclaration,
  given: CommandLine['inputs'],
  env: RunEnvironment
): InputReader {
  return name => {
    const input = Object.hasOwn(declaration.inputs, name) ? declaration.inputs[name] : undefined;
    const fromVariable = input?.variable ? env[input.variable] : undefined;
    return (given[name] ?? (fromVariable || input?.commandDefault) ?? '').trim();
  };
}
