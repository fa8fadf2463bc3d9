// The boundary for server text (src/core/untrusted.ts): each sink's cleaning and bounds (plain text,
// lines, command-free blocks, the summary), the check of a server's build id, secrets redacted, and
// outputs written exactly or refused.
import { describe, expect, it } from '@jest/globals';
import { ActionError } from '../../src/core/errors.js';
import { looseForm } from '../../src/core/text-forms.js';
import {
  boundedSummary,
  checkServerBuildId,
  commandFreeBlock,
  commandSafe,
  exactOutput,
  SECRET_LEFT_OUT,
  Secrets,
  serverLines,
  serverText,
  SUMMARY_MAX_BYTES,
  summaryText
} from '../../src/core/untrusted.js';

/** The zero-width space that breaks `::` and `##[`. */
const Z = '\u200b';
const TWO_MB = 2 * 1024 * 1024;

/** What the runner or a terminal could act on: a control character, a line break, or a command marker. */
function expectInert(text: string): void {
  // eslint-disable-next-line no-control-regex -- control characters are what is looked for
  expect(text).not.toMatch(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/);
  expect(text).not.toContain('::');
  expect(text).not.toContain('##[');
}

const codePoints = (text: string): number => Array.from(text).length;

describe('serverText', () => {
  it.each([
    [
      'a status with a notice on a new line',
      'running\n::notice title=Deploy::approved',
      `running :${Z}:notice title=Deploy:${Z}:approved`
    ],
    ['a status that stops commands', 'queued\n::stop-commands::abc', `queued :${Z}:stop-commands:${Z}:abc`],
    ['a status that masks', 'failed\r\n::add-mask::cog_secret', `failed :${Z}:add-mask:${Z}:cog_secret`],
    [
      'a 422 msg with line breaks',
      'field required\n\n::error file=a.ts::fake',
      `field required :${Z}:error file=a.ts:${Z}:fake`
    ],
    ['a Dreadnode detail with line breaks', 'Invalid ref\nline two\r\nline three', 'Invalid ref line two line three'],
    ['a v1 command mid-line', 'boom ##[set-output name=result;]success', `boom #${Z}#[set-output name=result;]success`],
    ['a v1 command after more #', '###[error]x', `##${Z}#[error]x`],
    ['a run of colons', 'a:::b', `a:${Z}:${Z}:b`],
    ['a carriage return', 'progress 10%\rprogress 100%', 'progress 10% progress 100%'],
    ['an OSC 8 hyperlink ended by BEL', '\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007 here', 'click here'],
    ['an OSC 8 hyperlink ended by ST', '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\', 'click'],
    ['an unterminated OSC', 'ok \u001b]0;window title', 'ok'],
    ['a colour', '\u001b[31mred\u001b[0m and \u001b[1;38;5;208mbold\u001b[m', 'red and bold'],
    ['a C1 CSI', '\u009b31mred\u009b0m', 'red'],
    ['a cursor move and a charset switch', 'a\u001b[2Kb\u001b(Bc\u001bcd', 'abcd'],
    ['a lone ESC', 'a\u001b', 'a'],
    ['a NEL', 'one\u0085two', 'one two'],
    ['line and paragraph separators', 'one\u2028two\u2029three', 'one two three'],
    ['a bidi override', 'abc\u202edef\u2066', 'abc def'],
    ['NUL, DEL and tabs', 'a\u0000b\u007fc\td', 'a b c d'],
    ['a lone surrogate', 'a\ud800b', 'a\ufffdb'],
    ['percent-encoded line breaks, left literal', 'a%0A::notice::x%0D', `a%0A:${Z}:notice:${Z}:x%0D`],
    ['only spaces and controls', ' \n\t\u0007 ', ''],
    ['plain text', 'snapshot_build_succeeded', 'snapshot_build_succeeded']
  ])('neutralises %s in the step log, and keeps its markers for outputs', (_name, text, logged) => {
    const line = commandSafe(serverText(text));
    expect(line).toBe(logged);
    expectInert(line);
    expect(commandSafe(serverText(line))).toBe(line);
    // Command markers are the step log's concern: the plain text keeps them, and is idempotent.
    expect(serverText(text)).toBe(logged.replaceAll(Z, ''));
    expect(serverText(serverText(text))).toBe(serverText(text));
  });

  it('keeps a 2 MB status to its limit, and is idempotent on it', () => {
    const status = `${'x'.repeat(TWO_MB)}\n::add-mask::y`;
    const cleaned = serverText(status);
    expect(codePoints(cleaned)).toBe(200);
    expect(cleaned.endsWith('x…')).toBe(true);
    expect(serverText(cleaned)).toBe(cleaned);
    expect(serverText(status, 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('reads only the start of a 2 MB text full of escapes and marks it cut', () => {
    const hostile = '\u009d'.repeat(TWO_MB) + '\u001b[31m'.repeat(TWO_MB / 5) + ':'.repeat(TWO_MB);
    const cleaned = serverText(hostile);
    expect(cleaned).toBe('…');
    expect(serverText(':'.repeat(TWO_MB), 5)).toBe('::::…');
    expect(commandSafe(serverText(':'.repeat(TWO_MB), 5))).toBe(`:${Z}:${Z}:${Z}:…`);
  });

  it('cuts by code points and never splits a surrogate pair', () => {
    expect(serverText('😀'.repeat(300), 5)).toBe('😀😀😀😀…');
    expect(serverText('😀😀😀😀😀', 5)).toBe('😀😀😀😀😀');
    // The input is read 40 UTF-16 units at a time for 5 characters: here unit 40 is the second half of 😀.
    const splitAtWindow = serverText('\u001b[m'.repeat(13) + '😀'.repeat(10), 5);
    expect(splitAtWindow).toBe('…');
  });

  it('trims the spaces before the ellipsis, so cutting again changes nothing', () => {
    expect(serverText('abc      defgh', 5)).toBe('abc…');
    expect(serverText('abc defgh', 6)).toBe('abc d…');
    expect(serverText(serverText('abc defgh', 6), 6)).toBe('abc d…');
  });
});

describe('serverLines', () => {
  const limits = { maxLines: 10, maxLineChars: 40 };

  it('keeps the lines and their indentation, each cleaned', () => {
    expect(serverLines('one\r\n  two\n\t::error::x\rthree \u001b[32mok\u001b[0m\n', limits)).toEqual([
      'one',
      '  two',
      ' ::error::x',
      'three ok'
    ]);
    expect(serverLines('a\n\nb\u2028c', limits)).toEqual(['a', '', 'b', 'c']);
    expect(serverLines('', limits)).toEqual([]);
  });

  it('keeps the last lines and says how many were left out', () => {
    expect(serverLines('a\nb\nc\nd', { ...limits, maxLines: 2 })).toEqual(['… 2 earlier lines left out', 'c', 'd']);
    expect(serverLines('a\nb\nc', { ...limits, maxLines: 2 })).toEqual(['… 1 earlier line left out', 'b', 'c']);
  });

  it('bounds every line, and 2 MB of line breaks', () => {
    expect(serverLines(`${'y'.repeat(TWO_MB)}\nshort`, limits)).toEqual([`${'y'.repeat(39)}…`, 'short']);
    expect(serverLines('\n'.repeat(TWO_MB), { maxLines: 2, maxLineChars: 40 })).toEqual([
      `… ${TWO_MB - 2} earlier lines left out`,
      '',
      ''
    ]);
  });

  it('gives lines that cleaning again leaves as they are', () => {
    const lines = serverLines('  a::b\n\u001b[1m##[group]x\u001b[0m\n😀😀', { maxLines: 5, maxLineChars: 5 });
    expect(lines).toEqual(['  a:…', '##[g…', '😀😀']);
    for (const line of lines) expect(serverLines(line, { maxLines: 5, maxLineChars: 5 })).toEqual([line]);
  });
});

describe('commandFreeBlock', () => {
  it('puts the lines between stop-commands and the token', () => {
    expect(commandFreeBlock(['a', 'b'], 'f00d')).toEqual(['::stop-commands::f00d', 'a', 'b', '::f00d::']);
  });

  it('draws a fresh random token each time', () => {
    const [first] = commandFreeBlock([]);
    const [second] = commandFreeBlock([]);
    expect(first).toMatch(/^::stop-commands::[0-9a-f]{32}$/);
    expect(second).not.toBe(first);
  });

  it('draws another token when a line holds it, in any case', () => {
    const lines = ['x ::F00D:: y', '##[f00d]'];
    const block = commandFreeBlock(lines, 'f00d');
    const token = block[0].replace('::stop-commands::', '');
    expect(token).not.toBe('f00d');
    expect(block).toEqual([`::stop-commands::${token}`, ...lines, `::${token}::`]);
  });
});

describe('summaryText', () => {
  const decoded = (text: string): string =>
    text.replace(/&#(\d+);/g, (_reference, code: string) => String.fromCharCode(Number(code)));

  it.each([
    'ok\r## Owned',
    'ok\n| injected | row |',
    '<img src=x onerror=alert(1)>',
    '**bold** _it_ `code` ~~gone~~ $x^2$ :rocket:',
    '[click](https://evil.example) ![pixel](https://evil.example/p.png) www.evil.example a@b.example',
    '1. list\\',
    '&lt;already escaped&gt; & "quoted" \'single\''
  ])('writes %j so that it renders as itself and nothing else', text => {
    const escaped = summaryText(text);
    expect(escaped.replace(/&#\d+;/g, '')).not.toMatch(/[\r\n&<>|*_`~[\]()#!$:@\\'"]/);
    expect(decoded(escaped)).toBe(serverText(text));
  });

  it('turns a carriage return into a space, so no heading starts', () => {
    expect(summaryText('ok\r## Owned')).toBe('ok &#35;&#35; Owned');
  });

  it('bounds the text before escaping it', () => {
    expect(decoded(summaryText('|'.repeat(TWO_MB)))).toBe(`${'|'.repeat(199)}…`);
  });
});

describe('boundedSummary', () => {
  it('leaves a summary under the limit as it is', () => {
    expect(boundedSummary('## Build\n\n| a | b |\n')).toBe('## Build\n\n| a | b |\n');
  });

  it('cuts a long summary at the end of a line, with a note, under the limit', () => {
    const summary = boundedSummary('| 10s | running |\n'.repeat(100_000));
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    const [note, blank, ...rows] = summary.trimEnd().split('\n').reverse();
    expect(note).toBe(`_The rest of the summary is left out: it would have been over ${SUMMARY_MAX_BYTES} bytes._`);
    expect(blank).toBe(''); // which ends the table: the note is not a row
    expect(new Set(rows)).toEqual(new Set(['| 10s | running |']));
  });

  it('never cuts a multi-byte character', () => {
    const summary = boundedSummary('ééééé\n'.repeat(50), 150);
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(150);
    expect(summary).not.toContain('\ufffd');
    expect(summary.startsWith('ééééé\n')).toBe(true);
  });
});

describe('checkServerBuildId', () => {
  it.each(['bld_0123', '2489e9ad-2ee2-4e00-8ec9-32d5f69181c0', 'a:b.c-d_e', 'x'.repeat(200)])('accepts %s', id => {
    expect(checkServerBuildId(id, 'The Devin API')).toBe(id);
  });

  function refusal(id: string): string {
    let caught: unknown;
    try {
      checkServerBuildId(id, 'The Devin API');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ActionError);
    return (caught as Error).message;
  }

  it.each(['', 'a/../b', '-x', 'bld 1', 'x'.repeat(201), 'bld\n::add-mask::cog_secret', 'bld\u001b[31m'])(
    'refuses %j, saying a build may exist',
    id => {
      const message = refusal(id);
      expect(message).toMatch(/^The Devin API answered with a build id that is not of the expected form \(".*"\); /);
      expect(message).toContain("a build may have been created: check the organization's builds.");
      expectInert(commandSafe(message));
    }
  );

  it('shows the id cleaned and cut', () => {
    expect(refusal('bld\n::add-mask::cog_secret')).toBe(
      `The Devin API answered with a build id that is not of the expected form ("bld ::add-mask::cog_secret"); ` +
        "a build may have been created: check the organization's builds."
    );
    expect(refusal('z'.repeat(TWO_MB))).toContain(`("${'z'.repeat(79)}…")`);
  });
});

describe('Secrets', () => {
  it('redacts each secret, the longest first, and nothing when there is none', () => {
    const secrets = new Secrets();
    expect(secrets.redact('cog_abc')).toBe('cog_abc');
    secrets.add('cog_abc');
    secrets.add('https://logs.example/cog_abc/path?sig=1');
    expect(secrets.redact('at https://logs.example/cog_abc/path?sig=1 and cog_abc')).toBe('at *** and ***');
  });

  it('redacts a secret in a JSON body however it is escaped, keys included', () => {
    const secrets = new Secrets();
    secrets.add('cog_abc');
    const body = JSON.stringify({ detail: [{ loc: ['header', 'Bearer cog_abc'], msg: 'x' }] });
    expect(secrets.redactBody(body)).not.toContain('cog_abc');
    const escaped = '{"detail":[{"loc":["header","Bearer \\u0063og_abc"],"msg":"x"},{"\\u0063og_abc":1}]}';
    expect(JSON.parse(escaped).detail[0].loc[1]).toBe('Bearer cog_abc');
    const redacted = secrets.redactBody(escaped);
    expect(JSON.stringify(JSON.parse(redacted))).not.toContain('cog_abc');
    expect(JSON.parse(redacted).detail[0].loc[1]).toBe('Bearer ***');
    expect(secrets.redactBody('not json cog_abc')).toBe('not json ***');
    expect(secrets.redactBody('{"plain":"text"}')).toBe('{"plain":"text"}');
  });

  const TOKEN = 'cog_test_token';
  /** The token as a hostile server may echo it, changed so that its exact text is not there. */
  const changedForms: [string, string][] = [
    ['split by a line break', 'cog_test\n_token'],
    ['split by a CR LF', 'cog_te\r\nst_token'],
    ['with a control character inside', 'cog_te\u0001st_token'],
    ['with a terminal escape inside', 'cog_\u001b[1mtest_token'],
    ['with a zero-width space inside', 'cog_\u200btest_token'],
    ['upper-cased', 'COG_TEST_TOKEN'],
    ['as decimal references', 'cog&#95;test&#95;token'],
    ['as hexadecimal references', 'cog&#x5f;test&#X5F;token'],
    ['as named references', 'cog&lowbar;test&UnderBar;token'],
    ['as references of references', 'cog&amp;#95;test&amp;lowbar;token'],
    ['as JSON escapes', 'cog\\u005ftest\\u005Ftoken'],
    ['as escaped JSON escapes', 'cog\\\\u005ftest\\\\u005ftoken'],
    ['as JavaScript escapes', 'cog\\x5ftest\\u{5f}token'],
    ['as percent escapes', 'cog%5Ftest%5ftoken'],
    ['in full-width letters', 'ｃｏｇ＿ｔｅｓｔ＿ｔｏｋｅｎ']
  ];

  it.each(changedForms)('drops a text that holds the token %s', (_name, form) => {
    const secrets = new Secrets();
    secrets.add(TOKEN);
    expect(looseForm(`Bearer ${form}`)).toContain(TOKEN);
    expect(secrets.redact(`bad header: Bearer ${form}`)).toBe(SECRET_LEFT_OUT);
    expect(secrets.redact('bad header: Bearer cog_test_tok')).toBe('bad header: Bearer cog_test_tok');
  });

  it.each(changedForms)(
    'drops the JSON string, or the body that is no JSON, that holds the token %s',
    (_name, form) => {
      const secrets = new Secrets();
      secrets.add(TOKEN);
      const body = JSON.stringify({ detail: [{ loc: ['header', `Bearer ${form}`], msg: 'invalid' }] });
      expect(JSON.parse(secrets.redactBody(body))).toEqual({
        detail: [{ loc: ['header', SECRET_LEFT_OUT], msg: 'invalid' }]
      });
      // Cut short, it is no JSON: nothing of it is kept.
      expect(secrets.redactBody(body.slice(0, -4))).toBe(SECRET_LEFT_OUT);
    }
  );

  it('keeps text whose loose form only resembles the token, and compares short secrets by exact text only', () => {
    const secrets = new Secrets();
    secrets.add(TOKEN);
    secrets.add('Ab_1');
    expect(secrets.redact('cog test token')).toBe('cog test token');
    expect(secrets.redact('cog_test_tokens, AB_1 and Ab_1')).toBe('***s, AB_1 and ***');
  });

  it('drops the lines that hold the token split across them, and only those', () => {
    const secrets = new Secrets();
    secrets.add(TOKEN);
    const lines = ['step 1 ok', 'echo cog_te', '', 'st_tok', 'en done', 'step 2 ok', 'cog_test_token'];
    expect(secrets.redactLines(lines)).toEqual([
      'step 1 ok',
      SECRET_LEFT_OUT,
      SECRET_LEFT_OUT,
      SECRET_LEFT_OUT,
      SECRET_LEFT_OUT,
      'step 2 ok',
      '***'
    ]);
    expect(secrets.redactLines(['cog_test', 'step 2', '_token'])).toEqual(['cog_test', 'step 2', '_token']);
  });
});

describe('exactOutput', () => {
  const keep = (text: string): string => text;
  it.each([
    ['an id with colons', 'bld::1', 'bld::1'],
    ['a status with a line break', 'a\nb', ''],
    ['a value over the bound', 'x'.repeat(1001), ''],
    ['nothing', '', '']
  ])('holds %s exactly or not at all', (_name, value, output) => {
    expect(exactOutput(value, keep)).toBe(output);
  });

  it('refuses a value that holds a secret', () => {
    expect(exactOutput('a cog_abc b', text => text.replace('cog_abc', '***'))).toBe('');
  });
});
