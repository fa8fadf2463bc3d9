// Text a hostile or broken server could send, for the fakes to put where server text goes (build
// ids, statuses, error bodies, log lines): the runner's workflow commands at the start of a line
// and anywhere in one, line breaks of every kind, terminal escapes. None of it may become a
// command, reach an output unbounded, or rewrite what the user sees.

/** Each one is a runner command or a way of starting a line that could hold one. */
export const HOSTILE_FRAGMENTS: readonly string[] = [
  '\n::notice title=pwned::injected notice',
  '\n::error file=action.yml::injected error',
  '\n::stop-commands::hostiletoken',
  '\n::add-mask::cog_',
  '\n::set-output name=result::success',
  '##[set-output name=result;]success',
  '##[group]injected group',
  '\r::warning::after a carriage return',
  '\r\n  ::debug::indented after CRLF',
  '\u2028::notice::after a line separator',
  '\u2029::notice::after a paragraph separator',
  '\x1b[2K\x1b[1A\x1b[31mrewritten line\x1b[0m',
  '\x1b]8;;https://evil.example\x07link\x1b]8;;\x07',
  '\x9b2K',
  '%0A::notice::percent-encoded'
];

/** One hostile string of a few fragments, drawn with `random`. */
export function hostileText(random: () => number, prefix = ''): string {
  const count = 1 + Math.floor(random() * 3);
  const picked = Array.from(
    { length: count },
    () => HOSTILE_FRAGMENTS[Math.floor(random() * HOSTILE_FRAGMENTS.length)]
  );
  return `${prefix}${picked.join('')}`;
}

/** Every fragment in one string: for tests that want all of them at once. */
export const ALL_HOSTILE = `running${HOSTILE_FRAGMENTS.join('')}`;

/** A status of `bytes` ASCII bytes that differs at every call (it starts with the call's number). */
export function oversizedStatusSource(bytes = 2 * 1024 * 1024): () => string {
  let calls = 0;
  return () => {
    calls++;
    const head = `${calls}:`;
    return head + 'x'.repeat(Math.max(0, bytes - head.length));
  };
}
