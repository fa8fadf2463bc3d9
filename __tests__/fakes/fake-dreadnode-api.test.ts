// The fake Dreadnode API's own behaviour: it answers as the API does (docs/dreadnode-api.md), so
// that the tests of the action against it mean something.
import { describe, expect, it } from '@jest/globals';
import { DREADNODE_TOKEN, FakeDreadnodeApi } from '../../fakes/dreadnode/api.js';
import { VirtualClock } from '../../harness/virtual-clock.js';
import { startFake } from '../support/index.js';

/** A fake on `clock` whose builds are queued 20 s, then building 100 s. */
const newFake = (clock: VirtualClock) =>
  new FakeDreadnodeApi({ now: clock.now, plan: { outcome: 'ready', queuedMs: 20_000, buildingMs: 100_000 } });

describe('the fake Dreadnode API', () => {
  it('validates the create like the API: 422 with an APIErrorPayload listing each field', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock));
    const answer = await fetch(`${fake.url}/api/v1/org/acme/builds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DREADNODE_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ build_ref: 'x', metadata: [1] })
    });
    expect(answer.status).toBe(422);
    expect(await answer.json()).toEqual({
      code: 422,
      detail: 'Validation error',
      type: 'validation_error',
      errors: [
        { loc: ['body', 'display_name'], msg: 'Field required', type: 'missing' },
        { loc: ['body', 'provider'], msg: 'Field required', type: 'missing' },
        { loc: ['body', 'metadata'], msg: 'Input should be a valid dictionary', type: 'object_type' }
      ]
    });
    expect(fake.createdBuildIds()).toHaveLength(0);
  });

  it('wants the bearer token', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(newFake(clock));
    const answer = await fetch(`${fake.url}/api/v1/org/acme/builds/x`);
    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual({ code: 401, detail: 'Authentication failed', type: 'authentication_error' });
  });
});
