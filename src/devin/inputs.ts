import { z } from 'zod/mini';
import {
  ACTION_SPELLING,
  apiUrl,
  boolean,
  gateInputShape,
  integer,
  oneOf,
  optionalPattern,
  readInputs,
  requiredPattern,
  SHOW_LOGS,
  type InputReader,
  type InputSpelling
} from '../core/inputs.js';
import { InputError } from '../core/errors.js';
import type { RunEnvironment } from '../core/contract.js';
import { readBlueprintFile, type BlueprintFile } from './blueprint-file.js';
import { devinAction } from './declaration.js';
import { parseRepoName, type RepoName } from './repo-name.js';

/**
 * owner/repo or a provider's URL (sent in a JSON body, never in a path), read as the blueprints API
 * names it (repo-name.ts). A user name or credentials in it (`https://x-access-token:…@github.com/o/r`,
 * `git@host:o/r`) are refused without echoing the value, as is a URL's query or fragment, where a
 * credential may hide: the value would otherwise be sent to Devin and shown in messages.
 */
const repo = z.pipe(
  z.string(),
  z.transform((text, context): RepoName | undefined => {
    if (text === '') return undefined;
    const refuse = (message: string, shown: string | undefined): never => {
      context.issues.push({ code: 'custom', input: text, message, params: { shown } });
      return z.NEVER;
    };
    if (text.includes('@')) {
      return refuse(
        'must not hold credentials or a user name (the "…@" part of a URL): give owner/repo, or the ' +
          "repository's https:// URL without them; the value is not shown",
        undefined
      );
    }
    if (!/^[\x21-\x7e]{1,300}$/.test(text))
      return refuse('must be owner/repo or a repository URL, with no spaces', text);
    const url = urlOf(text);
    if (url && url.protocol !== 'https:' && url.protocol !== 'http:') {
      return refuse('must be owner/repo or an https:// URL', text);
    }
    if (url?.search || url?.hash) {
      return refuse('must be a URL without a query or fragment', `${url.protocol}//${url.host}${url.pathname}`);
    }
    const parsed = parseRepoName(text);
    return typeof parsed === 'string' ? refuse(parsed, text) : parsed;
  })
);

/** `text` as a URL when it starts with a scheme and parses as one. */
function urlOf(text: string): URL | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** Ids the reference documents (org-…) and the vendor's own action documents (org_…). */
export const KNOWN_ORG_ID = /^org[-_][A-Za-z0-9_-]+$/;

/** The schema; its messages name the inputs they mention as `spell` does. */
function devinInputsSchema(spell: InputSpelling) {
  return z
    .object({
      // Only characters that cannot change the request's path; another prefix than org- or org_ is a warning.
      org_id: requiredPattern(
        /^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/,
        'an organization id such as org-abc123def456 (letters, digits, - and _)'
      ),
      ...gateInputShape,
      api_url: apiUrl,
      build_id: optionalPattern(
        /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/,
        'a build id (letters, digits, . _ : -), or empty to trigger a new build'
      ),
      cancel_on_timeout: boolean,
      cancel_on_abort: boolean,
      show_logs: oneOf(SHOW_LOGS),
      log_lines: integer(0, 5000),
      pin: boolean,
      sync: boolean,
      repo,
      build: boolean,
      blueprint_file: optionalPattern(/^[^\0\n\r]{1,1024}$/, 'a path relative to the workspace'),
      // Check blueprint_file offline before the upload; an error sends nothing.
      check: boolean
    })
    .check(
      z.superRefine((inputs, context) => {
        const refuse = (name: string, message: string): void => {
          context.issues.push({ code: 'custom', path: [name], input: '', message });
        };
        if (inputs.pin && !inputs.wait) {
          refuse(
            'pin',
            `cannot be true with ${spell.setting('wait', 'false')}, since a build is pinned only once it is seen to succeed`
          );
        }
        if (inputs.build_id) {
          const attaching = spell.name('build_id');
          if (inputs.sync)
            refuse('sync', `cannot be true with ${attaching}: a run that attaches to a build syncs nothing`);
          if (inputs.blueprint_file)
            refuse('blueprint_file', `cannot be set with ${attaching}: a run that attaches uploads nothing`);
          if (!inputs.build)
            refuse('build', `cannot be false with ${attaching}: a run that attaches follows that build`);
        }
        if (inputs.sync && inputs.blueprint_file) {
          refuse(
            'blueprint_file',
            `cannot be set with ${spell.setting('sync', 'true')}: sync pulls the blueprint from the default branch, the file replaces it; choose one`
          );
        }
        if (!inputs.build && !inputs.sync && !inputs.blueprint_file && !inputs.build_id) {
          refuse(
            'build',
            `cannot be false without ${spell.setting('sync', 'true')} or ${spell.name('blueprint_file')}: there would be nothing to do`
          );
        }
        // The client adds the version (/v3beta1) itself; one written here too gives a 404 on every call.
        const version = /\/(v\d+(?:(?:alpha|beta)\d*)?)$/i.exec(inputs.api_url)?.[1];
        if (version) {
          refuse(
            'api_url',
            `is the API's root, e.g. https://api.devin.ai: drop "/${version}" from it, since the action adds the API's version itself`
          );
        }
        if (!inputs.build && inputs.pin) {
          refuse('pin', `cannot be true with ${spell.setting('build', 'false')}: no build is made to pin`);
        }
      })
    );
}

/**
 * The inputs as the Devin gate takes them: `repo` resolved (default: the workflow's repository,
 * GITHUB_REPOSITORY) when sync or an upload needs it, and the blueprint file read.
 */
export type DevinInputs = z.infer<ReturnType<typeof devinInputsSchema>> & { blueprint?: BlueprintFile };

export function readDevinInputs(
  read: InputReader,
  env: RunEnvironment,
  spell: InputSpelling = ACTION_SPELLING
): DevinInputs {
  const inputs = readInputs(devinInputsSchema(spell), read, { declaration: devinAction, spelling: spell });
  if (!inputs.sync && !inputs.blueprint_file) return inputs;
  const repo = inputs.repo ?? workflowRepo(env.GITHUB_REPOSITORY, spell);
  const blueprint = inputs.blueprint_file
    ? readBlueprintFile(inputs.blueprint_file, env.GITHUB_WORKSPACE, spell.subject('blueprint_file'))
    : undefined;
  return { ...inputs, repo, blueprint };
}

/** The workflow's repository (owner/repo), the default of `repo`. */
function workflowRepo(name: string | undefined, spell: InputSpelling): RepoName {
  if (!name) {
    throw new InputError(
      `${spell.subject('repo')} is empty and GITHUB_REPOSITORY is not set: name the repository whose blueprint to sync or upload (owner/repo).`
    );
  }
  const parsed = parseRepoName(name);
  if (typeof parsed === 'string')
    throw new InputError(`${spell.subject('repo')} is empty, and GITHUB_REPOSITORY ("${name}") ${parsed}.`);
  return parsed;
}
