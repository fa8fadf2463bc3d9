// How the blueprints API names a repository (src/devin/repo-name.ts): the spelling the action sends,
// and which names in the blueprints list are this repository's, may be, or are another's.
import { describe, expect, it } from '@jest/globals';
import { parseRepoName, sameness, type RepoName } from '../../src/devin/repo-name.js';

function repo(text: string): RepoName {
  const parsed = parseRepoName(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

describe('parseRepoName', () => {
  it.each([
    ['acme/app', 'acme/app'],
    ['Acme/App', 'Acme/App'],
    ['https://github.com/Acme/App', 'Acme/App'],
    ['http://www.github.com/acme/app.git', 'acme/app'],
    ['https://github.com/acme/app/', 'acme/app'],
    ['github.com/acme/app', 'acme/app'],
    ['https://gitlab.example.com:8443/group/sub/project.git', 'https://gitlab.example.com:8443/group/sub/project'],
    ['https://dev.azure.com/org/project/_git/repo', 'https://dev.azure.com/org/project/_git/repo']
  ])('sends %s as %s', (given, sent) => {
    expect(repo(given)).toMatchObject({ given, sent });
  });

  it.each(['app', '/app', 'acme/./app', 'https://github.com/acme', 'https://github.com/a/b/c', 'https://[x'])(
    'refuses %s',
    text => {
      expect(typeof parseRepoName(text)).toBe('string');
    }
  );
});

describe('sameness', () => {
  const github = repo('acme/app');
  it.each([
    ['acme/app', 'same'],
    ['ACME/APP', 'same'],
    ['https://github.com/Acme/App.git', 'same'],
    ['git@github.com:acme/app.git', 'same'],
    ['https://www.github.com/acme/app/', 'same'],
    ['acme/app-two', 'other'],
    ['acme/other', 'other'],
    ['https://gitlab.com/acme/app', 'maybe'],
    ['https://github.example.com/acme/app', 'maybe'],
    ['not a repository', 'other']
  ])('on GitHub, %s is %s', (listed, expected) => {
    expect(sameness(github, listed)).toBe(expected);
  });

  it('takes no blueprint without a repository for one', () => {
    expect(sameness(github, null)).toBe('other');
  });

  const gitlab = repo('https://gitlab.com/Group/Project');
  it.each([
    ['https://gitlab.com/Group/Project.git', 'same'],
    ['http://GITLAB.com/Group/Project/', 'same'],
    ['https://gitlab.com/group/project', 'maybe'],
    ['Group/Project', 'maybe'],
    ['https://gitlab.com/Group/Other', 'other']
  ])('on another host, keeping letter case, %s is %s', (listed, expected) => {
    expect(sameness(gitlab, listed)).toBe(expected);
  });
});
