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

const ACCESS_REVOKED = Symbol.for('gmailTools.accessRevoked');

/** The grant was revoked or expired at Google (invalid_grant): the user must sign in again. */
export class AccessRevokedError extends UserFacingError {
  readonly category = 'gmail';
  readonly [ACCESS_REVOKED] = true;

  constructor(message = 'Google access was revoked or has expired. Sign in to Google again (Gmail: Sign In).') {
    super(message);
    this.name = 'AccessRevokedError';
  }
}

/**
 * Whether `error` is an AccessRevokedError, from this copy of the module or another: the token source throws it on
 * the extension's side and the server bundle catches it (src/server.ts), each with its own copy of this class.
 */
export function isAccessRevoked(error: unknown): error is AccessRevokedError {
  return typeof error === 'object' && error !== null && (error as { [ACCESS_REVOKED]?: unknown })[ACCESS_REVOKED] === true;
}
