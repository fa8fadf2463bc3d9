// verify_actions over real HTTP against the fake GitHub contents API (fakes/github/): the GitHub
// client (src/check/github.ts) and the lookups (src/check/verify.ts), on a virtual clock so that a
// hang costs no real time.
import { describe, expect, it } from '@jest/globals';
import { FakeGitHubApi, type FakeGitHubApiOptions, type FakeRepository } from '../../fakes/github/api.js';
import { VirtualClock } from '../../harness/virtual-clock.js';
import type { ActionReference } from '../../src/checker/finding.js';
import { GitHubClient } from '../../src/check/github.js';
import { ATTEMPT_TIMEOUT_MS, verifyActions } from '../../src/check/verify.js';
import { HttpTransport } from '../../src/core/http.js';
import { serverText } from '../../src/core/untrusted.js';
import { startFake } from '../support/index.js';

const GITHUB_TOKEN = 'ghs_test_token';
const NODE_ACTION = "name: Setup\nruns:\n  using: 'node20'\n  main: dist/index.js\n";

const REPOSITORIES: FakeRepository[] = [
  { fullName: 'actions/setup-node', refs: { main: {}, v4: { 'action.yml': NODE_ACTION } } },
  {
    fullName: 'acme/tools',
    refs: {
      main: {},
      v1: {
        'lint/action.yaml': 'runs:\n  using: node24\n  main: index.js\n',
        'composite/action.yml': 'runs:\n  using: composite\n  steps: []\n',
        'docker/action.yml': "runs:\n  using: 'docker'\n  image: Dockerfile\n",
        'odd/action.yml': 'runs:\n  using: go\n',
        'broken/action.yml': 'runs: [unclosed\n',
        'README.md': '# tools\n'
      }
    }
  },
  { fullName: 'acme/new-name', formerNames: ['acme/old-name'], refs: { v2: { 'action.yml': NODE_ACTION } } },
  { fullName: 'acme/limited', refs: { v1: { 'action.yml': NODE_ACTION } } },
  { fullName: 'acme/down', refs: { v1: { 'action.yml': NODE_ACTION } } },
  { fullName: 'acme/slow', refs: { v1: { 'action.yml': NODE_ACTION } } },
  { fullName: 'acme/moved-away', refs: { v1: { 'action.yml': NODE_ACTION } } },
  {
    fullName: 'acme/odd',
    refs: {
      v1: {
        'large/action.yml': `runs:\n  using: node20\n${'# padding\n'.repeat(30_000)}`,
        // YAML escapes: a terminal escape, line breaks and a runner command once read.
        'hostile/action.yml': 'runs:\n  using: "node\\e[31m\\n::error title=x::pwned\\u2028more"\n'
      }
    }
  }
];

/** A `uses` reference as the checker gives it, on `line`. */
function uses(text: string, line = 3): ActionReference {
  const match = /^github\.com\/([^/]+)\/([^/@]+)((?:\/[^@]+)?)@(.+)$/.exec(text);
  if (!match) throw new Error(`not a uses reference: ${text}`);
  const [, owner, repo, path, ref] = match;
  return { text, owner, repo, path: path.slice(1), ref, line, column: 11, endLine: line, endColumn: 11 + text.length };
}

async function fake(options: FakeGitHubApiOptions = {}): Promise<FakeGitHubApi> {
  return startFake(new FakeGitHubApi({ repositories: REPOSITORIES, token: GITHUB_TOKEN, ...options }));
}

function verify(
  api: FakeGitHubApi,
  references: ActionReference[],
  { token = GITHUB_TOKEN, clock = new VirtualClock() } = {}
) {
  const transport = new HttpTransport({ baseUrl: api.url, token, userAgent: 'test', clock });
  return verifyActions(references, { client: new GitHubClient(transport, api.url), clock });
}

/** Where GitHub's answers vary: base64 on one line or wrapped, 404 or 422 for a ref with no commit. */
const VARIANTS: FakeGitHubApiOptions[] = [{}, { contentLineLength: 0, unknownRefStatus: 404 }];

