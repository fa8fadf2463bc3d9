// yaml-warning (characters): characters YAML 1.2 and PyYAML read differently. A control character
// (other than tab and line breaks) makes PyYAML refuse the whole file, where the parser here reads
// it; NEL, LS and PS are text to YAML 1.2 and line breaks to PyYAML. Read with PyYAML 6.0.3.
import { addFinding, type FileCheck } from '../context.js';

/** What PyYAML refuses to read, or reads as a line break, as its reader defines printable text. */
const ODD_CHARACTER = /[\u0085\u2028\u2029]|[^\t\n\r\x20-\x7E\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const LINE_SEPARATOR = /[\u0085\u2028\u2029]/;

/** One finding a line, on its first such character. */
export function checkCharacters(file: FileCheck): void {
  const reported = new Set<number>();
  for (const match of file.text.matchAll(ODD_CHARACTER)) {
    const line = file.lines.linePos(match.index).line;
    if (reported.has(line)) continue;
    reported.add(line);
    const code = `U+${match[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;
    const message = LINE_SEPARATOR.test(match[0])
      ? `An invisible line separator (${code}): YAML 1.2 reads it as text, PyYAML (Python's usual YAML reader) as a line break; remove it, or use a plain line break.`
      : `An invisible control character (${code}): PyYAML's safe_load (Python's usual YAML reader) refuses the whole file over it; remove it, or write it as an escape inside double quotes.`;
    addFinding(file, 'yaml-warning', [match.index, match.index + match[0].length], message);
  }
}
