// tab-spacing: a tab that is neither indentation (tab-indent) nor inside quoted text, block text or
// a comment: after a `:` or a `-`, between tokens, on an otherwise empty line, in an unquoted value.
// YAML 1.2 and the parser here allow it; PyYAML's safe_load, the YAML reader a Python service is
// likeliest to use, refuses the whole file over it. Which reader Devin uses is not published, so
// this is a warning. The lexer's tokens say where each tab stands.
import { addFinding, type FileCheck } from '../context.js';
import { tokensOf } from '../tokens.js';

const MESSAGE =
  "A tab here: YAML 1.2 allows it, but PyYAML's safe_load (Python's usual YAML reader) refuses the whole file over it; replace it with spaces, or quote the value.";

/** One finding a line, on its first such tab; lines a tab indents are tab-indent's already. */
export function checkTabSpacing(file: FileCheck): void {
  if (!file.text.includes('\t')) return;
  const tokens = tokensOf(file.text);
  // Offsets are counted from the tokens: should the lexer ever add one this file does not know, they
  // would drift, and a finding misplaced is worse than none.
  if (tokens.map(token => token.text).join('') !== file.text) return;
  const indentedLines = new Set(file.findings.filter(f => f.rule === 'tab-indent').map(f => f.line));
  const reported = new Set<number>();
  for (const { offset, text, type } of tokens) {
    if (type !== 'space' && type !== 'plain') continue;
    for (let at = text.indexOf('\t'); at !== -1; at = text.indexOf('\t', at + 1)) {
      const line = file.lines.linePos(offset + at).line;
      if (indentedLines.has(line) || reported.has(line)) continue;
      reported.add(line);
      addFinding(file, 'tab-spacing', [offset + at, offset + at + 1], MESSAGE);
    }
  }
}
