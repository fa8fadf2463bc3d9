// How text may be written so that it reads the same: terminal escape sequences, which a terminal
// does not show, and a text's loose form, in which a secret is found whatever escapes spell it.

/**
 * Whole terminal escape sequences, so that none of their bytes is left to show: control strings
 * (OSC, e.g. hyperlinks, and DCS, SOS, PM, APC) up to BEL or ST, or up to an ESC or the end when
 * unterminated; CSI sequences (colours, cursor moves); other ESC sequences; and their C1 forms.
 */
export const ESCAPE_SEQUENCE = new RegExp(
  [
    String.raw`(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?`,
    String.raw`(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?`,
    String.raw`\x1b[\x20-\x2f]*[\x30-\x7e]?`
  ].join('|'),
  'g'
);
/** Rounds of decoding: `&amp;#95;` takes two; more is a body built to make the check slow. */
const DECODE_ROUNDS = 4;

/**
 * The named character references that stand for printable ASCII (a token is printable ASCII), each
 * name followed by its character, and the spaces (Tab, NewLine, nbsp), which are dropped anyway.
 */
const NAMED_REFERENCES = new Map([
  ...[
    ...'excl!quot"QUOT"num#dollar$percnt%amp&AMP&apos\'lpar(rpar)ast*midast*plus+comma,period.sol/colon:semi;lt<LT<equals=gt>GT>quest?commat@lsqb[lbrack[bsol\\rsqb]rbrack]Hat^lowbar_UnderBar_grave`DiacriticalGrave`lcub{lbrace{verbar|vert|VerticalLine|rcub}rbrace}'.matchAll(
      /([a-z]+)([^a-z])/gi
    )
  ].map(([, name, char]) => [name, char] as const),
  ...['Tab', 'NewLine', 'nbsp'].map(name => [name, ' '] as const)
]);
/** JSON's one-letter escapes (their characters are spaces or themselves). */
const SHORT_ESCAPES = new Map(
  Object.entries({ b: ' ', f: ' ', n: ' ', r: ' ', t: ' ', '"': '"', '/': '/', '\\': '\\' })
);
/** Character references (`&#95;`, `&#x5f;`, `&lowbar;`), JSON and JavaScript escapes (`\u005f`, `\x5f`, `\n`) and percent escapes (`%5F`). */
const ENCODED_CHARACTER =
  /&#x([0-9a-f]{1,6});?|&#([0-9]{1,7});?|&([a-z]{2,16});?|\\u\{([0-9a-f]{1,6})\}|\\u([0-9a-f]{4})|\\x([0-9a-f]{2})|\\([bfnrt"/\\])|%([0-9a-f]{2})/gi;
/** What makes a text's loose form more than its lower case: anything but printable ASCII, and the escapes' first characters. */
const PLAIN_CHANGEABLE = /[^\x21-\x7e]|[&\\%]/;
/** Spaces, controls and invisible formatting characters, which a reader does not see as part of a word. */
const UNSEEN = /[\s\p{Cc}\p{Cf}]/gu;

/**
 * How a text reads once its escapes are decoded: character references, JSON, JavaScript and percent
 * escapes decoded (again while that changes it, for escapes of escapes), terminal escape sequences,
 * spaces and controls removed, compatibility forms folded (NFKC: full-width letters) and case folded.
 * Two texts that read alike have the same loose form; for finding a secret in a changed form only.
 */
export function looseForm(text: string): string {
  // Printable ASCII with no space, `&`, `\` or `%` has nothing to decode or drop: case is all there is.
  if (!PLAIN_CHANGEABLE.test(text)) return text.toLowerCase();
  const seen = (part: string): string => part.replace(ESCAPE_SEQUENCE, '').replace(UNSEEN, '');
  let form = seen(text);
  for (let round = 0; round < DECODE_ROUNDS; round++) {
    const decoded = seen(form.replace(ENCODED_CHARACTER, decodeCharacter));
    if (decoded === form) break;
    form = decoded;
  }
  return seen(form.normalize('NFKC').toLowerCase());
}

function decodeCharacter(match: string, ...groups: (string | undefined)[]): string {
  const [hexReference, decimalReference, name, braced, unicode, hex, short, percent] = groups;
  const code = [hexReference, braced, unicode, hex, percent].find(group => group !== undefined);
  const point =
    code !== undefined ? parseInt(code, 16) : decimalReference !== undefined ? Number(decimalReference) : NaN;
  if (!Number.isNaN(point)) return point <= 0x10ffff ? String.fromCodePoint(point) : match;
  if (short !== undefined) return SHORT_ESCAPES.get(short) ?? match;
  return (name !== undefined && NAMED_REFERENCES.get(name)) || match;
}
