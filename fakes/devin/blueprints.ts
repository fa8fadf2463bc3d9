// The org's blueprints in the fake Devin API: each one's history of versions (its YAML and
// position, and when each took effect), so that the API's answers now, what the org held at any
// instant and what a build carried when it started all follow from one record.
import { randomBytes } from 'node:crypto';

/** A blueprint as the API serialises it (the OpenAPI `Blueprint` schema). */
export interface BlueprintWire {
  blueprint_id: string;
  created_at: number;
  repo_name: string | null;
  /** 'enterprise', 'org' or 'repo', unless a test gave another (the contract says the enum may grow). */
  type: string;
  updated_at: number;
}

/** A blueprint as the org held it at an instant: as the API writes it, and what the API does not show. */
export interface BlueprintAt extends BlueprintWire {
  contents: string | null;
  /** 1 when created, one more at each change of its contents or position. */
  version: number;
  /** Orders the repo-tier blueprints' execution; 0 for the other tiers. */
  position: number;
}

export interface NewBlueprint {
  /** Set: a repo-tier blueprint for that repository; null: an org-tier one. */
  repoName: string | null;
  contents: string | null;
  /** Ms on the fake's clock: it does not exist before. */
  createdAt: number;
  /** Default 'repo' with a repoName, else 'org'. */
  type?: string;
}

export interface BlueprintChange {
  contents?: string | null;
  position?: number;
}

interface Version {
  at: number;
  contents: string | null;
  position: number;
}

interface StoredBlueprint {
  id: string;
  /** Creation order: breaks ties in the execution order. */
  sequence: number;
  repoName: string | null;
  type: string;
  createdAt: number;
  /** In the order they took effect; the first is the creation. */
  versions: Version[];
}

/** The index of the version in effect at `at`, from the creation's on (versions are in time order). */
function inEffect(versions: readonly Version[], at: number): number {
  let index = 0;
  while (index + 1 < versions.length && versions[index + 1].at <= at) index++;
  return index;
}

/** Execution order of the tiers; a type the fake does not know runs last. */
const TIER_RANK: Record<string, number> = { enterprise: 0, org: 1, repo: 2 };
const rank = (type: string): number => TIER_RANK[type] ?? 3;

export class BlueprintStore {
  private readonly blueprints: StoredBlueprint[] = [];
  private nextPosition = 1;

  /** `wireTime`: a time as the API writes it (the fake's timestampUnit). */
  constructor(private readonly wireTime: (ms: number) => number) {}

  create({ repoName, contents, createdAt, type }: NewBlueprint): BlueprintAt {
    let id: string;
    do id = `bp_${randomBytes(8).toString('hex')}`;
    while (this.blueprints.some(blueprint => blueprint.id === id));
    const position = repoName === null ? 0 : this.nextPosition++;
    const blueprint: StoredBlueprint = {
      id,
      sequence: this.blueprints.length,
      repoName,
      type: type ?? (repoName === null ? 'org' : 'repo'),
      createdAt,
      versions: [{ at: createdAt, contents, position }]
    };
    this.blueprints.push(blueprint);
    return this.stateAt(blueprint, createdAt);
  }

  /** The blueprints that exist at `at`, in execution order: enterprise, org, then repo tier by position. */
  at(at: number): BlueprintAt[] {
    return this.blueprints
      .filter(blueprint => blueprint.createdAt <= at)
      .map(blueprint => ({ blueprint, state: this.stateAt(blueprint, at) }))
      .sort(
        (a, b) =>
          rank(a.blueprint.type) - rank(b.blueprint.type) ||
          a.state.position - b.state.position ||
          a.blueprint.sequence - b.blueprint.sequence
      )
      .map(({ state }) => state);
  }

  /** One blueprint as it was at `at`; undefined when it did not exist then. */
  get(id: string, at: number): BlueprintAt | undefined {
    const blueprint = this.blueprints.find(candidate => candidate.id === id);
    return blueprint && blueprint.createdAt <= at ? this.stateAt(blueprint, at) : undefined;
  }

  /**
   * A new version at `at`, when `change` differs from the version in effect then (a change to the
   * same contents makes no version and leaves updated_at); the blueprint as it is at `at` after it.
   */
  change(id: string, change: BlueprintChange, at: number): { changed: boolean; blueprint: BlueprintAt } {
    const blueprint = this.blueprints.find(candidate => candidate.id === id);
    if (!blueprint || blueprint.createdAt > at) throw new Error(`FakeDevinApi has no blueprint ${id} at ${at}`);
    const { versions } = blueprint;
    const before = inEffect(versions, at);
    const current = versions[before];
    const next = { at, contents: current.contents, position: current.position, ...change };
    const changed = next.contents !== current.contents || next.position !== current.position;
    if (changed) versions.splice(before + 1, 0, next);
    return { changed, blueprint: this.stateAt(blueprint, at) };
  }

  wire({ blueprint_id, created_at, repo_name, type, updated_at }: BlueprintAt): BlueprintWire {
    return { blueprint_id, created_at, repo_name, type, updated_at };
  }

  private stateAt(blueprint: StoredBlueprint, at: number): BlueprintAt {
    const index = inEffect(blueprint.versions, at);
    const { at: updatedAt, contents, position } = blueprint.versions[index];
    return {
      blueprint_id: blueprint.id,
      created_at: this.wireTime(blueprint.createdAt),
      repo_name: blueprint.repoName,
      type: blueprint.type,
      updated_at: this.wireTime(updatedAt),
      contents,
      version: index + 1,
      position
    };
  }
}
