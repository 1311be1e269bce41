import { newSecret } from './tokenHash';

/** One user's consent to one client; revoking it kills every token issued under it. */
export interface Grant {
  account: string;
  clientId: string;
  /** Everything ever granted to this client by this user (include_granted_scopes reads this). */
  scopes: Set<string>;
  revoked: boolean;
  hasRefreshToken: boolean;
}

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  account: string;
  scopes: string[];
  offline: boolean;
  forceConsent: boolean;
  expiresAt: number;
  used: boolean;
}

interface AccessTokenRecord {
  grant: Grant;
  scopes: string[];
  expiresAt: number;
}

interface RefreshTokenRecord {
  grant: Grant;
  scopes: string[];
}

export type AccessCheck =
  | { ok: true; account: string; clientId: string; scopes: string[]; expiresAt: number }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

const CODE_LIFETIME_MS = 10 * 60 * 1000;

/** Grants, codes and tokens of the fake authorization server. Token values never leave this store except to the client. */
export class GrantStore {
  private readonly grants = new Map<string, Grant>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  private readonly everIssued: string[] = [];

  constructor(private readonly now: () => number) {}

  /** The live grant for account+client, or undefined. */
  grantFor(account: string, clientId: string): Grant | undefined {
    return this.grants.get(key(account, clientId));
  }

  private ensureGrant(account: string, clientId: string): Grant {
    let grant = this.grantFor(account, clientId);
    if (!grant) {
      grant = { account, clientId, scopes: new Set(), revoked: false, hasRefreshToken: false };
      this.grants.set(key(account, clientId), grant);
    }
    return grant;
  }

  issueCode(details: Omit<AuthorizationCode, 'expiresAt' | 'used'>): string {
    const code = newSecret('4/0A');
    this.codes.set(code, { ...details, expiresAt: this.now() + CODE_LIFETIME_MS, used: false });
    this.everIssued.push(code);
    return code;
  }

  /** Looks up a code and marks it used; a second use is reported so that the caller can revoke (as Google does). */
  takeCode(code: string): { status: 'ok'; code: AuthorizationCode } | { status: 'unknown' | 'expired' | 'reused'; code?: AuthorizationCode } {
    const record = this.codes.get(code);
    if (!record) return { status: 'unknown' };
    if (record.used) return { status: 'reused', code: record };
    record.used = true;
    if (record.expiresAt <= this.now()) return { status: 'expired', code: record };
    return { status: 'ok', code: record };
  }

  /** Exchanges a consumed code for tokens; a refresh token only the first time (or when consent was forced). */
  tokensForCode(code: AuthorizationCode, ttlSeconds: number): { accessToken: string; refreshToken?: string; scopes: string[] } {
    const grant = this.ensureGrant(code.account, code.clientId);
    for (const s of code.scopes) grant.scopes.add(s);
    const accessToken = this.issueAccessToken(grant, code.scopes, ttlSeconds);
    let refreshToken: string | undefined;
    if (code.offline && (!grant.hasRefreshToken || code.forceConsent)) {
      refreshToken = newSecret('1//0g');
      this.refreshTokens.set(refreshToken, { grant, scopes: code.scopes });
      this.everIssued.push(refreshToken);
      grant.hasRefreshToken = true;
    }
    return { accessToken, refreshToken, scopes: code.scopes };
  }

  refresh(refreshToken: string, clientId: string, ttlSeconds: number, narrowTo?: string[]): { accessToken: string; scopes: string[] } | 'invalid' | 'client' | 'scope' {
    const record = this.refreshTokens.get(refreshToken);
    if (!record || record.grant.revoked) return 'invalid';
    if (record.grant.clientId !== clientId) return 'client';
    let scopes = record.scopes;
    if (narrowTo && narrowTo.length > 0) {
      if (narrowTo.some((s) => !record.scopes.includes(s))) return 'scope';
      scopes = narrowTo;
    }
    return { accessToken: this.issueAccessToken(record.grant, scopes, ttlSeconds), scopes };
  }

  private issueAccessToken(grant: Grant, scopes: string[], ttlSeconds: number): string {
    const token = newSecret('ya29.a0');
    this.accessTokens.set(token, { grant, scopes, expiresAt: this.now() + ttlSeconds * 1000 });
    this.everIssued.push(token);
    return token;
  }

  checkAccessToken(token: string): AccessCheck {
    const record = this.accessTokens.get(token);
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.grant.revoked) return { ok: false, reason: 'revoked' };
    if (record.expiresAt <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, account: record.grant.account, clientId: record.grant.clientId, scopes: record.scopes, expiresAt: record.expiresAt };
  }

  /** Revokes the grant behind an access or refresh token. False when the token is unknown or already dead. */
  revokeByToken(token: string): boolean {
    const grant = this.accessTokens.get(token)?.grant ?? this.refreshTokens.get(token)?.grant;
    if (!grant || grant.revoked) return false;
    const access = this.accessTokens.get(token);
    if (access && access.expiresAt <= this.now()) return false;
    this.revokeGrant(grant);
    return true;
  }

  /** Every grant of the account dies, as when the user changes the password or removes access elsewhere. */
  revokeAccount(account: string): number {
    let count = 0;
    for (const grant of [...this.grants.values()]) {
      if (grant.account.toLowerCase() === account.toLowerCase()) {
        this.revokeGrant(grant);
        count++;
      }
    }
    return count;
  }

  revokeGrantOf(account: string, clientId: string): void {
    const grant = this.grantFor(account, clientId);
    if (grant) this.revokeGrant(grant);
  }

  private revokeGrant(grant: Grant): void {
    grant.revoked = true;
    this.grants.delete(key(grant.account, grant.clientId));
  }

  expireAccessTokens(): void {
    const past = this.now() - 1;
    for (const record of this.accessTokens.values()) record.expiresAt = Math.min(record.expiresAt, past);
  }

  /** Every code, access token and refresh token ever handed out, for leak searches in tests. */
  issuedTokens(): string[] {
    return [...this.everIssued];
  }
}

function key(account: string, clientId: string): string {
  return `${account.toLowerCase()}\u0000${clientId}`;
}
