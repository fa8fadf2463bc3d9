// The fixture files (shared with the runner-exact tests): files that follow the reference or what
// public blueprints that build do have no finding; each rule's file has that rule's finding, alone.
import { describe, expect, it } from '@jest/globals';
import { checkBlueprint } from '../../../src/checker/checker.js';
import { RULES } from '../../../src/checker/rules.js';
import {
  fixtureText,
  INVALID_BLUEPRINTS,
  VALID_BLUEPRINTS,
  type BlueprintFixture
} from '../../fixtures/blueprints/index.js';

const check = (fixture: BlueprintFixture) =>
  checkBlueprint({ text: fixtureText(fixture), path: fixture.checkedAs, tier: fixture.tier });

describe('valid blueprints', () => {
  it.each(VALID_BLUEPRINTS)('$file has no finding', fixture => {
    expect(check(fixture).findings).toEqual([]);
  });

  it.each(VALID_BLUEPRINTS)('$file has no finding with Windows line ends (CRLF) either', fixture => {
    const text = fixtureText(fixture).replace(/\n/g, '\r\n');
    expect(checkBlueprint({ text, path: fixture.checkedAs, tier: fixture.tier }).findings).toEqual([]);
  });
});

describe('a file that breaks one rule', () => {
  it.each(INVALID_BLUEPRINTS)('$file has its finding only', fixture => {
    const found = check(fixture).findings.map(({ rule, severity, line, column }) => ({ rule, severity, line, column }));
    expect(found).toEqual(fixture.findings);
  });

  it('exists for every rule, with the severity of the rule', () => {
    const covered = INVALID_BLUEPRINTS.flatMap(fixture =>
      fixture.findings.map(({ rule, severity }) => [rule, severity])
    );
    expect(Object.fromEntries(covered)).toEqual(
      Object.fromEntries(Object.entries(RULES).map(([rule, { severity }]) => [rule, severity]))
    );
  });
});
