// The vendor's own action (CognitionAI/actions, folder blueprint-sync-build: a composite action
// whose bash script calls the API with curl), modelled as its documented loop waits, so that the
// bench can run it on the same fake and the same builds as this action. Its loop: one POST of the
// trigger, whose answer gives the first status; then, while the status is pending or running, a
// fixed `sleep 30` and one GET of that build; it exits as soon as a GET shows any other status.
// What the model leaves out is all in the vendor's favour: bash's start-up and the curl and jq
// processes it spawns at each step cost nothing here, and its blueprint sync (a POST before the
// trigger, on by default) is not sent, since this action does not do that job.

/** The vendor's sleep between checks, at full scale. */
export const VENDOR_SLEEP_MS = 30_000;

/** Triggers a build and waits for it as the vendor's script does, with its sleep given in `sleepMs`; resolves as it would exit. */
export async function vendorWait(api: { url: string }, org: string, token: string, sleepMs: number): Promise<void> {
  const builds = `${api.url}/v3beta1/organizations/${org}/snapshot-setup/builds`;
  const call = async (method: 'GET' | 'POST', url: string) => {
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: method === 'POST' ? '{}' : undefined
    });
    // Its curl runs with --fail-with-body under `set -e`: an error status ends the script.
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status}`);
    return (await response.json()) as { build_id: string; status: string };
  };
  const triggered = await call('POST', builds);
  let status = triggered.status;
  while (status === 'pending' || status === 'running') {
    await new Promise(resolve => setTimeout(resolve, sleepMs));
    status = (await call('GET', `${builds}/${triggered.build_id}`)).status;
  }
}
