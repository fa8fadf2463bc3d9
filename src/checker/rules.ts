// Every rule of the blueprint checker, in one table: its id, its severity, what it catches, why, and
// where the fact comes from. docs/blueprint-checks.md lists the same rules for users (a unit test
// holds the two together); the checks themselves are in rules/, by the part of the file they read.
import type { Severity } from './finding.js';

interface Rule {
  severity: Severity;
  /** What it catches, in a few words. */
  catches: string;
  /** Why it matters: what Devin does with such a file. */
  why: string;
  /** The reference page or the observation the rule rests on. */
  source: string;
}

const REFERENCE = 'Devin blueprint reference';
const OBSERVED = 'public .devin/blueprint.yaml files';
const YAML_SPEC = 'YAML 1.2 specification';

export const RULES = {
  'yaml-syntax': {
    severity: 'error',
    catches:
      'text that is not valid YAML (the first problem in each document), an alias (`*name`) that names no anchor',
    why: 'Devin cannot read the file, so no section of it runs',
    source: `${YAML_SPEC}; ${OBSERVED} (an unquoted ": " inside a value)`
  },
  'duplicate-key': {
    severity: 'warning',
    catches: 'a key written twice in the same map',
    why: "YAML 1.2 forbids it, but Python's YAML readers (PyYAML, libyaml) accept it and keep the last value: the first is ignored",
    source: YAML_SPEC
  },
  'tab-indent': {
    severity: 'error',
    catches: 'a tab in the indentation of a line',
    why: 'YAML indents with spaces only; a tab makes the file unreadable',
    source: YAML_SPEC
  },
  'tab-spacing': {
    severity: 'warning',
    catches:
      'a tab outside indentation, quoted text, block text and comments: after `:` or `-`, between words of an unquoted value, on an empty line',
    why: "YAML 1.2 allows it, but PyYAML's safe_load (Python's usual YAML reader) refuses the whole file",
    source: `${YAML_SPEC}; PyYAML 6`
  },
  'yaml-warning': {
    severity: 'warning',
    catches:
      "an unknown tag (`!name`) or directive (`%NAME`); what YAML 1.2 and PyYAML read differently: a `#` right after a quote or bracket, a quoted or `[ ]` value continued at its key's indentation, a control character or line separator, an anchor set twice or named with other than letters, digits, `-`, `_`",
    why: 'other YAML readers refuse the file or read the value differently',
    source: `${YAML_SPEC}; PyYAML 6`
  },
  'document-type': {
    severity: 'error',
    catches: 'a document that is a list or a single value instead of a map of sections',
    why: 'a blueprint is a map of sections; Devin has nothing to read in anything else',
    source: REFERENCE
  },
  'does-nothing': {
    severity: 'notice',
    catches: 'an empty file, document, section, list item or `run`; `true`, `:` or only comments',
    why: 'it is accepted and runs nothing; often a placeholder that was meant to be filled in',
    source: OBSERVED
  },
  'unknown-key': {
    severity: 'warning',
    catches: 'a top-level key other than the five sections, `runs-on`, `shell` and `description`',
    why: 'Devin ignores it; usually a misspelt section (the nearest known key is named)',
    source: `${REFERENCE}; ${OBSERVED} (runs-on, shell, description)`
  },
  'runs-on': {
    severity: 'warning',
    catches: '`runs-on` other than `default`, `macos` or `windows`',
    why: 'public blueprints use only these three platforms, one document each',
    source: OBSERVED
  },
  'post-build-in-repo': {
    severity: 'warning',
    catches: '`post-build` in a repo blueprint',
    why: 'post-build is for org and enterprise blueprints only: in a repo blueprint it does not run',
    source: REFERENCE
  },
  'clone-outside-repo': {
    severity: 'warning',
    catches: '`clone` in an org or enterprise blueprint',
    why: 'clone applies to repo blueprints only: elsewhere it has no effect',
    source: REFERENCE
  },
  'section-type': {
    severity: 'error',
    catches:
      '`initialize`, `maintenance` or `post-build` that is not a block string or a list of steps, or a list item that is neither a step nor a string',
    why: 'a section is one command string or a list of steps; Devin cannot run anything else',
    source: REFERENCE
  },
  'step-action': {
    severity: 'error',
    catches: 'a step with neither or both of `run` and `uses`',
    why: 'a step runs exactly one command or one action',
    source: REFERENCE
  },
  'step-key': {
    severity: 'warning',
    catches: 'a step key other than `name`, `run`, `uses`, `with`, `env` and `shell`',
    why: 'Devin ignores it (GitHub Actions keys such as `if` or `working-directory` included)',
    source: `${REFERENCE}; ${OBSERVED} (shell)`
  },
  'step-with-on-run': {
    severity: 'warning',
    catches: '`with` on a `run` step',
    why: '`with` passes inputs to an action; a command step ignores it',
    source: REFERENCE
  },
  'step-field-type': {
    severity: 'error',
    catches: '`name` that is a map or a list, `run` or `uses` that is not text, or `with` or `env` that is not a map',
    why: 'Devin reads these fields with these types only',
    source: REFERENCE
  },
  'text-unquoted': {
    severity: 'warning',
    catches:
      'a step `name`, or a knowledge item `name` or `contents`, that YAML reads as a number, true or false; a command that one YAML reads so and the other as text (`yes`, `on`, `1e3`), a `clone.path` or `clone.ref` that only YAML 1.2 reads as a number (`1e3`, `0o17`)',
    why: 'these fields are text: Devin may refuse another type, or get other text than written (`1.10` read as 1.1)',
    source: `${REFERENCE}; ${YAML_SPEC}`
  },
  'uses-format': {
    severity: 'error',
    catches:
      '`uses` that is not `github.com/<owner>/<repo>[/<path>]@<ref>` (the corrected form when it can be guessed)',
    why: 'the github.com/ prefix and the @<ref> are both required: Devin cannot fetch the action otherwise',
    source: REFERENCE
  },
  'value-changed': {
    severity: 'warning',
    catches:
      'an unquoted value in `with` or `env` that YAML turns into something else (`3.10` into 3.1, `1_000`, `010`, `yes`, `on`, an empty value), and a `clone` flag written yes/no/on/off',
    why: 'Devin passes every value as text: the action or command gets the changed text, not what was written',
    source: `${REFERENCE} (values are turned into strings; quote versions); YAML 1.1 and 1.2 specifications`
  },
  'value-not-text': {
    severity: 'warning',
    catches: 'a value in `with` or `env` that is a map or a list',
    why: 'Devin turns every value into text: a map or list arrives as its printed form',
    source: REFERENCE
  },
  'knowledge-item': {
    severity: 'error',
    catches:
      '`knowledge` that is not a list, or an item that is not a map with a `name` and `contents` that are text (or a number, true or false: `text-unquoted`)',
    why: 'each knowledge item is a name and its contents; an item lacking either cannot be read',
    source: REFERENCE
  },
  'knowledge-key': {
    severity: 'warning',
    catches: 'a knowledge item key other than `name` and `contents`',
    why: 'Devin ignores it',
    source: `${REFERENCE}; ${OBSERVED}`
  },
  'clone-field': {
    severity: 'error',
    catches:
      '`clone` that is not a map, or a field of the wrong type (path and ref text, depth a whole number ≥ 0, tags and lfs true/false, submodules true/false/recursive)',
    why: 'Devin reads the clone fields with these types only',
    source: REFERENCE
  },
  'clone-ref-sha': {
    severity: 'error',
    catches: '`clone.ref` that is a full commit SHA (40 or 64 hex characters)',
    why: 'clone.ref takes a branch or a tag: commit SHAs are not supported',
    source: REFERENCE
  },
  'clone-key': {
    severity: 'warning',
    catches: 'a `clone` key other than `path`, `ref`, `depth`, `tags`, `submodules` and `lfs`',
    why: 'Devin ignores it',
    source: REFERENCE
  },
  'file-name': {
    severity: 'notice',
    catches: 'a file in `.devin/` other than `blueprint.yaml` (e.g. the older `environment.yaml`, or `blueprint.yml`)',
    why: 'a git-backed blueprint is synced from `.devin/blueprint.yaml` only',
    source: 'Devin git-backed blueprints guide'
  }
} as const satisfies Record<string, Rule>;

export type RuleId = keyof typeof RULES;
