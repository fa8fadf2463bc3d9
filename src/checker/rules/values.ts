// value-changed, value-not-text: Devin passes every `with` and `env` value as text, so an unquoted
// value that YAML reads as something else (a number, true/false, null, a date) arrives changed.
// Which YAML Devin reads with is not published: a value is flagged when YAML 1.1 or 1.2 changes it.
// The same readings tell the text fields' rule (text-unquoted) when a name is not text to YAML.
import { isMap, isScalar, isSeq, Schema, type Node, type Pair, type Scalar, type ScalarTag, type YAMLMap } from 'yaml';
import { keyName, quote, type CheckContext } from '../context.js';

type Version = '1.1' | '1.2';

/** The tags each YAML version picks an unquoted value's type by (core is YAML 1.2's). */
const READERS: Record<Version, ScalarTag[]> = {
  '1.1': defaultScalarTags('yaml-1.1'),
  '1.2': defaultScalarTags('core')
};

function defaultScalarTags(schema: 'yaml-1.1' | 'core'): ScalarTag[] {
  return new Schema({ schema }).tags.filter(
    (tag): tag is ScalarTag => tag.default === true && !tag.collection && tag.test !== undefined
  );
}

/**
 * The unquoted values PyYAML 6 (the YAML 1.1 reader a Python service is likeliest to use) does not
 * read as text: its resolver's patterns for true/false (not y or n), whole numbers, floats (a dot
 * needed: `1e3` is text), null, dates, and the `=` and `<<` it has no constructor for. Narrower than
 * YAML 1.1 as the library here reads it: what they read as text, the YAML 1.1 reading here does too.
 */
const PYTHON_NOT_TEXT = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?0b[01_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/,
  /^(?:=|<<)$/
];

interface Reading {
  version: Version;
  value: unknown;
  /** The texts this value may be written back as: JavaScript's, and Python's for a float (`1.0`) or a boolean (`True`). */
  texts: string[];
}

/** How YAML `version` reads the unquoted `text`, and how that value is written back as text. */
function read(version: Version, text: string): Reading {
  // YAML 1.1 as PyYAML reads it: y/Y/n/N and `1e3`, a boolean and a float to the specification,
  // stay text, so an env var named `N` or a value `y` is not flagged.
  if (version === '1.1' && !PYTHON_NOT_TEXT.some(pattern => pattern.test(text))) {
    return { version, value: text, texts: [text] };
  }
  const tag = READERS[version].find(candidate => candidate.test?.test(text));
  if (!tag) return { version, value: text, texts: [text] };
  let value = tag.resolve(text, () => undefined, {});
  if (isScalar(value)) value = value.value;
  return { version, value, texts: textsOf(value, text, tag.tag.endsWith(':float')) };
}

function textsOf(value: unknown, text: string, float: boolean): string[] {
  if (value === null) return [];
  if (typeof value === 'number') {
    const python = float && Number.isInteger(value) && Math.abs(value) < 1e16 ? [`${value}.0`] : [];
    return [String(value), ...python];
  }
  // A boolean as JavaScript writes it (true) and as Python does (True): which one Devin uses is not known.
  if (typeof value === 'boolean') return [String(value), value ? 'True' : 'False'];
  if (typeof value === 'string' || typeof value === 'bigint') return [String(value)];
  // A date alone is written back as it was (Python's str of a date); a time with it is not.
  return value instanceof Date && /^\d{4}-\d{2}-\d{2}$/.test(text) ? [text] : [];
}

/** The readings of an unquoted `text` that change it, or none. */
function changingReadings(text: string): Reading[] {
  return (['1.2', '1.1'] as const).map(version => read(version, text)).filter(reading => !reading.texts.includes(text));
}

/** True when `node` is written unquoted and untagged: the only form YAML picks a type for. */
function isPlain(node: unknown): node is Scalar & { source: string } {
  return isScalar(node) && node.type === 'PLAIN' && !node.tag && typeof node.source === 'string';
}

function describe(value: unknown): string {
  if (value === null) return 'null (no value)';
  if (typeof value === 'number' || typeof value === 'bigint') return `the number ${String(value)}`;
  if (value instanceof Date) return 'a date';
  return String(value);
}

