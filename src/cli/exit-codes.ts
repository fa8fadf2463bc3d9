// The command's exit codes, one meaning each: scripts and CI jobs branch on them.
export const EXIT = {
  /** The build succeeded, or the run did what it was asked without one (triggered, synced, uploaded). */
  success: 0,
  /** The build did not succeed: failed, cancelled, timed out, inconclusive, or a failed pin after a success. */
  notSucceeded: 1,
  /** A usage or input error, found before any request was sent. */
  usage: 2,
  /** An API or network error (a build may exist: the message says so), or any other error before a verdict. */
  error: 3,
  /** Interrupted by SIGINT (Ctrl-C); 143 after SIGTERM. */
  interrupted: 130
} as const;

/** The exit code after `signal`, as shells report it: 128 plus the signal's number. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return signal === 'SIGTERM' ? 143 : EXIT.interrupted;
}

/** The lines the help ends with. */
export const EXIT_CODES_HELP = [
  'Exit codes:',
  `  ${EXIT.success}    the build succeeded (or: triggered with --no-wait, synced, uploaded)`,
  `  ${EXIT.notSucceeded}    the build did not succeed: failed, cancelled, timed out, inconclusive, or not pinned`,
  `  ${EXIT.usage}    usage or input error; nothing was sent`,
  `  ${EXIT.error}    API or network error (the message says whether a build may exist)`,
  `  ${EXIT.interrupted}  interrupted (SIGINT; 143 after SIGTERM): the build was cancelled if --cancel-on-abort allows`
];
