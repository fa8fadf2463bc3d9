// What the Devin gate does to the org's blueprints before the build: a sync from the repository's
// default branch, or an upload of a candidate file (the repository's repo-tier blueprint replaced).
import type { Prepared, PrepareCall } from '../core/build.js';
import { ActionError, ApiError } from '../core/errors.js';
import { isoTime } from '../core/time.js';
import { serverText } from '../core/untrusted.js';
import type { BlueprintFile } from './blueprint-file.js';
import type { DevinBlueprint, DevinClient } from './client.js';
import { sameness, type RepoName } from './repo-name.js';
import { epochMs } from './timestamps.js';

export interface BlueprintPlan {
  /** The repository whose blueprint is synced or uploaded. */
  repo?: RepoName;
  sync: boolean;
  /** The candidate to upload, when there is one. */
  blueprint?: BlueprintFile;
}

/** Syncs or uploads as `plan` asks; undefined when it asks for neither. */
export function prepareBlueprints(
  client: DevinClient,
  plan: BlueprintPlan,
  call: PrepareCall
): Promise<Prepared | undefined> {
  const { repo, sync, blueprint } = plan;
  if (!repo) return Promise.resolve(undefined);
  if (sync) return syncBlueprint(client, repo, call);
  if (blueprint) return uploadBlueprint(client, repo, blueprint, call);
  return Promise.resolve(undefined);
}

/** Sync is idempotent (no new version when unchanged), so its retries are safe. */
async function syncBlueprint(client: DevinClient, repo: RepoName, call: PrepareCall): Promise<Prepared> {
  await call(context => client.syncBlueprint(repo, context));
  return {
    result: 'synced',
    summary: `Synced the blueprint of ${repo.given} (.devin/blueprint.yaml on its default branch) into ${client.orgId}.`,
    followSuperseding: true
  };
}

/**
 * Replaces `repo`'s repo-tier blueprint with the candidate: updates the one the list finds, creates
 * it when there is none, and refuses when more than one matches. A create whose answer was lost is
 * never sent again: the list is read again and what it finds is updated. The contents are never
 * printed. After the build, `recheck` reads the blueprint again: a change since the upload means
 * the build's verdict may be about other contents.
 */
async function uploadBlueprint(
  client: DevinClient,
  repo: RepoName,
  file: BlueprintFile,
  call: PrepareCall
): Promise<Prepared> {
  const existing = await repoBlueprint(client, repo, call);
  let uploaded: DevinBlueprint;
  let did: string;
  if (existing) {
    uploaded = await updateBlueprint(client, existing.blueprint_id, file.contents, call);
    did = `replacing the contents of blueprint ${serverText(existing.blueprint_id, 80)}`;
  } else {
    const created = await call(async context => {
      try {
        return await client.createBlueprint(repo, file.contents, context);
      } catch (error) {
        // Not sent again once it may have been carried out: a second create would make a second blueprint.
        if (error instanceof ApiError && error.details.ambiguous) return undefined;
        throw error;
      }
    });
    if (created) {
      uploaded = createdFor(repo, client.orgId, created);
    } else {
      const found = await repoBlueprint(client, repo, call);
      if (!found) {
        throw new ActionError(
          `The create of ${repo.given}'s blueprint in ${client.orgId} may have been carried out, but its answer was lost and the ` +
            "blueprints list shows none: check the organization's blueprints, and re-run."
        );
      }
      uploaded = await updateBlueprint(client, found.blueprint_id, file.contents, call);
    }
    did = `creating blueprint ${serverText(uploaded.blueprint_id, 80)}`;
  }
  const id = uploaded.blueprint_id;
  return {
    result: 'uploaded',
    summary: `Uploaded ${file.path} as the blueprint of ${repo.given} in ${client.orgId}, ${did}.`,
    followSuperseding: false,
    recheck: async recheckCall => {
      const now = (await recheckCall(context => client.listBlueprints(context))).find(b => b.blueprint_id === id);
      if (!now) return `blueprint ${serverText(id, 80)} of ${repo.given} was deleted after this run's upload`;
      if (now.updated_at === uploaded.updated_at) return undefined;
      const when = isoTime(epochMs(now.updated_at));
      return `blueprint ${serverText(id, 80)} of ${repo.given} was changed after this run's upload${when ? ` (at ${when})` : ''}`;
    }
  };
}

