import { z } from 'zod/mini';
import {
  ACTION_SPELLING,
  apiUrl,
  boolean,
  gateInputShape,
  optionalPattern,
  readInputs,
  requiredPattern,
  requiredText,
  type InputReader,
  type InputSpelling
} from '../core/inputs.js';
import type { RunEnvironment } from '../core/contract.js';
import { dreadnodeAction } from './declaration.js';

/** What the create needs; not asked for when attaching to a build with build_id. */
export const CREATE_INPUTS = ['build_ref', 'display_name', 'sandbox_provider'] as const;

/** A text input that is required unless build_id is set; empty means unset. */
function createInput(attaching: boolean, spell: InputSpelling) {
  return z.pipe(
    z.string().check(z.refine(text => attaching || text !== '', `is required unless ${spell.name('build_id')} is set`)),
    z.transform(text => text || undefined)
  );
}

const optionalText = z.pipe(
  z.string(),
  z.transform(text => text || undefined)
);

const metadata = z.pipe(
  z.string(),
  z.transform((text, context): Record<string, unknown> | undefined => {
    if (text === '') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    context.issues.push({ code: 'custom', input: text, message: 'must be a JSON object, e.g. {"team": "infra"}' });
    return z.NEVER;
  })
);

function dreadnodeInputsSchema(attaching: boolean, spell: InputSpelling) {
  return z.object({
    org: requiredPattern(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/,
      'an organization slug (letters, digits, . _ -), e.g. acme'
    ),
    ...gateInputShape,
    api_url: z.pipe(requiredText, apiUrl),
    build_ref: createInput(attaching, spell),
    display_name: createInput(attaching, spell),
    sandbox_provider: createInput(attaching, spell),
    description: optionalText,
    metadata,
    activate: boolean,
    annotate: boolean,
    build_id: optionalPattern(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      'a build id (a UUID), or empty to create a new build'
    )
  });
}

export type DreadnodeInputs = z.infer<ReturnType<typeof dreadnodeInputsSchema>>;

export function readDreadnodeInputs(
  read: InputReader,
  _env?: RunEnvironment,
  spell: InputSpelling = ACTION_SPELLING
): DreadnodeInputs {
  return readInputs(dreadnodeInputsSchema(read('build_id') !== '', spell), read, {
    declaration: dreadnodeAction,
    spelling: spell
  });
}
