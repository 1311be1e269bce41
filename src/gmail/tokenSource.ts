import { UserFacingError } from '../errors/userFacingError';

/**
 * The only way the Gmail room gets credentials: a fresh access token on demand. The refresh token never
 * leaves the authentication provider (SecretStorage); access tokens live in memory only.
 */
export interface TokenSource {
  /** A valid access token for the account, refreshed if it is about to expire. */
  getAccessToken(): Promise<string>;
  /** Google refused this token (401) before its expiry: forget it so the next call refreshes. */
  invalidate?(accessToken: string): void;
}

/** The grant was revoked or expired at Google (invalid_grant): the user must sign in again. */
export class AccessRevokedError extends UserFacingError {
  readonly category = 'gmail';
  constructor(message = 'Google access was revoked or has expired. Sign in to Google again (Gmail: Sign In).') {
    super(message);
    this.name = 'AccessRevokedError';
  }
}
