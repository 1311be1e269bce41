import { GOOGLE_ENDPOINTS, endpointsAt, type GoogleEndpoints } from '../gmail/endpoints';

/**
 * The only switch that points the extension at something other than Google: an environment variable of the
 * extension host process (never a setting, so no workspace can redirect sign-in), accepted only for a
 * loopback http origin, i.e. the fake Google of tests and the demo.
 */
export const FAKE_GOOGLE_ENV = 'GMAIL_TOOLS_FAKE_GOOGLE_URL';

export function googleEndpointsFromEnvironment(env: NodeJS.ProcessEnv = process.env): GoogleEndpoints {
  const override = env[FAKE_GOOGLE_ENV];
  if (!override) return GOOGLE_ENDPOINTS;
  const url = new URL(override);
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'http:' || !loopback) {
    throw new Error(`${FAKE_GOOGLE_ENV} must be a loopback http URL (the fake Google); got ${url.origin}.`);
  }
  return endpointsAt(url.origin);
}

export function isFakeGoogle(endpoints: GoogleEndpoints): boolean {
  return endpoints !== GOOGLE_ENDPOINTS;
}