/** What YAML makes of `text`, e.g. "YAML reads `3.10` as the number 3.1", or undefined when it keeps it. */
function changeOf(text: string): string | undefined {
  const changing = changingReadings(text);
  if (changing.length === 0) return undefined;
  const written = text === '' ? 'an empty value' : quote(text);
  const [first, second] = changing;
  if (second && describe(first.value) === describe(second.value))
    return `YAML reads ${written} as ${describe(first.value)}`;
  const other = second
    ? `YAML ${second.version} as ${describe(second.value)}`
    : `YAML ${first.version === '1.1' ? '1.2' : '1.1'} as text`;
  return `YAML ${first.version} reads ${written} as ${describe(first.value)} and ${other}`;
}

/**
 * For a field the reference asks text for (a step's `name`, a knowledge item's `name` and
 * `contents`): what YAML 1.2 or 1.1 reads the unquoted `node` as when that is not text (a number,
 * true or false, a date), and how to write it; undefined when both read text, or nothing.
 */
export function notTextToYaml(node: Node | null): string | undefined {
  if (!isPlain(node)) return undefined;
  const readings = (['1.2', '1.1'] as const)
    .map(version => read(version, node.source))
    .filter(reading => reading.value !== null && typeof reading.value !== 'string');
  if (readings.length === 0) return undefined;
  const [first, second] = readings;
  const written = quote(node.source);
  const how =
    second === undefined
      ? `YAML ${first.version} reads ${written} as ${describe(first.value)}`
      : describe(first.value) === describe(second.value)
        ? `YAML reads ${written} as ${describe(first.value)}`
        : `YAML ${first.version} reads ${written} as ${describe(first.value)} and YAML ${second.version} as ${describe(second.value)}`;
  return `${how}, not text: write it quoted, ${quote(`"${node.source}"`)}.`;
}

/** True when `node` is unquoted and PyYAML reads it as text, whatever YAML 1.2 makes of it (`1e3`, `0o17`). */
export function textToPython(node: Node | null): boolean {
  return isPlain(node) && typeof read('1.1', node.source).value === 'string';
}

/** Each key and value of a step's `with` or `env` map. */
export function checkValues(context: CheckContext, field: 'with' | 'env', map: YAMLMap): void {
  for (const pair of map.items as Pair[]) {
    // `<<: *anchor` merges another map's variables in (PyYAML and libyaml do): not a value of its own.
    if (isScalar(pair.key) && pair.key.value === '<<') continue;
    if (isPlain(pair.key)) {
      const change = changeOf(pair.key.source);
      if (change)
        context.report(
          'value-changed',
          pair.key,
          `${change}, so the key Devin passes is not the one written: quote it.`
        );
    }
    const value = context.resolve(pair.value);
    const name = keyName(pair) ?? 'this key';
    if (isMap(value) || isSeq(value)) {
      if (context.firstVisit(`${field} value`, value)) {
        context.report(
          'value-not-text',
          value,
          `The \`${field}\` value of ${quote(name)} is ${isMap(value) ? 'a map' : 'a list'}: Devin passes every value as text; write it as a string.`
        );
      }
      continue;
    }
    const written = pair.value === null ? '' : isPlain(value) ? value.source : undefined;
    if (written === undefined) continue;
    const change = changeOf(written);
    if (!change) continue;
    const fix =
      written === '' || changingReadings(written).some(reading => reading.value === null)
        ? "write '' for empty text, or quote the value"
        : `quote it (${quote(`"${written}"`)})`;
    // An empty value has no text of its own to point at: its key stands for it.
    const place = written === '' && isScalar(pair.key) ? pair.key : (value ?? map);
    context.report(
      'value-changed',
      place,
      `${change}, so Devin passes something other than what is written for ${quote(name)}: ${fix}.`
    );
  }
}

/**
 * A flag written yes/no/on/off: true or false to YAML 1.1, text to YAML 1.2. Returns the
 * message for it, or undefined when YAML 1.2 reads `node` as true/false as well.
 */
export function flagChange(node: Scalar): string | undefined {
  if (!isPlain(node) || typeof read('1.1', node.source).value !== 'boolean') return undefined;
  if (typeof read('1.2', node.source).value === 'boolean') return undefined;
  return `${changeOf(node.source)}: write true or false.`;
}
