// The file's tokens as the YAML lexer reads them, each with its offset in the file and its type, for
// the checks that look below the parsed documents (tab-spacing, reading as PyYAML does).
import { CST, Lexer } from 'yaml';

/** Tokens the lexer adds that are not text of the file: document start, flow error end, scalar start, byte order mark. */
const SYNTHETIC = new Set(['\x02', '\x18', '\x1f', '\uFEFF']);
const SCALAR_START = '\x1f';

/**
 * CST.tokenType's, and after a scalar start the two it cannot tell from the others by their text:
 * a plain value, or a block scalar's text (after a header).
 */
export type TokenType = ReturnType<typeof CST.tokenType> | 'plain' | 'block-text';

export interface Token {
  offset: number;
  text: string;
  type: TokenType;
}

export function tokensOf(text: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  let scalarNext = false;
  let blockTextNext = false;
  for (const token of new Lexer().lex(text)) {
    if (SYNTHETIC.has(token)) {
      if (token === SCALAR_START) scalarNext = true;
      continue;
    }
    const type = scalarNext ? (blockTextNext ? 'block-text' : 'plain') : CST.tokenType(token);
    if (type === 'block-scalar-header') blockTextNext = true;
    else if (scalarNext) blockTextNext = false;
    scalarNext = false;
    tokens.push({ offset, text: token, type });
    offset += token.length;
  }
  return tokens;
}
