/** The hosts `http://` is allowed to, for local testing: localhost, 127.0.0.0/8 and [::1]. */
const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Whether `url` is plain http to a loopback address: a local test, never a real API or log host. */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname);
}