describe.each(VARIANTS)('verifyActions (fake: %j)', variant => {
  it('finds nothing wrong with a Node.js action at the root, in one request', async () => {
    const api = await fake(variant);
    const { findings, lookedUp } = await verify(api, [uses('github.com/actions/setup-node@v4')]);
    expect(findings).toEqual([]);
    expect(lookedUp).toBe(1);
    expect(api.requests.map(request => [request.path, request.query])).toEqual([
      ['/repos/actions/setup-node/contents/action.yml', { ref: 'v4' }]
    ]);
  });

  it('reads action.yaml under a subpath when there is no action.yml', async () => {
    const api = await fake(variant);
    const { findings } = await verify(api, [uses('github.com/acme/tools/lint@v1')]);
    expect(findings).toEqual([]);
    expect(api.requests.map(request => request.path)).toEqual([
      '/repos/acme/tools/contents/lint/action.yml',
      '/repos/acme/tools/contents/lint/action.yaml'
    ]);
  });

  it.each([
    ['composite', 'a composite action (runs.using: composite in composite/action.yml)'],
    ['docker', 'a Docker action (runs.using: docker in docker/action.yml)']
  ])('is an error on the uses line for a %s action', async (kind, what) => {
    const api = await fake(variant);
    const reference = uses(`github.com/acme/tools/${kind}@v1`, 7);
    const { findings } = await verify(api, [reference]);
    expect(findings).toEqual([
      {
        rule: 'action-not-node',
        severity: 'error',
        message: `github.com/acme/tools/${kind}@v1: ${what}; Devin runs only Node.js actions.`,
        line: 7,
        column: 11,
        endLine: 7,
        endColumn: reference.endColumn
      }
    ]);
  });

  it('is a warning for a repository GitHub does not show: it may be private to the token, and Devin may read it', async () => {
    const api = await fake(variant);
    const { findings } = await verify(api, [uses('github.com/acme/nope@v1')]);
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'action-unverified',
        severity: 'warning',
        message:
          'github.com/acme/nope@v1: GitHub answers that the repository acme/nope does not exist: a misspelt name, or a ' +
          'private repository that github_token cannot read (Devin may); check the name, or pass a token that can read it.'
      })
    ]);
  });

  it.each([
    ['github.com/acme/tools@v9', 'acme/tools has no branch, tag or commit v9.'],
    ['github.com/acme/tools/missing@v1', 'acme/tools at v1 has no action.yml or action.yaml in missing/.'],
    ['github.com/acme/tools@v1', 'acme/tools at v1 has no action.yml or action.yaml at its root.']
  ])('is an error that says what is missing: %s', async (text, message) => {
    const api = await fake(variant);
    const { findings } = await verify(api, [uses(text)]);
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'action-not-found', severity: 'error', message: `${text}: ${message}` })
    ]);
  });

  it('follows a renamed repository (301) once, within the API host', async () => {
    const api = await fake(variant);
    const { findings } = await verify(api, [uses('github.com/acme/old-name@v2')]);
    expect(findings).toEqual([]);
    expect(api.requests.map(request => [request.path, request.status])).toEqual([
      ['/repos/acme/old-name/contents/action.yml', 301],
      ['/repositories/1002/contents/action.yml', 200]
    ]);
    // The token goes with the followed request: it stays on the API's host.
    expect(api.requests[1].headers.authorization).toBe(`Bearer ${GITHUB_TOKEN}`);
  });
});

