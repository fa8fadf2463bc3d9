// Runs the fake Dreadnode API as a standalone server, for the CI job that runs `uses: ./dreadnode`:
//   npx tsx fakes/dreadnode/serve.ts [--port N] [--port-file FILE] [--token T] [--org SLUG]
// Prints FAKE_DREADNODE_API_URL=<base URL> once listening; builds become ready after 1.5 s.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DREADNODE_ORG, DREADNODE_TOKEN, FakeDreadnodeApi } from './api.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'port-file': { type: 'string' },
    token: { type: 'string' },
    org: { type: 'string' }
  }
});
// A fixed port (e.g. for the api_url of dreadnode/.env.example); any free one by default.
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be a port number, got '${values.port}'\n`);
  process.exit(2);
}
const api = new FakeDreadnodeApi({
  token: values.token ?? DREADNODE_TOKEN,
  org: values.org ?? DREADNODE_ORG,
  plan: { outcome: 'ready', queuedMs: 500, buildingMs: 1000 }
});
const url = await api.start(port);
if (values['port-file']) writeFileSync(values['port-file'], `${url}\n`);
process.stdout.write(`FAKE_DREADNODE_API_URL=${url}\n`);
const shutdown = (): void => void api.stop();
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
