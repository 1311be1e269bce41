/**
 * Where Google lives. Production uses Google's own endpoints; they are configurable only so that the
 * fake Google (test/fakeGoogle) can stand in for tests, benchmarks and the demo.
 */
export interface GoogleEndpoints {
  /** Root of the Gmail REST API, with a trailing slash (the client appends `gmail/v1/...`). */
  readonly gmailRootUrl: string;
  /** OAuth 2.0 authorization endpoint (the consent page). */
  readonly authUrl: string;
  /** OAuth 2.0 token endpoint (code exchange and refresh). */
  readonly tokenUrl: string;
  /** OAuth 2.0 revocation endpoint. */
  readonly revokeUrl: string;
}

export const GOOGLE_ENDPOINTS: GoogleEndpoints = Object.freeze({
  gmailRootUrl: 'https://gmail.googleapis.com/',
  authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  revokeUrl: 'https://oauth2.googleapis.com/revoke',
});

/** The endpoints of a Google stand-in served at `baseUrl` (the fake uses Google's paths under one origin). */
export function endpointsAt(baseUrl: string): GoogleEndpoints {
  const root = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return {
    gmailRootUrl: root,
    authUrl: `${root}o/oauth2/v2/auth`,
    tokenUrl: `${root}token`,
    revokeUrl: `${root}revoke`,
  };
}
