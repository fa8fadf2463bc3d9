#!/usr/bin/env node
// The `snapshot-build` command (the package's bin): bundled to dist/cli/index.js.
import { errorText } from '../core/errors.js';
import { EXIT } from './exit-codes.js';
import { runCommandLine } from './main.js';

try {
  process.exitCode = await runCommandLine(process.argv.slice(2), {
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    signals: process,
    exit: code => process.exit(code)
  });
} catch (error) {
  // A bug: one line, no stack trace, and the error's exit code.
  process.stderr.write(`error: Unexpected error: ${errorText(error)}\n`);
  process.exitCode = EXIT.error;
}
