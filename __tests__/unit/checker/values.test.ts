// value-changed, value-not-text: Devin passes `with` and `env` values as text, after YAML read them.
import { describe, expect, it } from '@jest/globals';
import { found, lines, messages } from './check.js';

/** A step whose `with` holds `input: <written>` on line 5, the value at column 14. */
const withValue = (written: string): string =>
  lines(
    'initialize:',
    '  - uses: github.com/actions/setup-python@v5',
    '    env: {CI: "1"}',
    '    with:',
    `      input: ${written}`
  );

describe('value-changed', () => {
  it.each([
    ['3.10', /YAML reads `3\.10` as the number 3\.1,/],
    ['1.20', /as the number 1\.2,/],
    ['1_000', /YAML 1\.1 reads `1_000` as the number 1000 and YAML 1\.2 as text/],
    ['010', /YAML 1\.2 reads `010` as the number 10 and YAML 1\.1 as the number 8/],
    ['0x1F', /as the number 31/],
    // A float to the YAML 1.1 specification, text to PyYAML (read with PyYAML 6.0.3): its 1.1 reading here.
    ['1e3', /YAML 1\.2 reads `1e3` as the number 1000 and YAML 1\.1 as text/],
    ['yes', /YAML 1\.1 reads `yes` as true and YAML 1\.2 as text/],
    ['no', /as false/],
    ['on', /as true/],
    ['off', /as false/],
    ['TRUE', /as true/],
    ['12:30', /YAML 1\.1 reads `12:30` as the number 750/],
    ['~', /as null/],
    ['null', /as null/],
    ['2024-01-02T10:00:00Z', /as a date/]
  ])('is a warning at %s, saying what YAML makes of it and to quote it', (written, says) => {
    const text = withValue(written);
    expect(found(text)).toEqual([{ rule: 'value-changed', severity: 'warning', line: 5, column: 14 }]);
    expect(messages(text)[0].message).toMatch(says);
  });

  it('says to quote the value as written', () => {
    expect(messages(withValue('3.10'))[0].message).toContain('quote it (`"3.10"`)');
  });

  it('is a warning at the key of an empty value, saying to write an empty string', () => {
    const text = withValue('');
    expect(found(text)).toEqual([{ rule: 'value-changed', severity: 'warning', line: 5, column: 7 }]);
    expect(messages(text)[0].message).toContain("write '' for empty text");
  });

  it.each([
    '"3.10"',
    "'010'",
    '20',
    '-3',
    '1.5',
    '1.0',
    'true',
    'false',
    'pip',
    'lts/*',
    '3.9.1',
    '22.x',
    '2024-01-02',
    '"yes"',
    'True',
    'False',
    'y',
    'N',
    '!!str 3.10',
    '|\n        3.10'
  ])('is nothing for %s, which YAML keeps as written', written => {
    expect(found(withValue(written))).toEqual([]);
  });

  it('leaves an env var named N or Y alone: PyYAML, unlike the YAML 1.1 spec, keeps single letters as text', () => {
    expect(found(lines('maintenance:', '  - run: make', '    env:', '      N: 3', '      Y: x'))).toEqual([]);
  });

  it('looks at env values and keys as well', () => {
    const text = lines('maintenance:', '  - run: make', '    env:', '      GOVERSION: 1.20', '      on: "1"');
    expect(found(text)).toEqual([
      { rule: 'value-changed', severity: 'warning', line: 4, column: 18 },
      { rule: 'value-changed', severity: 'warning', line: 5, column: 7 }
    ]);
    expect(messages(text)[1].message).toMatch(/the key Devin passes is not the one written/);
  });

  it("leaves a merge key alone: <<: *anchor merges another map in, as Python's readers do", () => {
    const text = lines(
      'initialize:',
      '  - run: npm ci',
      '    env: &base',
      '      NODE_ENV: production',
      '  - run: npm test',
      '    env:',
      '      <<: *base',
      '      CI: "true"',
      '  - uses: github.com/actions/setup-node@v4',
      '    with: &w {node-version: "22"}',
      '  - uses: github.com/actions/setup-node@v4',
      '    with: {<<: [*w, *base], cache: npm}'
    );
    expect(found(text)).toEqual([]);
  });

  it('leaves values outside with and env alone', () => {
    expect(found(lines('description: 1.10', 'knowledge:', '  - name: lint', '    contents: make lint'))).toEqual([]);
  });
});

describe('value-not-text', () => {
  it.each([
    ['a list', '[a, b]'],
    ['a map', '{a: b}']
  ])('is a warning at a value that is %s', (_, written) => {
    expect(found(withValue(written))).toEqual([{ rule: 'value-not-text', severity: 'warning', line: 5, column: 14 }]);
  });
});
