// The command line of a subcommand: its action's inputs as flags (`--org-id acme`, `--org-id=acme`,
// `--wait`, `--no-wait`, `--wait=false`), read by hand rather than with util.parseArgs, whose
// negated booleans need a newer Node than the oldest 20 that `engines` admits. Secrets are refused
// as flags, naming the variable to export. A mistake is an InputError: nothing has been sent yet.
import { isBooleanInput, type ActionDeclaration } from '../core/declaration.js';
import { InputError } from '../core/errors.js';
import { flagOf } from './spelling.js';

/** The command's own flags, beside the action's inputs. */
export interface CommandOptions {
  /** Write the outputs as one JSON object on stdout. */
  json: boolean;
  /** Where to write the run's Markdown summary (the action's job summary). */
  summaryFile?: string;
  /** Where to write the build's whole log (what the action's log_path output names). */
  logFile?: string;
  /** Also print the debug lines. */
  verbose: boolean;
}

export interface CommandFlag {
  flag: string;
  /** What the flag's value is, e.g. PATH; none for a switch. */
  value?: string;
  description: string;
}

/** The command's own flags, for the parser and the help; --log-file only where the API has logs. */
export function commandFlags(logs: boolean): CommandFlag[] {
  return [
    { flag: '--json', description: "Write the outputs (the action's, by name) as one JSON object on stdout." },
    {
      flag: '--summary-file',
      value: 'PATH',
      description: "Write the run's Markdown summary (the job summary) to PATH."
    },
    ...(logs
      ? [
          {
            flag: '--log-file',
            value: 'PATH',
            description: "Write the build's whole log to PATH, when it was fetched (see --show-logs)."
          }
        ]
      : []),
    { flag: '--verbose', description: 'Also print the debug lines (each HTTP attempt).' },
    { flag: '--help', description: 'Print this help.' }
  ];
}

export interface CommandLine {
  /** The inputs given as flags, by input name, as written. */
  inputs: Record<string, string>;
  options: CommandOptions;
}

/** A flag that would carry a credential, whatever the command: refused before it is read. */
const SECRET_FLAG = /(^|-)(token|api-key|key|secret|password)$/i;

export function parseCommandLine(args: readonly string[], declaration: ActionDeclaration, logs: boolean): CommandLine {
  const inputs = new Map(
    Object.entries(declaration.inputs)
      .filter(([, input]) => !input.secret)
      .map(([name, input]) => [flagOf(name), { name, boolean: isBooleanInput(input) }])
  );
  const secrets = Object.values(declaration.inputs).flatMap(input => (input.secret && input.variable) || []);
  const line: CommandLine = { inputs: {}, options: { json: false, verbose: false } };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--') || arg === '--') {
      throw new InputError(`Unexpected argument "${arg}": each value follows its flag, e.g. --timeout 30m.`);
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
    const negated = flag.startsWith('--no-') ? inputs.get(`--${flag.slice(5)}`) : undefined;
    const input = inputs.get(flag);
    if (negated?.boolean) {
      if (inline !== undefined)
        throw new InputError(`${flag} takes no value: write ${flag} or --${flag.slice(5)}=false.`);
      line.inputs[negated.name] = 'false';
    } else if (input) {
      line.inputs[input.name] = input.boolean && inline === undefined ? 'true' : value();
    } else if (flag === '--json' || flag === '--verbose') {
      if (inline !== undefined) throw new InputError(`${flag} takes no value.`);
      line.options[flag === '--json' ? 'json' : 'verbose'] = true;
    } else if (flag === '--summary-file') {
      line.options.summaryFile = value();
    } else if (flag === '--log-file' && logs) {
      line.options.logFile = value();
    } else {
      throw new InputError(`Unknown flag ${flag}.`);
    }
  }
  return line;
}

/** Whether the arguments ask for help, wherever the flag stands. */
export function asksForHelp(args: readonly string[]): boolean {
  return args.some(arg => arg === '--help' || arg === '-h');
}
