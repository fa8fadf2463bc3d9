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

/** The lines the help ends with: a gate's codes, the check's, or (no kind) both. */
export function exitCodesHelp(kind?: 'gate' | 'check'): string[] {
  const gate = kind !== 'check';
  const check = kind !== 'gate';
  const code = (value: number, text: string): string => `  ${String(value).padEnd(5)}${text}`;
  return [
    'Exit codes:',
    code(
      EXIT.success,
      [
        gate && 'the build succeeded (or: triggered with --no-wait, synced, uploaded)',
        check && 'the files pass the check'
      ]
        .filter(Boolean)
        .join('; ')
    ),
    code(
      EXIT.notSucceeded,
      [
        gate && 'the build did not succeed: failed, cancelled, timed out, inconclusive, or not pinned',
        check && 'a file has an error (or a warning, with --fail-on warning)'
      ]
        .filter(Boolean)
        .join('; ')
    ),
    code(EXIT.usage, 'usage or input error; nothing was sent'),
    ...(gate
      ? [
          code(EXIT.error, 'API or network error (the message says whether a build may exist)'),
          code(EXIT.interrupted, 'interrupted (SIGINT; 143 after SIGTERM): the build is cancelled where the API can')
        ]
      : [])
  ];
}
