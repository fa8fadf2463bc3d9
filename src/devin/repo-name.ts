// How the blueprints API names a repository: the one spelling this action sends, and what tells
// two spellings of one repository (owner/repo, its URL, another letter case) from two repositories.

/** A repository as the run names it. */
export interface RepoName {
  /** As the input (or GITHUB_REPOSITORY) gave it: what messages say, so that a mask on it holds. */
  given: string;
  /**
   * The one spelling sent in a sync and a create: owner/repo on GitHub, as the vendor's action
   * documents it; the URL (without `.git` or a trailing slash) for another provider.
   */
  sent: string;
  /** Equal for every spelling of this repository that the rules below can tell. */
  key: string;
  /** Equal for spellings that may name it where a provider's rules are not known: host dropped, case folded. */
  looseKey: string;
}

/** How a name in the blueprints list relates to the run's repository. */
export type Sameness = 'same' | 'maybe' | 'other';

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/** `user@host:path`, the form git uses for SSH. */
const SCP_LIKE = /^[^@/\s]+@([^:/\s]+):(.*)$/;
const GITHUB = 'github.com';

interface Parts {
  /** Lower case, with any port; undefined for a name with no host (owner/repo). */
  host?: string;
  /** Without leading or trailing slashes, nor `.git`. */
  path: string;
  /** `https:` or `http:`, for a URL. */
  protocol?: string;
}

/**
 * `text` as a repository of the blueprints API, or why it is not one (a phrase for an input error).
 * GitHub is `github.com/…` or a name with no host of exactly two parts (owner/repo, the form the
 * vendor documents for GitHub): GitHub ignores letter case in both, so they compare case-folded.
 * For any other host (GitLab, Bitbucket, Azure DevOps, a self-hosted server) the case is kept:
 * whether that server ignores it is not known here, and taking another repository's blueprint for
 * this one would replace it. A spelling that differs only so, or only by its host, is `maybe`:
 * reported, never taken and never created beside.
 */
export function parseRepoName(text: string): RepoName | string {
  const parts = splitName(text);
  if (typeof parts === 'string') return parts;
  const { host, path, protocol } = parts;
  const segments = path.split('/');
  if (segments.length < 2 || segments.some(segment => segment === '' || segment === '.' || segment === '..')) {
    return 'must be owner/repo or a repository URL such as https://github.com/owner/repo';
  }
  const github = host === GITHUB || (host === undefined && segments.length === 2);
  if (github && segments.length !== 2) return 'must name a GitHub repository as owner/repo (two parts)';
  return {
    given: text,
    sent: github || host === undefined ? path : `${protocol ?? 'https:'}//${host}/${path}`,
    key: github ? `${GITHUB}/${path.toLowerCase()}` : `${host ?? ''}/${path}`,
    looseKey: path.toLowerCase()
  };
}

/** How `listed` (a blueprint's repo_name, in the server's spelling) relates to `ours`. */
export function sameness(ours: RepoName, listed: string | null): Sameness {
  if (listed === null) return 'other';
  const theirs = parseRepoName(listed);
  if (typeof theirs === 'string') return 'other';
  if (theirs.key === ours.key) return 'same';
  return theirs.looseKey === ours.looseKey ? 'maybe' : 'other';
}

/** Host, path and protocol of a URL, of `github.com/owner/repo`, of git's `user@host:path`, or of owner/repo. */
function splitName(text: string): Parts | string {
  let host: string | undefined;
  let path = text.trim();
  let protocol: string | undefined;
  const scp = SCP_LIKE.exec(path);
  if (SCHEME.test(path)) {
    let url: URL;
    try {
      url = new URL(path);
    } catch {
      return 'must be owner/repo or a repository URL such as https://github.com/owner/repo';
    }
    host = url.host;
    path = url.pathname;
    protocol = url.protocol;
  } else if (scp) {
    host = scp[1].toLowerCase();
    path = scp[2];
  } else if (path.toLowerCase().startsWith(`${GITHUB}/`)) {
    host = GITHUB;
    path = path.slice(GITHUB.length + 1);
  }
  if (host === `www.${GITHUB}`) host = GITHUB;
  path = path
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/i, '')
    .replace(/\/+$/, '');
  return { host, path, protocol };
}
