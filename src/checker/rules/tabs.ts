// tab-spacing: a tab that is neither indentation (tab-indent) nor inside quoted text, block text or
// a comment: after a `:` or a `-`, between tokens, on an otherwise empty line, in an unquoted value.
// YAML 1.2 and the parser here allow it; PyYAML's safe_load, the YAML reader a Python service is
// likeliest to use, refuses the whole file over it. Which reader Devin uses is not published, so
// this is a warning. The lexer's tokens say where each tab stands.
import { CST, Lexer } from 'yaml';
import { addFinding, type FileCheck } from '../context.js';

/** Tokens the lexer adds that are not text of the file: document start, flow error end, scalar start, byte order mark. */
export const SYNTHETIC = new Set(['\x02', '\x18', '\x1f', '\uFEFF']);

const MESSAGE =
  "A tab here: YAML 1.2 allows it, but PyYAML's safe_load (Python's usual YAML reader) refuses the whole file over it; replace it with spaces, or quote the value.";

/** One finding a line, on its first such tab; lines a tab indents are tab-indent's already. */
export function checkTabSpacing(file: FileCheck): void {
  if (!file.text.includes('\t')) return;
  const tokens = [...new Lexer().lex(file.text)];
  // Offsets are counted from the tokens: should the lexer ever add one this file does not know, they
  // would drift, and a finding misplaced is worse than none.
  if (tokens.filter(token => !SYNTHETIC.has(token)).join('') !== file.text) return;
  const indentedLines = new Set(file.findings.filter(f => f.rule === 'tab-indent').map(f => f.line));
  const reported = new Set<number>();
  let offset = 0;
  let scalarNext = false;
  let blockTextNext = false;
  for (const token of tokens) {
    if (SYNTHETIC.has(token)) {
      if (token === '\x1f') scalarNext = true;
      continue;
    }
    // After a scalar start comes a plain value, or a block scalar's text when a header came before.
    const type = scalarNext ? (blockTextNext ? 'block-text' : 'plain') : CST.tokenType(token);
    if (type === 'block-scalar-header') blockTextNext = true;
    else if (scalarNext) blockTextNext = false;
    scalarNext = false;
    if (type === 'space' || type === 'plain') {
      for (let at = token.indexOf('\t'); at !== -1; at = token.indexOf('\t', at + 1)) {
        const line = file.lines.linePos(offset + at).line;
        if (indentedLines.has(line) || reported.has(line)) continue;
        reported.add(line);
        addFinding(file, 'tab-spacing', [offset + at, offset + at + 1], MESSAGE);
      }
    }
    offset += token.length;
  }
}
