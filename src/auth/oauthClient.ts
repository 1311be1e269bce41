import type { OAuth2Client } from 'google-auth-library';
import { UserFacingError } from '../errors/userFacingError';
import { AccessRevokedError } from '../gmail/tokenSource';
import type { GoogleEndpoints } from '../gmail/endpoints';
import { isForbiddenScope } from '../gmail/scopes';
import { loadServerBundle } from '../serverBundle';

/** A user's own Desktop-app OAuth client (from Google Cloud Console's downloaded client_secret JSON). */
export interface OAuthClientConfig {
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface TokenGrant {
  readonly accessToken: string;
  /** Absent on refresh: Google returns a refresh token only on code exchange. */
  readonly refreshToken?: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  /** What Google actually granted, read back from the token response (users can untick scopes). */
  readonly grantedScopes: readonly string[];
}

/** Google's OAuth endpoints refused or could not be reached: told in the sign-in notification, and as a tool's result when a token refresh fails. */
export class OAuthError extends UserFacingError {
  readonly category = 'gmail';

  constructor(message: string, readonly code?: string) {
    super(message);
    this.name = 'OAuthError';
  }
}

/** Told in the sign-in notification (with Import OAuth Client…), and as a tool's result when a refresh finds no client. */
export class MissingOAuthClientError extends UserFacingError {
  readonly category = 'gmail';

  constructor() {
    super('No Google OAuth client is set up. Run "Gmail: Import OAuth Client" with the client_secret JSON of your own Desktop-app OAuth client.');
    this.name = 'MissingOAuthClientError';
  }
}

const TESTING_APP_HINT =
  'If your OAuth consent screen is in "Testing" status, Google expires refresh tokens after 7 days: sign in again, or publish the app.';

/**
 * Token exchange, refresh and revocation through google-auth-library. Holds no tokens itself: every call
 * gets what it needs and the caller decides where tokens live (SecretStorage / memory).
 */
export class GoogleOAuth {
  constructor(
    private readonly client: OAuthClientConfig,
    private readonly endpoints: GoogleEndpoints,
  ) {}

  private newClient(redirectUri?: string): OAuth2Client {
    // Loaded on first use (sign-in, a token refresh), so activation neither compiles nor runs it and gaxios.
    const { OAuth2Client } = loadServerBundle();
    return new OAuth2Client({
      clientId: this.client.clientId,
      clientSecret: this.client.clientSecret,
      redirectUri,
      endpoints: {
        oauth2AuthBaseUrl: this.endpoints.authUrl,
        oauth2TokenUrl: this.endpoints.tokenUrl,
        oauth2RevokeUrl: this.endpoints.revokeUrl,
      },
    });
  }

  /** PKCE S256 pair, from google-auth-library. */
  async createPkcePair(): Promise<{ codeVerifier: string; codeChallenge: string }> {
    const { codeVerifier, codeChallenge } = await this.newClient().generateCodeVerifierAsync();
    if (!codeChallenge) throw new OAuthError('Could not create a PKCE challenge.');
    return { codeVerifier, codeChallenge };
  }

  authorizationUrl(opts: {
    redirectUri: string;
    scopes: readonly string[];
    state: string;
    codeChallenge: string;
    loginHint?: string;
  }): string {
    for (const scope of opts.scopes) {
      if (isForbiddenScope(scope)) throw new OAuthError(`Refusing to request the scope ${scope}: it is never needed by Gmail tools.`);
    }
    return this.newClient(opts.redirectUri).generateAuthUrl({
      access_type: 'offline',
      // consent makes Google return a refresh token for the (possibly widened) grant.
      prompt: 'consent',
      include_granted_scopes: true,
      scope: [...opts.scopes],
      state: opts.state,
      code_challenge: opts.codeChallenge,
      // google-auth-library's enum value is 'S256'.
      code_challenge_method: 'S256' as never,
      // Only when there is one: google-auth-library writes a present-but-undefined option as an empty `login_hint=`.
      ...(opts.loginHint ? { login_hint: opts.loginHint } : {}),
    });
  }

  async exchangeCode(opts: { code: string; codeVerifier: string; redirectUri: string }): Promise<TokenGrant> {
    try {
      const { tokens } = await this.newClient(opts.redirectUri).getToken({
        code: opts.code,
        codeVerifier: opts.codeVerifier,
        redirect_uri: opts.redirectUri,
      });
      if (!tokens.access_token) throw new OAuthError('Google returned no access token.');
      return {
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token ?? undefined,
        expiresAt: tokens.expiry_date ?? Date.now() + 3600_000,
        grantedScopes: splitScopes(tokens.scope),
      };
    } catch (err) {
      throw toOAuthError(err, 'exchange the sign-in code');
    }
  }

  async refresh(refreshToken: string): Promise<TokenGrant> {
    const client = this.newClient();
    client.setCredentials({ refresh_token: refreshToken });
    try {
      const { credentials } = await client.refreshAccessToken();
      if (!credentials.access_token) throw new OAuthError('Google returned no access token.');
      return {
        accessToken: credentials.access_token,
        expiresAt: credentials.expiry_date ?? Date.now() + 3600_000,
        grantedScopes: splitScopes(credentials.scope),
      };
    } catch (err) {
      const mapped = toOAuthError(err, 'refresh the Google access token');
      if (mapped.code === 'invalid_grant') {
        throw new AccessRevokedError(
          `Google access for Gmail tools was revoked or has expired (invalid_grant). Sign in again. ${TESTING_APP_HINT}`,
        );
      }
      throw mapped;
    }
  }

  /** Revokes the whole grant at Google. Already-invalid tokens count as revoked. */
  async revoke(token: string): Promise<void> {
    try {
      await this.newClient().revokeToken(token);
    } catch (err) {
      const mapped = toOAuthError(err, 'revoke access at Google');
      if (mapped.code === 'invalid_token' || mapped.code === 'invalid_grant') return;
      throw mapped;
    }
  }
}

export function splitScopes(scope: string | null | undefined): string[] {
  return (scope ?? '').split(/\s+/).filter(Boolean).sort();
}

/**
 * google-auth-library errors carry the request config (headers, body with codes and tokens): keep only
 * Google's error code and description.
 */
function toOAuthError(err: unknown, doing: string): OAuthError {
  if (err instanceof OAuthError) return err;
  const data = (err as { response?: { data?: unknown } })?.response?.data as
    | { error?: unknown; error_description?: unknown }
    | undefined;
  const code = typeof data?.error === 'string' ? data.error : undefined;
  const description = typeof data?.error_description === 'string' ? data.error_description : undefined;
  if (code) {
    const hint = code === 'invalid_client' ? ' Check the OAuth client you imported (Gmail: Import OAuth Client).' : '';
    return new OAuthError(`Could not ${doing}: Google answered ${code}${description ? ` (${description})` : ''}.${hint}`, code);
  }
  const netCode = (err as { code?: unknown })?.code;
  if (typeof netCode === 'string' && /^E[A-Z]+/.test(netCode)) {
    return new OAuthError(`Could not ${doing}: Google could not be reached (${netCode}). Check your connection.`, netCode);
  }
  return new OAuthError(`Could not ${doing}.`);
}
