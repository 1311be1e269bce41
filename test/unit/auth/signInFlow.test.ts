import assert from 'node:assert/strict';
import { GoogleOAuth, OAuthError } from '../../../src/auth/oauthClient';
import { AuthorizationCancelledError, runLoopbackAuthorization } from '../../../src/auth/loopbackFlow';
import { AccessRevokedError } from '../../../src/gmail/tokenSource';
import { GMAIL_SCOPES } from '../../../src/gmail/scopes';
import { createFakeGoogle, type FakeGoogle } from '../../fakeGoogle';

/** A browser that follows redirects: what the user's browser does with an auto-consenting Google. */
async function browse(url: string): Promise<number> {
  let next = url;
  for (let hop = 0; hop < 5; hop++) {
    const res = await fetch(next, { redirect: 'manual' });
    const location = res.headers.get('location');
    await res.arrayBuffer();
    if (!location) return res.status;
    next = new URL(location, next).toString();
  }
  throw new Error('too many redirects');
}

describe('sign-in flow (loopback + PKCE + google-auth-library) against the fake Google', () => {
  let fake: FakeGoogle;
  let oauth: GoogleOAuth;

  beforeEach(async () => {
    fake = await createFakeGoogle({ autoConsent: true });
    oauth = new GoogleOAuth({ clientId: fake.client.clientId, clientSecret: fake.client.clientSecret }, fake.endpoints);
  });
  afterEach(() => fake.close());

  async function signIn(scopes: string[] = [GMAIL_SCOPES.readonly], open: (url: string) => Promise<unknown> = browse) {
    const pkce = await oauth.createPkcePair();
    let seenUrl = '';
    const { code, redirectUri } = await runLoopbackAuthorization({
      buildAuthUrl: (redirectUri, state) => (seenUrl = oauth.authorizationUrl({ redirectUri, state, scopes, codeChallenge: pkce.codeChallenge })),
      openBrowser: async (url) => {
        void open(url);
        return true;
      },
      timeoutMs: 5000,
    });
    return { grant: await oauth.exchangeCode({ code, codeVerifier: pkce.codeVerifier, redirectUri }), url: new URL(seenUrl) };
  }

  it('asks for read-only with PKCE S256, state and a 127.0.0.1 redirect, and gets a refresh token', async () => {
    const { grant, url } = await signIn();
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(url.searchParams.get('state')!.length >= 32);
    assert.match(url.searchParams.get('redirect_uri')!, /^http:\/\/127\.0\.0\.1:\d+\/oauth2callback$/);
    assert.equal(url.searchParams.get('scope'), GMAIL_SCOPES.readonly);
    assert.equal(url.searchParams.get('access_type'), 'offline');
    assert.ok(grant.refreshToken);
    assert.deepEqual(grant.grantedScopes, [GMAIL_SCOPES.readonly]);
    assert.ok(grant.expiresAt > Date.now());
  });

  it('puts login_hint in the sign-in URL only when there is an account to hint', () => {
    const base = { redirectUri: 'http://127.0.0.1:1/oauth2callback', state: 's', codeChallenge: 'c', scopes: [GMAIL_SCOPES.readonly] };
    const without = new URL(oauth.authorizationUrl(base));
    assert.equal(without.searchParams.has('login_hint'), false, without.search);
    assert.doesNotMatch(without.search, /login_hint=/);
    assert.equal(new URL(oauth.authorizationUrl({ ...base, loginHint: '' })).searchParams.has('login_hint'), false);
    assert.equal(new URL(oauth.authorizationUrl({ ...base, loginHint: 'me@example.com' })).searchParams.get('login_hint'), 'me@example.com');
  });

  it('reads back fewer scopes when the user unticks some', async () => {
    fake.settings.grantFewerScopes = [GMAIL_SCOPES.readonly];
    const { grant } = await signIn([GMAIL_SCOPES.readonly, GMAIL_SCOPES.send]);
    assert.deepEqual(grant.grantedScopes, [GMAIL_SCOPES.readonly]);
  });

  it('refreshes, and maps invalid_grant after revocation elsewhere to AccessRevokedError without the token', async () => {
    const { grant } = await signIn();
    const refreshed = await oauth.refresh(grant.refreshToken!);
    assert.notEqual(refreshed.accessToken, grant.accessToken);
    fake.revokeAll();
    const err = await oauth.refresh(grant.refreshToken!).then(() => undefined, (e: unknown) => e as Error);
    assert.ok(err instanceof AccessRevokedError, String(err));
    assert.match(err.message, /invalid_grant/);
    assert.match(err.message, /7 days/);
    for (const token of fake.issuedTokens()) assert.ok(!err.message.includes(token));
  });

  it('revokes the grant at Google on sign-out: the refresh token stops working', async () => {
    const { grant } = await signIn();
    await oauth.revoke(grant.refreshToken!);
    assert.ok(fake.requestLog.some((e) => e.path === '/revoke' && e.status === 200));
    await assert.rejects(oauth.refresh(grant.refreshToken!), AccessRevokedError);
    await oauth.revoke(grant.refreshToken!); // already revoked: not an error
  });

  it('reports a declined consent as a cancellation, and closes the loopback server', async () => {
    fake.settings.autoConsent = false;
    let redirect = '';
    const err = await signIn([GMAIL_SCOPES.readonly], async (url) => {
      const u = new URL(url);
      redirect = u.searchParams.get('redirect_uri')!;
      await browse(`${redirect}?error=access_denied&state=${u.searchParams.get('state')}`);
    }).then(() => undefined, (e: unknown) => e as Error);
    assert.ok(err instanceof AuthorizationCancelledError);
    assert.match(err.message, /declined/);
    await assert.rejects(fetch(redirect), /fetch failed/);
  });

  it('ignores a redirect with a forged state and times out', async () => {
    const err = await runLoopbackAuthorization({
      buildAuthUrl: (redirectUri) => `${redirectUri}?code=forged&state=wrong`,
      openBrowser: async (url) => {
        void browse(url);
        return true;
      },
      timeoutMs: 300,
    }).then(() => undefined, (e: unknown) => e as Error);
    assert.ok(err instanceof AuthorizationCancelledError);
    assert.match(err.message, /timed out/);
  });

  it('is cancellable', async () => {
    const abort = new AbortController();
    // Cancelled while it waits for the browser's redirect: once the browser was opened, a turn of the loop later.
    const openBrowser = async () => (setImmediate(() => abort.abort()), true);
    const pending = runLoopbackAuthorization({ buildAuthUrl: (r) => r, openBrowser, signal: abort.signal });
    await assert.rejects(pending, /cancelled/);
  });

  it('explains a wrong client secret without echoing it', async () => {
    const bad = new GoogleOAuth({ clientId: fake.client.clientId, clientSecret: 'not-the-secret' }, fake.endpoints);
    const pkce = await bad.createPkcePair();
    const { code, redirectUri } = await runLoopbackAuthorization({
      buildAuthUrl: (redirectUri, state) => bad.authorizationUrl({ redirectUri, state, scopes: [GMAIL_SCOPES.readonly], codeChallenge: pkce.codeChallenge }),
      openBrowser: async (url) => (void browse(url), true),
      timeoutMs: 5000,
    });
    const err = await bad.exchangeCode({ code, codeVerifier: pkce.codeVerifier, redirectUri }).then(() => undefined, (e: unknown) => e as Error);
    assert.ok(err instanceof OAuthError);
    assert.match(err.message, /invalid_client/);
    assert.ok(!err.message.includes('not-the-secret'));
    assert.ok(!err.message.includes(code));
  });

  it('refuses to request full-mail or settings scopes', () => {
    for (const scope of ['https://mail.google.com/', 'https://www.googleapis.com/auth/gmail.settings.sharing']) {
      assert.throws(() => oauth.authorizationUrl({ redirectUri: 'http://127.0.0.1:1/x', state: 's', codeChallenge: 'c', scopes: [scope] }), /Refusing/);
    }
  });
});
