// What the checker's unit tests share: the checker run on a text, its findings in a short form.
import { checkBlueprint } from '../../../src/checker/checker.js';
import type { Finding, Tier } from '../../../src/checker/finding.js';

export interface Found {
  rule: string;
  severity: Finding['severity'];
  line: number;
  column: number;
}

/** The findings for `text` as rule, severity, line and column, in the checker's order. */
export function found(text: string, tier: Tier = 'repo', path = '.devin/blueprint.yaml'): Found[] {
  return messages(text, tier, path).map(({ rule, severity, line, column }) => ({ rule, severity, line, column }));
}

/** The whole findings for `text`, messages included. */
export function messages(text: string, tier: Tier = 'repo', path = '.devin/blueprint.yaml'): Finding[] {
  return checkBlueprint({ text, path, tier }).findings;
}

/** `text` as lines, so that a test's YAML reads as a file, line numbers included. */
export const lines = (...rows: string[]): string => `${rows.join('\n')}\n`;
