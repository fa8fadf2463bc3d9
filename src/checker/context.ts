// What the rules share while they read one file: where to put findings and actions, positions from
// the YAML parser, and a bounded way through aliases.
import {
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  type Alias,
  type Document,
  type LineCounter,
  type Node,
  type Pair
} from 'yaml';
import { serverText } from '../core/untrusted.js';
import type { ActionReference, Finding, Tier } from './finding.js';
import { RULES, type RuleId } from './rules.js';
import { aliasTargets } from './tree.js';

/** How much of the file's text a message quotes: enough to recognise it, never a flood. */
const QUOTE_MAX_CHARS = 60;

/** Where a finding stands: a node of the file, or offsets [start, end) into its text. */
export type Place = Node | readonly [number, number];

/** What the checks of one file collect. */
export interface FileCheck {
  readonly text: string;
  readonly lines: LineCounter;
  readonly tier: Tier;
  readonly findings: Finding[];
  readonly actions: ActionReference[];
}

export class CheckContext {
  /** The nodes already checked, by the role they were checked in: an alias used twice is read once. */
  private readonly checked = new Map<string, Set<Node>>();

  /** The node each alias names, found in one walk of the document. */
  private readonly aliases: Map<Alias, Node>;

  constructor(
    readonly file: FileCheck,
    document: Document.Parsed
  ) {
    this.aliases = aliasTargets(document);
  }

  get tier(): Tier {
    return this.file.tier;
  }

  report(rule: RuleId, place: Place, message: string): void {
    addFinding(this.file, rule, place, message);
  }

  addAction(reference: Omit<ActionReference, 'line' | 'column' | 'endLine' | 'endColumn'>, place: Node): void {
    this.file.actions.push({ ...reference, ...positionOf(this.file, place) });
  }

  /**
   * The node an alias stands for (a node is its own), or null for a missing value. Aliases are
   * never expanded into copies: each is one step to the node its anchor names.
   */
  resolve(node: unknown): Node | null {
    if (isAlias(node)) return this.aliases.get(node) ?? null;
    return isMap(node) || isSeq(node) || isScalar(node) ? node : null;
  }

  /**
   * True the first time `node` is checked in `role`: a node reached again through an alias has its
   * findings already, at its own place. This keeps the work bounded by the size of the file.
   */
  firstVisit(role: string, node: Node): boolean {
    let nodes = this.checked.get(role);
    if (!nodes) this.checked.set(role, (nodes = new Set()));
    if (nodes.has(node)) return false;
    nodes.add(node);
    return true;
  }
}

/** A finding of `rule` at `place`, with the rule's severity. */
export function addFinding(file: FileCheck, rule: RuleId, place: Place, message: string): void {
  file.findings.push({ rule, severity: RULES[rule].severity, message, ...positionOf(file, place) });
}

/** 1-based line and column of `place`, and where it ends (just past its last character that is not a space). */
export function positionOf(
  file: Pick<FileCheck, 'text' | 'lines'>,
  place: Place
): Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'> {
  const [start, rawEnd] = isNode(place) ? (place.range ?? [0, 0]) : place;
  let end = Math.min(rawEnd, file.text.length);
  while (end > start && /\s/.test(file.text[end - 1])) end--;
  const from = linePos(file.lines, start);
  if (end <= start) return { line: from.line, column: from.col };
  const to = linePos(file.lines, end);
  return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
}

/** Where `offset` is, 1-based; the file's start when the parser stopped before counting lines. */
function linePos(lines: LineCounter, offset: number): { line: number; col: number } {
  const { line, col } = lines.linePos(offset);
  return line < 1 ? { line: 1, col: 1 } : { line, col };
}

/** A key's text, or undefined for a key that is not text (a list, a map, an empty key). */
export function keyName(pair: Pair): string | undefined {
  if (!isScalar(pair.key) || pair.key.value === null || typeof pair.key.value === 'object') return undefined;
  return String(pair.key.value);
}

/** Where to report about a pair as a whole: its key, or its value when the key is missing. */
export function placeOfPair(pair: Pair): Place {
  for (const node of [pair.key, pair.value])
    if (isMap(node) || isSeq(node) || isScalar(node) || isAlias(node)) return node;
  return [0, 0];
}

/** What a value is, in the words a message uses: "a list", "text", "a number", "empty". */
export function kindOf(node: Node | null): string {
  if (node === null) return 'empty';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (!isScalar(node)) return 'an alias';
  const value = node.value;
  if (value === null) return 'empty';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' || typeof value === 'bigint') return 'a number';
  return 'a value that is not text';
}

/** True when `node` is missing, or a scalar with no value (`key:` or `~`). */
export function isEmpty(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

/** The file's text in a message: one plain line, bounded, between backticks. The file is untrusted. */
export function quote(text: string): string {
  return `\`${serverText(text, QUOTE_MAX_CHARS)}\``;
}
