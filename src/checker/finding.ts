// What the blueprint checker reports: one finding per problem, at the place in the file the YAML
// parser gives, with a rule id a reader can look up in docs/blueprint-checks.md.

/** error: Devin rejects the file or the build fails because of it; warning: Devin accepts it but
 * ignores or changes what was written; notice: worth knowing. */
export type Severity = 'error' | 'warning' | 'notice';

/** The blueprint's tier: where it is set decides which sections take effect. */
export type Tier = 'repo' | 'org' | 'enterprise';

export interface Finding {
  /** The rule's id, as docs/blueprint-checks.md lists it (kebab-case). */
  rule: string;
  severity: Severity;
  /** One plain sentence a user can act on. Text quoted from the file is untrusted. */
  message: string;
  /** 1-based line and column where the finding starts. */
  line: number;
  column: number;
  /** Where it ends, when it spans text: the line and column just past its last character. */
  endLine?: number;
  endColumn?: number;
}

/** A `uses:` value found in a blueprint, well-formed, with where it stands in the file. */
export interface ActionReference {
  /** github.com/<owner>/<repo>[/<subpath>]@<ref>, as written. */
  text: string;
  owner: string;
  repo: string;
  /** The folder of the action.yml inside the repository, '' for the root. */
  path: string;
  ref: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}
