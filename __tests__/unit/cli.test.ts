// The command's pieces alone: its flags read by hand (booleans three ways, secrets refused), the
// spelling that makes the schemas' messages name flags, and its terminal sink (plain lines, the
// elapsed time in place on a TTY, colour only without NO_COLOR).
import { describe, expect, it } from '@jest/globals';
import { parseCommandLine } from '../../src/cli/flags.js';
import { commandSpelling } from '../../src/cli/spelling.js';
import { TerminalLog, wantsColor } from '../../src/cli/terminal.js';
import { devinAction } from '../../src/devin/declaration.js';
import { readDevinInputs } from '../../src/devin/inputs.js';
import { dreadnodeAction } from '../../src/dreadnode/declaration.js';
import { readDreadnodeInputs } from '../../src/dreadnode/inputs.js';
import { REGISTRY } from '../../src/registry.js';

const parse = (...args: string[]) => parseCommandLine(args, REGISTRY.devin);

function parseError(...args: string[]): string {
  try {
    parse(...args);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe("the command's flags", () => {
  it('take a value after a space or an equals sign, by input name', () => {
    expect(parse('--org-id', 'org-a', '--poll-interval=5s', '--blueprint-file', '-odd.yaml').inputs).toEqual({
      org_id: 'org-a',
      poll_interval: '5s',
      blueprint_file: '-odd.yaml'
    });
  });

  it('read a boolean as --flag, --no-flag or --flag=value (the schema reads the value)', () => {
    expect(parse('--wait', '--no-pin', '--sync=false', '--build=True').inputs).toEqual({
      wait: 'true',
      pin: 'false',
      sync: 'false',
      build: 'True'
    });
    expect(parseError('--no-wait=true')).toBe('--no-wait takes no value: write --no-wait or --wait=false.');
    expect(parseError('--no-org-id')).toBe('Unknown flag --no-org-id.');
  });

  it("read the command's own flags, --log-file only where the API has logs", () => {
    expect(parse('--json', '--summary-file', 's.md', '--log-file=b.log', '--verbose').options).toEqual({
      json: true,
      verbose: true,
      format: 'text',
      summaryFile: 's.md',
      logFile: 'b.log'
    });
    expect(() => parseCommandLine(['--log-file', 'b.log'], REGISTRY.dreadnode)).toThrow('Unknown flag --log-file.');
    expect(parseError('--json=yes')).toBe('--json takes no value.');
  });

  it('refuse a value missing, a stray word, and any flag that would carry a secret, without echoing it', () => {
    expect(parseError('--org-id')).toBe('--org-id needs a value, e.g. --org-id=VALUE.');
    expect(parseError('--org-id', '--json')).toBe('--org-id needs a value, e.g. --org-id=VALUE.');
    expect(parseError('org-a')).toBe('Unexpected argument "org-a": each value follows its flag, e.g. --timeout 30m.');
    for (const flag of ['--token=cog_x', '--github-token', '--api-key=cog_x', '--DEVIN-API-KEY=cog_x']) {
      const message = parseError(flag);
      expect(message).toContain('is refused: secrets are never taken as flags');
      expect(message).toContain('Export DEVIN_API_KEY in the environment instead.');
      expect(message).not.toContain('cog_x');
    }
  });
});

describe("the command's spelling of the inputs", () => {
  const spell = commandSpelling(devinAction);

  it('names a flag, its variable, and a secret by its variable alone', () => {
    expect([spell.subject('org_id'), spell.subject('timeout'), spell.subject('token')]).toEqual([
      '--org-id (or DEVIN_ORG_ID)',
      '--timeout',
      'DEVIN_API_KEY'
    ]);
    expect([spell.name('build_id'), spell.setting('wait', 'false'), spell.setting('sync', 'true')]).toEqual([
      '--build-id',
      '--no-wait',
      '--sync'
    ]);
    expect(spell.setting('timeout', '90')).toBe('--timeout=90');
  });

  it("makes the schemas' messages name the flags they mention", () => {
    const values: Record<string, string> = { org_id: 'org-a', token: 'cog_x', sync: 'true', build_id: 'bld_1' };
    expect(() => readDevinInputs(name => values[name] ?? '', {}, spell)).toThrow(
      '--sync cannot be true with --build-id: a run that attaches to a build syncs nothing (got "true").'
    );
    const dreadnode = commandSpelling(dreadnodeAction);
    const read = (name: string) => ({ org: 'acme', token: 't', api_url: 'https://dn.example' })[name] ?? '';
    expect(() => readDreadnodeInputs(read, {}, dreadnode)).toThrow('--build-ref is required unless --build-id is set.');
    expect(() => readDreadnodeInputs(() => '', {}, dreadnode)).toThrow(
      'DREADNODE_API_KEY is required but empty. Export it in the environment that runs the command'
    );
  });
});

describe("the command's terminal", () => {
  function stream(isTTY: boolean) {
    const written: string[] = [];
    return { written, isTTY, write: (text: string) => void written.push(text) };
  }

  it('prints plain lines off a TTY: no colour, no escape, no control character, no workflow command', () => {
    const out = stream(false);
    const log = new TerminalLog(out, { color: false, live: false, verbose: false, now: () => 0 });
    log.start();
    log.info('Build b1: pending → running\u001b]8;;https://evil.example\u0007 \u001b[31mred\r::notice::x');
    log.warning('two\nlines');
    log.debug('not shown without --verbose');
    log.group('Build log (last 2 lines)', ['first', '\u001b[2Ksecond']);
    log.stop();
    expect(out.written.join('')).toBe(
      'Build b1: pending → running red\n' +
        ':\u200b:notice:\u200b:x\n' +
        'warning: two\n' +
        'warning: lines\n' +
        'Build log (last 2 lines)\n' +
        '  first\n' +
        '  second\n'
    );
  });

  it('on a TTY keeps the elapsed time on the last line, rewritten in place, and colours only without NO_COLOR', () => {
    let now = 0;
    const out = stream(true);
    const log = new TerminalLog(out, { color: wantsColor(out, {}), live: true, verbose: false, now: () => now });
    log.start();
    now = 65_000;
    log.tick();
    log.warning('slow');
    log.stop();
    expect(out.written).toEqual([
      '\r\u001b[2K\u001b[2m… 0s elapsed\u001b[0m',
      '\r\u001b[2K\u001b[2m… 1m5s elapsed\u001b[0m',
      '\r\u001b[2K',
      '\u001b[33mwarning:\u001b[0m slow\n',
      '\r\u001b[2K\u001b[2m… 1m5s elapsed\u001b[0m',
      '\r\u001b[2K'
    ]);
    expect(wantsColor(out, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor(out, { NO_COLOR: '' })).toBe(true);
    expect(wantsColor(stream(false), {})).toBe(false);
  });
});