/** Replaces blueprint `id`'s contents; an answer about another blueprint is an error, never taken for it. */
async function updateBlueprint(
  client: DevinClient,
  id: string,
  contents: string,
  call: PrepareCall
): Promise<DevinBlueprint> {
  const answer = await call(context => client.updateBlueprint(id, contents, context));
  if (answer.blueprint_id === id) return answer;
  throw new ActionError(
    `The Devin API answered the update of blueprint ${serverText(id, 80)} with another blueprint ` +
      `(${serverText(answer.blueprint_id, 80)}); not taking it for the one updated: check the organization's blueprints.`
  );
}

/**
 * The create's answer, when it is a repo-tier blueprint of `repo`. Otherwise an error that says what
 * the API answered: never taken for `repo`'s, and never reported later as `repo`'s blueprint deleted.
 */
function createdFor(repo: RepoName, orgId: string, created: DevinBlueprint): DevinBlueprint {
  const relation = created.type === 'repo' ? sameness(repo, created.repo_name) : 'other';
  if (relation === 'same') return created;
  const what =
    created.type !== 'repo'
      ? `a blueprint of the ${serverText(created.type, 40)} tier`
      : relation === 'maybe'
        ? `a blueprint whose repo_name (${named(created)}) may or may not name ${repo.given}`
        : `a blueprint of another repository (repo_name ${named(created)})`;
  throw new ActionError(
    `The Devin API answered the create of ${repo.given}'s blueprint in ${orgId} with ${what}, blueprint ` +
      `${serverText(created.blueprint_id, 80)}; it is not taken for ${repo.given}'s, and nothing was built. The ` +
      `create may have made ${repo.given}'s blueprint all the same: check the organization's blueprints` +
      (relation === 'maybe' ? ', set repo to the spelling the API uses if it names this repository,' : '') +
      ' and re-run.'
  );
}

/**
 * `repo`'s one repo-tier blueprint, or undefined; more than one is an error that names them. The
 * whole list is read (it is not paginated) and compared here, on every spelling of the repository
 * (repo-name.ts), rather than trusting the API's repo_name filter to match the spelling it stored:
 * a blueprint it holds under another spelling is then never missed, and a second one never made.
 * One that may or may not be this repository's (another host, another letter case where the host's
 * rules are unknown) stops the run: taking it could replace another repository's blueprint, and
 * passing it over could make a second one.
 */
async function repoBlueprint(
  client: DevinClient,
  repo: RepoName,
  call: PrepareCall
): Promise<DevinBlueprint | undefined> {
  const related = (await call(context => client.listBlueprints(context)))
    .filter(blueprint => blueprint.type === 'repo')
    .map(blueprint => ({ blueprint, relation: sameness(repo, blueprint.repo_name) }));
  const matching = related.filter(({ relation }) => relation === 'same').map(({ blueprint }) => blueprint);
  const unsure = related.filter(({ relation }) => relation === 'maybe').map(({ blueprint }) => blueprint);
  if (unsure.length) {
    throw new ActionError(
      `The blueprints of ${client.orgId} hold ${listed(unsure)}, which may or may not be for ${repo.given}` +
        `${matching.length ? ` (besides ${listed(matching)})` : ''}: their repo_name names the same path in ` +
        'another letter case or on another host, so this run neither replaces them nor creates another. Set repo ' +
        "to the spelling the API uses if one is this repository's, or remove the wrong ones in Devin, and re-run."
    );
  }
  if (matching.length > 1) {
    const ids = matching.slice(0, 5).map(blueprint => serverText(blueprint.blueprint_id, 80));
    throw new ActionError(
      `${matching.length} repo-tier blueprints in ${client.orgId} are for ${repo.given} (${ids.join(', ')}), so which one to ` +
        'replace cannot be told: remove the extra ones in Devin, and re-run.'
    );
  }
  return matching[0];
}

/** A blueprint's repo_name, as the server wrote it, for a message. */
function named(blueprint: DevinBlueprint): string {
  return blueprint.repo_name === null ? 'none' : `"${serverText(blueprint.repo_name, 120)}"`;
}

/** `blueprint bp_1 (repo_name "Acme/App")`, for up to five of them. */
function listed(blueprints: readonly DevinBlueprint[]): string {
  const each = blueprints
    .slice(0, 5)
    .map(blueprint => `${serverText(blueprint.blueprint_id, 80)} (repo_name ${named(blueprint)})`);
  const more = blueprints.length > 5 ? ` and ${blueprints.length - 5} more` : '';
  return `${blueprints.length === 1 ? 'blueprint' : 'blueprints'} ${each.join(', ')}${more}`;
}
