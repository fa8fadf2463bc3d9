import { z } from 'zod/mini';
import { apiUrl, boolean, duration, optionalPattern, readInputs, requiredPattern, requiredText, type InputReader } from '../core/inputs.js';

const DURATION_FORM = 'a duration such as 90s, 15m, 1h30m or 500ms (a bare number means seconds)';

/** Defaults, as in action.yml; applied here too so that the bundle behaves the same without the runner. */
export const DEVIN_INPUT_DEFAULTS: Record<string, string> = {
  timeout: '60m',
  poll_interval: '10s',
  api_url: 'https://api.devin.ai',
  wait: 'true',
  cancel_on_timeout: 'false',
  cancel_on_abort: 'true',
  request_timeout: '30s'
};

const devinInputsSchema = z.object({
  org_id: requiredPattern(/^org-[A-Za-z0-9_-]+$/, 'an organization id starting with org- (e.g. org-abc123def456)'),
  token: requiredText,
  timeout: duration(DURATION_FORM),
  poll_interval: duration(`${DURATION_FORM}, at least 100ms`, 100),
  api_url: apiUrl,
  build_id: optionalPattern(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/, 'a build id (letters, digits, . _ : -), or empty to trigger a new build'),
  wait: boolean,
  cancel_on_timeout: boolean,
  cancel_on_abort: boolean,
  request_timeout: duration(`${DURATION_FORM}, at least 100ms`, 100)
});

export type DevinInputs = z.infer<typeof devinInputsSchema>;

export function readDevinInputs(read: InputReader): DevinInputs {
  return readInputs(devinInputsSchema, read, { defaults: DEVIN_INPUT_DEFAULTS, secrets: ['token'] });
}
