// `snapshot-build <command> [flags]`: one subcommand per action of the registry (the lines of
// actions.json), its flags from the action's declaration. Returns the exit code (exit-codes.ts).
import { errorText, InputError } from '../core/errors.js';
import { REGISTRY } from '../registry.js';
import { EXIT } from './exit-codes.js';
import { asksForHelp, parseCommandLine } from './flags.js';
import { runCheckCommand } from './check-command.js';
import { runGateCommand, type CommandIO } from './gate-command.js';
import { COMMAND, commandHelp, topHelp, VERSION } from './help.js';

export async function runCommandLine(args: readonly string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = args;
  const usageError = (message: string, help: string): number => {
    io.stderr.write(`error: ${message}\nRun ${help} --help for the flags.\n`);
    return EXIT.usage;
  };
  if (name === '--version' || (name !== undefined && rest.includes('--version'))) {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.success;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(topHelp(REGISTRY));
    return name === undefined ? EXIT.usage : EXIT.success;
  }
  if (!Object.hasOwn(REGISTRY, name)) {
    return usageError(`unknown command "${name}": the commands are ${Object.keys(REGISTRY).join(', ')}.`, COMMAND);
  }
  const registered = REGISTRY[name];
  if (asksForHelp(rest)) {
    io.stdout.write(commandHelp(name, registered));
    return EXIT.success;
  }
  let line;
  try {
    line = parseCommandLine(rest, registered);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return usageError(errorText(error), `${COMMAND} ${name}`);
  }
  return registered.kind === 'gate' ? runGateCommand(registered, line, io) : runCheckCommand(registered, line, io);
}