describe('verifyActions when GitHub cannot answer', () => {
  it.each([
    ['rate-limit-403' as const, "the GitHub API's rate limit is used up (it resets at "],
    ['rate-limit-429' as const, "the GitHub API's rate limit is used up (it resets at "]
  ])('warns, without retrying, when the rate limit is used up (%s)', async (fault, why) => {
    const api = await fake({ faults: { 'acme/limited': fault } });
    const { findings } = await verify(api, [uses('github.com/acme/limited@v1')]);
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'action-unverified',
        severity: 'warning',
        message: expect.stringContaining(`github.com/acme/limited@v1: could not be checked on GitHub: ${why}`)
      })
    ]);
    expect(api.requests).toHaveLength(1);
  });

  it('retries a server error once, then warns', async () => {
    const api = await fake({ faults: { 'acme/down': 'server-error' } });
    const clock = new VirtualClock();
    const { findings } = await verify(api, [uses('github.com/acme/down@v1')], { clock });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringMatching(
          /could not be checked on GitHub: .* with 502: .*502 Bad Gateway.*gave up after 2 attempts/
        )
      })
    ]);
    expect(api.requests).toHaveLength(2);
    expect(clock.sleeps).toHaveLength(1);
  });

  it('warns when GitHub never answers: each attempt times out', async () => {
    const api = await fake({ faults: { 'acme/slow': 'hang' } });
    const clock = new VirtualClock(undefined, 1, { virtualTimers: true });
    const verifying = verify(api, [uses('github.com/acme/slow@v1')], { clock });
    for (const attempt of [1, 2]) {
      await until(() => api.requests.length === attempt);
      clock.runToNextTimer();
    }
    const { findings } = await verifying;
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining(`no complete answer within ${ATTEMPT_TIMEOUT_MS / 1000}s`)
      })
    ]);
  });

  it('does not follow a redirect to another host, and warns', async () => {
    const api = await fake({ faults: { 'acme/moved-away': 'redirect-elsewhere' } });
    const { findings } = await verify(api, [uses('github.com/acme/moved-away@v1')]);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('to host elsewhere.example, outside GITHUB_API_URL: not followed')
      })
    ]);
    expect(api.requests).toHaveLength(1);
  });

  it('warns, never errs, when a metadata file cannot be read or names another runtime', async () => {
    const api = await fake();
    const { findings } = await verify(api, [
      uses('github.com/acme/tools/odd@v1', 2),
      uses('github.com/acme/tools/broken@v1', 4)
    ]);
    expect(findings.map(finding => [finding.line, finding.severity, finding.message])).toEqual([
      [2, 'warning', expect.stringContaining('says runs.using: go, not a Node.js runtime')],
      [4, 'warning', expect.stringContaining('has no readable runs.using')]
    ]);
  });

  it('warns when the API cannot be reached at all', async () => {
    const api = await fake();
    const url = api.url;
    await api.stop();
    const transport = new HttpTransport({ baseUrl: url, token: '', userAgent: 'test' });
    const clock = new VirtualClock();
    const { findings } = await verifyActions([uses('github.com/actions/setup-node@v4')], {
      client: new GitHubClient(transport, url),
      clock
    });
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining('ECONNREFUSED') })
    ]);
  });

  it('does not read a metadata file over its bound, and warns', async () => {
    const api = await fake();
    const { findings } = await verify(api, [uses('github.com/acme/odd/large@v1')]);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('the file is too large to read')
      })
    ]);
  });

  it('quotes a hostile runs.using as one short clean line', async () => {
    const api = await fake();
    const { findings } = await verify(api, [uses('github.com/acme/odd/hostile@v1')]);
    expect(findings).toHaveLength(1);
    const [{ message }] = findings;
    // Already one clean line: cleaning it again changes nothing.
    expect(message).toBe(serverText(message, 1000));
    // The terminal escape gone, the line breaks spaces: runner markers are the log's to break (commandSafe).
    expect(message).toContain('runs.using: node ::error title=x::pwned more, not a Node.js runtime');
  });

  it('warns when the token is refused', async () => {
    const api = await fake();
    const { findings } = await verify(api, [uses('github.com/actions/setup-node@v4')], { token: 'ghs_wrong' });
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining('refused github_token (401)') })
    ]);
  });
});

describe('verifyActions, each action once', () => {
  it('looks an action up once however often it is used, and reports on each line', async () => {
    const api = await fake();
    const { findings, lookedUp } = await verify(api, [
      uses('github.com/acme/tools/composite@v1', 3),
      uses('github.com/ACME/Tools/composite@v1', 9),
      uses('github.com/actions/setup-node@v4', 12)
    ]);
    expect(lookedUp).toBe(2);
    expect(findings.map(finding => [finding.rule, finding.line])).toEqual([
      ['action-not-node', 3],
      ['action-not-node', 9]
    ]);
    expect(api.requests.map(request => request.path)).toEqual(
      expect.arrayContaining([
        '/repos/acme/tools/contents/composite/action.yml',
        '/repos/actions/setup-node/contents/action.yml'
      ])
    );
    expect(api.requests).toHaveLength(2);
  });

  it('sends no Authorization header without a token', async () => {
    const api = await fake();
    const { findings } = await verify(api, [uses('github.com/actions/setup-node@v4')], { token: '' });
    expect(findings).toEqual([]);
    expect(api.requests[0].headers.authorization).toBeUndefined();
  });
});

/** Waits (in real time, briefly) until `condition` holds: the fake receiving a request. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 10_000) throw new Error('the condition never held');
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}
