// Stands in for `undici` in the bundle (tsconfig.json `paths`). @actions/http-client imports it
// only to build fetch dispatchers (getAgentDispatcher), which this action never asks for: requests
// go through node:http with http-client's proxy-aware agent (see core/http.ts). Leaving undici out
// takes about 440 KB off the minified bundle; if a dispatcher were ever asked for, this says why
// there is none.
export class ProxyAgent {
  constructor() {
    throw new Error('undici is not bundled with this action: use HttpClient.getAgent, not getAgentDispatcher');
  }
}
