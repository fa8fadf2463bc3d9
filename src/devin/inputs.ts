import { z } from 'zod/mini';
import {
  apiUrl,
  boolean,
  GATE_INPUT_DEFAULTS,
  gateInputShape,
  integer,
  oneOf,
  optionalPattern,
  readInputs,
  requiredPattern,
  SHOW_LOGS,
  type InputReader
} from '../core/inputs.js';

/** Defaults, as in action.yml; applied here too so that the bundle behaves the same without the runner. */
export const DEVIN_INPUT_DEFAULTS: Record<string, string> = {
  ...GATE_INPUT_DEFAULTS,
  api_url: 'https://api.devin.ai',
  cancel_on_timeout: 'false',
  cancel_on_abort: 'true',
  show_logs: 'on_failure',
  log_lines: '200',
  pin: 'false'
};

const devinInputsSchema = z
  .object({
    org_id: requiredPattern(/^org-[A-Za-z0-9_-]+$/, 'an organization id starting with org- (e.g. org-abc123def456)'),
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
    pin: boolean
  })
  .check(
    z.superRefine((inputs, context) => {
      if (inputs.pin && !inputs.wait) {
        context.issues.push({
          code: 'custom',
          path: ['pin'],
          input: 'true',
          message: 'cannot be true with wait: false, since a build is pinned only once it is seen to succeed'
        });
      }
    })
  );

export type DevinInputs = z.infer<typeof devinInputsSchema>;

export function readDevinInputs(read: InputReader): DevinInputs {
  return readInputs(devinInputsSchema, read, { defaults: DEVIN_INPUT_DEFAULTS, secrets: ['token'] });
}
