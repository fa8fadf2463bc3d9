// yaml-syntax, tab-indent, yaml-warning: what the YAML parser found, at its position,
// in words a blueprint's author can act on.
import type { Document, ErrorCode, YAMLError } from 'yaml';
import { serverText } from '../../core/untrusted.js';
import { addFinding, type FileCheck } from '../context.js';
import type { RuleId } from '../rules.js';

/** The parser's own words, kept short after ours: they name the token it stopped at. */
const PARSER_WORDS_MAX_CHARS = 120;

/** What each parser error means for a blueprint's author; the parser's own words follow it. */
const PLAIN_WORDS: Partial<Record<ErrorCode, string>> = {
  BLOCK_AS_IMPLICIT_KEY:
    'A ": " inside an unquoted value starts a new key here: quote the whole value, or write it as a block string (|)',
  MULTILINE_IMPLICIT_KEY:
    'A key must fit on one line and end with ":"; this line continues the one above or lacks its ":"',
  MISSING_CHAR: 'Something is missing here (a closing quote or bracket, a "- ", or a ":")',
  BAD_INDENT: 'The indentation here does not fit the lines around it',
  UNEXPECTED_TOKEN: 'This is not where the YAML parser expected it: check the indentation and the quoting of the line',
  BAD_SCALAR_START: 'An unquoted value cannot start with this character: quote the value',
  BAD_DQ_ESCAPE:
    'A backslash escape in a double-quoted value is not valid: use single quotes, or write \\\\ for a backslash',
  BAD_ALIAS: 'An alias (*name) must name an anchor (&name) defined before it',
  ALIAS_PROPS: 'An alias (*name) cannot have an anchor or a tag of its own',
  MULTIPLE_ANCHORS: 'A value can have one anchor (&name) only',
  MULTIPLE_TAGS: 'A value can have one tag (!name) only',
  BAD_PROP_ORDER: 'An anchor or a tag is misplaced here',
  KEY_OVER_1024_CHARS: 'A key is longer than the 1024 characters YAML allows: check for a missing line break',
  BLOCK_IN_FLOW: 'A block value cannot stand inside [ ] or { }',
  BAD_DIRECTIVE: 'A line starting with % is read as a YAML directive: indent it or quote it',
  MULTIPLE_DOCS: 'A document can start only once here',
  RESOURCE_EXHAUSTION: 'The file nests too deeply to be read'
};

/**
 * The parser's errors and warnings for one document. Tabs are reported each (one a line); of the
 * other errors only the first, as the ones after it are usually its consequences. Returns whether
 * the document has no error, i.e. whether the blueprint rules can read it as the parser shows it.
 */
export function checkParse(file: FileCheck, document: Document.Parsed): boolean {
  let syntaxReported = false;
  const tabLines = new Set<number>();
  for (const error of document.errors) {
    if (error.code === 'TAB_AS_INDENT') {
      const line = file.lines.linePos(error.pos[0]).line;
      if (!tabLines.has(line)) report(file, 'tab-indent', error, TAB_MESSAGE);
      tabLines.add(line);
    } else if (!syntaxReported) {
      syntaxReported = true;
      report(file, 'yaml-syntax', error, `${PLAIN_WORDS[error.code] ?? 'This is not valid YAML'}${parserSays(error)}.`);
    }
  }
  for (const warning of document.warnings) report(file, 'yaml-warning', warning, warningMessage(warning));
  return document.errors.length === 0;
}

const TAB_MESSAGE = 'A tab indents this line: YAML indents with spaces only; replace the tab with spaces.';

function report(file: FileCheck, rule: RuleId, error: YAMLError, message: string): void {
  addFinding(file, rule, [error.pos[0], Math.max(error.pos[0], error.pos[1])], message);
}

function parserSays(error: YAMLError): string {
  return ` (the YAML parser says: ${serverText(error.message, PARSER_WORDS_MAX_CHARS)})`;
}

function warningMessage(warning: YAMLError): string {
  const what =
    warning.code === 'TAG_RESOLVE_FAILED'
      ? 'A tag that YAML readers do not all know: Devin may refuse the file or read the value differently; remove the tag'
      : warning.code === 'BAD_DIRECTIVE'
        ? 'A directive that YAML readers do not all know: remove it'
        : 'YAML readers may read this differently';
  return `${what}${parserSays(warning)}.`;
}
