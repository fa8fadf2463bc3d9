// The blueprint checker: a Devin blueprint's text, its path and its tier in, findings and the
// actions it uses out. Pure: no I/O, no clock; its rules are listed in rules.ts.
import { LineCounter } from 'yaml';
import { serverText } from '../core/untrusted.js';
import { addFinding, CheckContext, type FileCheck } from './context.js';
import type { ActionReference, Finding, Tier } from './finding.js';
import { readDocuments, type Reading } from './python-reading.js';
import { checkAnchors } from './rules/anchors.js';
import { checkCharacters } from './rules/characters.js';
import { checkDocument } from './rules/document.js';
import { checkDuplicateKeys } from './rules/duplicate-keys.js';
import { checkTabSpacing } from './rules/tabs.js';
import { checkParse } from './rules/yaml.js';

export interface CheckResult {
  /** Sorted by line, then column. */
  findings: Finding[];
  /** Every well-formed `uses`, in the order of the file, for the verifier. */
  actions: ActionReference[];
}

export function checkBlueprint(input: { text: string; path: string; tier: Tier }): CheckResult {
  // A byte order mark is no column of line 1: positions are counted without it. A lone CR is a line
  // break to YAML 1.2 and to PyYAML, not to the parser here: it becomes LF, of the same length.
  const text = input.text.replace(/^\uFEFF/, '').replace(/\r(?!\n)/g, '\n');
  // Lines are counted from the text, not by the parser: it may read a rewritten copy (readDocuments).
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines.addNewLine(at + 1);
  const file: FileCheck = { text, lines, tier: input.tier, findings: [], actions: [] };
  let reading: Reading;
  try {
    reading = readDocuments(text);
  } catch (error) {
    const message = `The YAML parser could not read the file (${serverText(String(error), 120)}).`;
    addFinding(file, 'yaml-syntax', [0, 0], message);
    return { findings: file.findings, actions: [] };
  }
  const { documents, rewrites } = reading;
  for (const rewrite of rewrites) addFinding(file, 'yaml-warning', rewrite.at, rewrite.message);
  checkCharacters(file);
  checkFileName(file, input.path);
  if (documents.length === 0) {
    const message = 'The file holds no blueprint, only comments or nothing: it does nothing.';
    addFinding(file, 'does-nothing', [0, 0], message);
  }
  for (const document of documents) {
    if (!checkParse(file, document)) continue;
    const context = new CheckContext(file, document);
    // An alias that names nothing is a syntax error: like the parser's, it stops the document's rules.
    if (!checkAnchors(context, document)) continue;
    checkDuplicateKeys(context, document);
    checkDocument(context, document);
  }
  // After every document's parse: the lines a tab indents (tab-indent) are known by then.
  checkTabSpacing(file);
  const findings = file.findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return { findings, actions: file.actions };
}

/** Git-backed blueprints are read from `.devin/blueprint.yaml`: another file in `.devin/` is not synced. */
function checkFileName(file: FileCheck, path: string): void {
  const match = /(?:^|[\\/])\.devin[\\/]([^\\/]+)$/.exec(path);
  if (!match || match[1] === 'blueprint.yaml') return;
  const older = /^environment\.ya?ml$/.test(match[1]) ? ', the older name of the file' : '';
  const message = `Devin syncs a repository's blueprint from .devin/blueprint.yaml, not from .devin/${serverText(match[1], 60)}${older}: rename it for a git-backed blueprint.`;
  addFinding(file, 'file-name', [0, 0], message);
}
