import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { AccessRevokedError, isAccessRevoked, type TokenSource } from '../gmail/tokenSource';
import type { GoogleEndpoints } from '../gmail/endpoints';
import { GMAIL_SCOPES, grantsRead, isForbiddenScope } from '../gmail/scopes';
import { AccessTokenCache, type ExpiringToken } from './accessTokenCache';
import { GrantStore, type StoredGrant } from './grantStore';
import { AuthorizationCancelledError, runLoopbackAuthorization } from './loopbackFlow';
import { GoogleOAuth, MissingOAuthClientError, type TokenGrant } from './oauthClient';
import type { OAuthClientStore } from './oauthClientStore';

export const AUTH_PROVIDER_ID = 'gmail-tools-google';
export const AUTH_PROVIDER_LABEL = 'Google (Gmail Tools)';

/**
 * Other extensions may ask VS Code for our sessions; they get the account and scopes, never a token.
 * Gmail access goes only through this extension's own TokenSource.
 */
const SESSION_TOKEN_PLACEHOLDER = 'held-by-gmail-tools';


export interface GoogleAuthProviderDeps {
  readonly grants: GrantStore;
  readonly clients: OAuthClientStore;
  readonly endpoints: GoogleEndpoints;
  /** The account's address for a fresh access token (users.getProfile). */
  readonly lookupAccount: (accessToken: string) => Promise<string>;
  readonly openExternal?: (url: string) => Promise<boolean>;
}

/**
 * Google sign-in as a VS Code authentication provider. Refresh tokens live only in SecretStorage (GrantStore);
 * access tokens only in this object's memory, refreshed before expiry with concurrent refreshes coalesced.
 * Removing a session revokes the grant at Google.
 */
