// What the Devin gate does to the org's blueprints before the build: a sync from the repository's
// default branch, or an upload of a candidate file (the repository's repo-tier blueprint replaced).
import type { Prepared, PrepareCall } from '../core/build.js';
import { ActionError, ApiError } from '../core/errors.js';
import { isoTime } from '../core/outputs.js';
import { serverText } from '../core/untrusted.js';
import type { BlueprintFile } from './blueprint-file.js';
import type { DevinBlueprint, DevinClient } from './client.js';
import { epochMs } from './timestamps.js';

export interface BlueprintPlan {
  /** The repository whose blueprint is synced or uploaded (owner/repo or a URL). */
  repo?: string;
  sync: boolean;
  /** The candidate to upload, when there is one. */
  blueprint?: BlueprintFile;
}

/** Syncs or uploads as `plan` asks; undefined when it asks for neither. */
export function prepareBlueprints(
  client: DevinClient,
  orgId: string,
  plan: BlueprintPlan,
  call: PrepareCall
): Promise<Prepared | undefined> {
  const { repo, sync, blueprint } = plan;
  if (!repo) return Promise.resolve(undefined);
  if (sync) return syncBlueprint(client, orgId, repo, call);
  if (blueprint) return uploadBlueprint(client, orgId, repo, blueprint, call);
  return Promise.resolve(undefined);
}

/** Sync is idempotent (no new version when unchanged), so its retries are safe. */
async function syncBlueprint(client: DevinClient, orgId: string, repo: string, call: PrepareCall): Promise<Prepared> {
  await call(context => client.syncBlueprint(repo, context));
  return {
    result: 'synced',
    summary: `Synced the blueprint of ${repo} (.devin/blueprint.yaml on its default branch) into ${orgId}.`,
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
  orgId: string,
  repo: string,
  file: BlueprintFile,
  call: PrepareCall
): Promise<Prepared> {
  const existing = await repoBlueprint(client, orgId, repo, call);
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
      uploaded = created;
    } else {
      const found = await repoBlueprint(client, orgId, repo, call);
      if (!found) {
        throw new ActionError(
          `The create of ${repo}'s blueprint in ${orgId} may have been carried out, but its answer was lost and the ` +
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
    summary: `Uploaded ${file.path} as the blueprint of ${repo} in ${orgId}, ${did}.`,
    followSuperseding: false,
    recheck: async recheckCall => {
      const now = (await recheckCall(context => client.listBlueprints(repo, context))).find(b => b.blueprint_id === id);
      if (!now) return `blueprint ${serverText(id, 80)} of ${repo} was deleted after this run's upload`;
      if (now.updated_at === uploaded.updated_at) return undefined;
      const when = isoTime(epochMs(now.updated_at));
      return `blueprint ${serverText(id, 80)} of ${repo} was changed after this run's upload${when ? ` (at ${when})` : ''}`;
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

/** `repo`'s one repo-tier blueprint, or undefined; more than one is an error that names them. */
async function repoBlueprint(
  client: DevinClient,
  orgId: string,
  repo: string,
  call: PrepareCall
): Promise<DevinBlueprint | undefined> {
  // Filtered by the API; checked again here, so that an answer about other repositories is never taken for this one.
  const matching = (await call(context => client.listBlueprints(repo, context))).filter(
    blueprint => blueprint.repo_name === repo && blueprint.type === 'repo'
  );
  if (matching.length > 1) {
    const ids = matching.slice(0, 5).map(blueprint => serverText(blueprint.blueprint_id, 80));
    throw new ActionError(
      `${matching.length} repo-tier blueprints in ${orgId} are for ${repo} (${ids.join(', ')}), so which one to ` +
        'replace cannot be told: remove the extra ones in Devin, and re-run.'
    );
  }
  return matching[0];
}
