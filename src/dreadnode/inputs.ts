import { z } from 'zod/mini';
import {
  apiUrl,
  boolean,
  GATE_INPUT_DEFAULTS,
  gateInputShape,
  optionalPattern,
  readInputs,
  requiredPattern,
  requiredText,
  type InputReader
} from '../core/inputs.js';

/** Defaults, as in dreadnode/action.yml; applied here too so that the bundle behaves the same without the runner. */
export const DREADNODE_INPUT_DEFAULTS: Record<string, string> = {
  ...GATE_INPUT_DEFAULTS,
  activate: 'true',
  annotate: 'true'
};

/** What the create needs; not asked for when attaching to a build with build_id. */
export const CREATE_INPUTS = ['build_ref', 'display_name', 'sandbox_provider'] as const;

/** A text input that is required unless build_id is set; empty means unset. */
function createInput(attaching: boolean) {
  return z.pipe(
    z.string().check(z.refine(text => attaching || text !== '', 'is required unless build_id is set')),
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

function dreadnodeInputsSchema(attaching: boolean) {
  return z.object({
    org: requiredPattern(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/,
      'an organization slug (letters, digits, . _ -), e.g. acme'
    ),
    ...gateInputShape,
    api_url: z.pipe(requiredText, apiUrl),
    build_ref: createInput(attaching),
    display_name: createInput(attaching),
    sandbox_provider: createInput(attaching),
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

export function readDreadnodeInputs(read: InputReader): DreadnodeInputs {
  return readInputs(dreadnodeInputsSchema(read('build_id') !== ''), read, {
    defaults: DREADNODE_INPUT_DEFAULTS,
    secrets: ['token']
  });
}