export class GoogleAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly sessionsChanged = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.sessionsChanged.event;
  private readonly accessTokens = new AccessTokenCache();
  private known: StoredGrant[] = [];
  /** Settles once the stored grants were read (initialize()); what reads `known` or answers VS Code waits for it. */
  private ready: Promise<void> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly deps: GoogleAuthProviderDeps,
    secrets: vscode.SecretStorage,
  ) {
    // Another window signed in or out: keep our view (and VS Code's) consistent.
    this.disposables.push(
      secrets.onDidChange((e) => {
        if (this.deps.grants.isGrantsKey(e.key)) void this.reconcile();
      }),
    );
  }

  /**
   * Reads the stored grants in the background: activation does not wait for SecretStorage (tens of milliseconds
   * at VS Code's start). Everything that answers from them (getSessions, the MCP server definitions through it)
   * waits for this; when they are loaded and there are any, onDidChangeSessions fires so listeners that asked
   * earlier look again. The returned promise settles then too (tests, and callers that want to wait).
   */
  initialize(): Promise<void> {
    this.ready = this.deps.grants.list().then(
      (grants) => {
        this.known = grants;
        if (grants.length) this.sessionsChanged.fire({ added: grants.map(toSession), removed: [], changed: [] });
      },
      // Unreadable storage: getSessions reads it again and reports the error to whoever asked.
      () => undefined,
    );
    return this.ready;
  }

  async getSessions(scopes: readonly string[] | undefined): Promise<vscode.AuthenticationSession[]> {
    await this.ready;
    const wanted = normalizeScopes(scopes ?? []);
    const grants = await this.deps.grants.list();
    return grants.filter((g) => wanted.every((s) => g.scopes.includes(s))).map(toSession);
  }

  /**
   * Signs in, or adds scopes to a signed-in account: `options.account` (as VS Code passes it) names the account;
   * without it, the only signed-in account. `addAccount` signs in one more account instead.
   */
  async createSession(
    scopes: readonly string[],
    options: { readonly account?: { readonly label: string }; readonly addAccount?: boolean } = {},
  ): Promise<vscode.AuthenticationSession> {
    const forbidden = scopes.filter(isForbiddenScope);
    if (forbidden.length) throw new Error(`Gmail tools never request ${forbidden.join(', ')}.`);
    const client = await this.deps.clients.get();
    if (!client) throw new MissingOAuthClientError();
    const oauth = new GoogleOAuth(client, this.deps.endpoints);
    const existing = await this.deps.grants.list();
    const target = options.addAccount
      ? undefined
      : options.account
        ? existing.find((g) => g.account === options.account?.label)
        : existing.length === 1
          ? existing[0]
          : undefined;
    // Incremental authorization: for an account already signed in, ask only for what it lacks;
    // include_granted_scopes keeps the rest, and the token response tells what the grant now covers.
    const incremental = target !== undefined;
    const requested = target
      ? normalizeScopes(scopes.filter((s) => !target.scopes.includes(s)))
      : normalizeScopes([GMAIL_SCOPES.readonly, ...scopes]);
    if (target && requested.length === 0) return toSession(target);

    const grant = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Signing in to Google: finish in your browser…', cancellable: true },
      async (_progress, cancellation) => {
        const abort = new AbortController();
        const sub = cancellation.onCancellationRequested(() => abort.abort());
        try {
          const { codeVerifier, codeChallenge } = await oauth.createPkcePair();
          const { code, redirectUri } = await runLoopbackAuthorization({
            buildAuthUrl: (redirectUri, state) =>
              oauth.authorizationUrl({
                redirectUri,
                state,
                codeChallenge,
                scopes: requested,
                loginHint: incremental ? target.account : undefined,
              }),
            openBrowser: this.deps.openExternal ?? ((url) => Promise.resolve(vscode.env.openExternal(vscode.Uri.parse(url, true)))),
            signal: abort.signal,
          });
          return await oauth.exchangeCode({ code, codeVerifier, redirectUri });
        } finally {
          sub.dispose();
        }
      },
    );

    if (!grantsRead(grant.grantedScopes)) {
      await oauth.revoke(grant.refreshToken ?? grant.accessToken).catch(() => undefined);
      throw new AuthorizationCancelledError(
        'Google did not grant read access to Gmail (the "View your email messages and settings" box was unticked). Gmail tools need it; sign in again and keep it ticked.',
      );
    }
    const account = await this.deps.lookupAccount(grant.accessToken);
    const previous = existing.find((g) => g.account === account);
    const refreshToken = grant.refreshToken ?? previous?.refreshToken;
    if (!refreshToken) throw new Error('Google returned no refresh token. Remove Gmail Tools at https://myaccount.google.com/permissions and sign in again.');
    const stored: StoredGrant = {
      sessionId: previous?.sessionId ?? randomUUID(),
      account,
      scopes: normalizeScopes(grant.grantedScopes),
      refreshToken,
    };
    await this.deps.grants.put(stored);
    this.accessTokens.set(stored.sessionId, { token: grant.accessToken, expiresAt: grant.expiresAt });
    this.known = await this.deps.grants.list();
    const session = toSession(stored);
    this.sessionsChanged.fire(previous ? { added: [], removed: [], changed: [session] } : { added: [session], removed: [], changed: [] });
    return session;
  }

  /** Sign-out: revoke at Google first, then forget locally, even when Google cannot be reached. */
  async removeSession(sessionId: string): Promise<void> {
    const grant = (await this.deps.grants.list()).find((g) => g.sessionId === sessionId);
    if (!grant) return;
    let revokeError: unknown;
    const client = await this.deps.clients.get();
    if (client) {
      await new GoogleOAuth(client, this.deps.endpoints).revoke(grant.refreshToken).catch((err: unknown) => (revokeError = err));
    }
    await this.forget(grant);
    if (revokeError) {
      void vscode.window.showWarningMessage(
        `Signed out of ${grant.account} here, but Google could not be told to revoke access (${(revokeError as Error).message}). Revoke it at https://myaccount.google.com/permissions.`,
      );
    }
  }

  /** A TokenSource for one signed-in account: what the Gmail room uses instead of ever seeing a refresh token. */
  tokenSourceFor(account: string): TokenSource {
    return {
      getAccessToken: () => this.accessTokenFor(account),
      invalidate: (accessToken) => {
        for (const grant of this.known) if (grant.account === account) this.accessTokens.invalidate(grant.sessionId, accessToken);
      },
    };
  }

  async grantFor(account: string): Promise<StoredGrant | undefined> {
    return (await this.deps.grants.list()).find((g) => g.account === account);
  }

  private async accessTokenFor(account: string): Promise<string> {
    const grant = await this.grantFor(account);
    if (!grant) throw new AccessRevokedError(`${account} is not signed in. Run "Gmail: Sign In".`);
    return this.accessTokens.get(grant.sessionId, () => this.refresh(grant));
  }

  private async refresh(grant: StoredGrant): Promise<ExpiringToken> {
    const client = await this.deps.clients.get();
    if (!client) throw new MissingOAuthClientError();
    let fresh: TokenGrant;
    try {
      fresh = await new GoogleOAuth(client, this.deps.endpoints).refresh(grant.refreshToken);
    } catch (err) {
      if (isAccessRevoked(err)) {
        await this.forget(grant);
        void vscode.window.showErrorMessage(`Gmail Tools: ${grant.account} was signed out. ${err.message}`);
      }
      throw err;
    }
    const token = { token: fresh.accessToken, expiresAt: fresh.expiresAt };
    const scopes = normalizeScopes(fresh.grantedScopes);
    if (scopes.length && scopes.join(' ') !== grant.scopes.join(' ')) {
      await this.deps.grants.put({ ...grant, scopes });
      this.known = await this.deps.grants.list();
      this.sessionsChanged.fire({ added: [], removed: [], changed: [toSession({ ...grant, scopes })] });
    }
    return token;
  }

  private async forget(grant: StoredGrant): Promise<void> {
    this.accessTokens.delete(grant.sessionId);
    await this.deps.grants.remove(grant.sessionId);
    this.known = await this.deps.grants.list();
    this.sessionsChanged.fire({ added: [], removed: [toSession(grant)], changed: [] });
  }

  private async reconcile(): Promise<void> {
    await this.ready;
    const before = new Map(this.known.map((g) => [g.sessionId, g]));
    const after = await this.deps.grants.list();
    this.known = after;
    const afterIds = new Set(after.map((g) => g.sessionId));
    const removed = [...before.values()].filter((g) => !afterIds.has(g.sessionId));
    const added = after.filter((g) => !before.has(g.sessionId));
    const changed = after.filter((g) => {
      const old = before.get(g.sessionId);
      return old && (old.scopes.join(' ') !== g.scopes.join(' ') || old.refreshToken !== g.refreshToken);
    });
    for (const g of [...removed, ...changed]) this.accessTokens.delete(g.sessionId);
    if (added.length || removed.length || changed.length) {
      this.sessionsChanged.fire({ added: added.map(toSession), removed: removed.map(toSession), changed: changed.map(toSession) });
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
    this.sessionsChanged.dispose();
    this.accessTokens.clear();
  }
}

function toSession(grant: StoredGrant): vscode.AuthenticationSession {
  return {
    id: grant.sessionId,
    accessToken: SESSION_TOKEN_PLACEHOLDER,
    account: { id: grant.account, label: grant.account },
    scopes: [...grant.scopes],
  };
}

function normalizeScopes(scopes: readonly string[]): string[] {
  return [...new Set(scopes.filter(Boolean))].sort();
}
