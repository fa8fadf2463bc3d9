// harness/runner-log.ts: a step's output shown as the runner's log shows it, as the demo and
// `npm run local-action` print it.
import { describe, expect, it } from '@jest/globals';
import { RunnerLog } from '../../harness/runner-log.js';

const shown = (output: string, options?: { debug?: boolean }): string[] => {
  const log = new RunnerLog(options);
  return [...log.write(output), ...log.end()];
};

describe('RunnerLog', () => {
  it('shows annotations as the log does, their data unescaped, and properties left out', () => {
    expect(
      shown('::error::Build failed%0Asecond line\n::warning file=a.yml,line=3::50%25 done\n::notice::fyi\nplain\n')
    ).toEqual(['Error: Build failed', 'second line', 'Warning: 50% done', 'Notice: fyi', 'plain']);
  });

  it('hides what the runner consumes, and debug lines unless step debug is on', () => {
    const output = '::add-mask::secret\n::save-state name=build_id::bld_1\n::debug::GET /builds 200\nvisible\n';
    expect(shown(output)).toEqual(['visible']);
    expect(shown(output, { debug: true })).toEqual(['Debug: GET /builds 200', 'visible']);
  });

  it('shows a group as a header over its indented lines', () => {
    expect(shown('before\n::group::Build log (last 2 lines)\none\ntwo\n::endgroup::\nafter\n')).toEqual([
      'before',
      '▼ Build log (last 2 lines)',
      '  one',
      '  two',
      'after'
    ]);
  });

  it('shows the lines between stop-commands markers as they are, commands included', () => {
    const output = '::group::Log\n::stop-commands::tok123\n::error::from the server\n::tok123::\n::endgroup::\n';
    expect(shown(output)).toEqual(['▼ Log', '  ::error::from the server']);
  });

  it('joins a line split across chunks, and shows an unfinished last line at the end', () => {
    const log = new RunnerLog();
    expect(log.write('::err')).toEqual([]);
    expect(log.write('or::spl')).toEqual([]);
    expect(log.write('it\r\nlast')).toEqual(['Error: split']);
    expect(log.end()).toEqual(['last']);
    expect(log.end()).toEqual([]);
  });

  it('leaves a line that only looks like a command as it is', () => {
    expect(shown('::unknown::x\n:: not a command\n')).toEqual(['::unknown::x', ':: not a command']);
  });
});
