// What the gate's contract expects of every API, shared by its in-process and runner-exact suites.
import { expect } from '@jest/globals';
import type { ApiKit } from '../../harness/kits/index.js';

/** Every output after a success: the common ones in their forms, and the kit's own. */
export function successOutputs(kit: ApiKit, buildId: string): Record<string, unknown> {
  return {
    build_id: buildId,
    status: kit.statuses.success,
    result: 'success',
    created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    started_at: expect.any(String),
    completed_at: expect.stringMatching(/Z$/),
    duration_seconds: expect.stringMatching(/^\d+$/),
    ...kit.backendOutputsAfterSuccess
  };
}
