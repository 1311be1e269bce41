import assert from 'node:assert/strict';
import { createFakeGoogle, type FakeGoogle } from '../../fakeGoogle/index';
import { answerConsent, failure, gmailFor, oauthClient, REDIRECT_URI, SCOPE, signIn, startAuth, TEST_MAIL_DIR } from './helpers';

describe('fake Google OAuth', () => {
  let fake: FakeGoogle;
  beforeEach(async () => {
    fake = await createFakeGoogle({ mailboxDir: TEST_MAIL_DIR });
  });
  afterEach(() => fake.close());

  it('runs the PKCE code flow through the consent page with the real OAuth2Client', async () => {
    const start = await startAuth(fake, [SCOPE.readonly]);
    const page = await (await fetch(start.authUrl)).text();
    assert.match(page, /id="approve"/);
    assert.match(page, /id="deny"/);
    assert.match(page, /demo\.user@example\.com/);
    // one scope asked: no per-scope checkbox, as at Google (granular consent starts at two non-sign-in scopes)
    assert.doesNotMatch(page, /type="checkbox"/);
    assert.match(page, /<input type="hidden" name="scope" value="https:\/\/www\.googleapis\.com\/auth\/gmail\.readonly">/);
    const two = await (await fetch((await startAuth(fake, [SCOPE.readonly, SCOPE.send])).authUrl)).text();
    assert.match(two, /type="checkbox"[^>]*value="https:\/\/www\.googleapis\.com\/auth\/gmail\.readonly" checked/);
    const redirect = await answerConsent(start.authUrl, 'allow');
    assert.equal(`${redirect.origin}${redirect.pathname}`, REDIRECT_URI);
    assert.equal(redirect.searchParams.get('state'), start.state);
    const { tokens } = await start.client.getToken({ code: redirect.searchParams.get('code')!, codeVerifier: start.codeVerifier });
    assert.match(tokens.access_token!, /^ya29\./);
    assert.match(tokens.refresh_token!, /^1\/\//);
    assert.equal(tokens.scope, SCOPE.readonly);
    assert.equal(tokens.token_type, 'Bearer');
    assert.ok(tokens.expiry_date! > Date.now() + 3500_000);
  });

  it('redirects with error=access_denied when the user clicks Cancel', async () => {
    const start = await startAuth(fake, [SCOPE.readonly]);
    const redirect = await answerConsent(start.authUrl, 'deny');
    assert.equal(redirect.searchParams.get('error'), 'access_denied');
    assert.equal(redirect.searchParams.get('state'), start.state);
    assert.equal(redirect.searchParams.get('code'), null);
  });

  it('grants only the ticked scopes (granular consent) and reports them in `scope`', async () => {
    const start = await startAuth(fake, [SCOPE.readonly, SCOPE.send]);
    const redirect = await answerConsent(start.authUrl, 'allow', [SCOPE.readonly]);
    const { tokens } = await start.client.getToken({ code: redirect.searchParams.get('code')!, codeVerifier: start.codeVerifier });
    assert.equal(tokens.scope, SCOPE.readonly);
  });

  it('autoConsent redirects at once; grantFewerScopes narrows what it grants', async () => {
    fake.settings.autoConsent = true;
    fake.settings.grantFewerScopes = [SCOPE.readonly];
    const client = await signIn(fake, [SCOPE.readonly, SCOPE.modify]);
    assert.equal(client.credentials.scope, SCOPE.readonly);
    fake.settings.grantFewerScopes = true;
    const none = await signIn(fake, [SCOPE.modify, 'openid', 'email']);
    assert.deepEqual(none.credentials.scope!.split(' ').sort(), ['https://www.googleapis.com/auth/userinfo.email', 'openid']);
  });

  it('include_granted_scopes unions earlier grants (incremental authorization); refresh token only the first time', async () => {
    fake.settings.autoConsent = true;
    const first = await signIn(fake, [SCOPE.readonly]);
    assert.ok(first.credentials.refresh_token);
    const second = await signIn(fake, [SCOPE.send], { includeGrantedScopes: true });
    assert.deepEqual(second.credentials.scope!.split(' ').sort(), [SCOPE.readonly, SCOPE.send].sort());
    assert.equal(second.credentials.refresh_token, undefined, 'Google sends a refresh token only on first consent');
    const forced = await signIn(fake, [SCOPE.send], { prompt: 'consent' });
    assert.ok(forced.credentials.refresh_token);
    assert.equal(forced.credentials.scope, SCOPE.send);
  });

  it('rejects a wrong PKCE verifier, a reused code, a different redirect_uri and a wrong client secret', async () => {
    fake.settings.autoConsent = true;
    const start = await startAuth(fake, [SCOPE.readonly]);
    const code = (await answerConsent(start.authUrl, 'allow')).searchParams.get('code')!;
    const badVerifier = await failure(start.client.getToken({ code, codeVerifier: 'x'.repeat(64) }));
    assert.equal(badVerifier.status, 400);
    assert.deepEqual(badVerifier.body, { error: 'invalid_grant', error_description: 'Invalid code verifier.' } as never);
    const reused = await failure(start.client.getToken({ code, codeVerifier: start.codeVerifier }));
    assert.equal((reused.body as unknown as { error: string }).error, 'invalid_grant', 'a code is single use, even after a failed try');

    const again = await startAuth(fake, [SCOPE.readonly]);
    const code2 = (await answerConsent(again.authUrl, 'allow')).searchParams.get('code')!;
    const otherRedirect = oauthClient(fake, 'http://127.0.0.1:1/elsewhere');
    const mismatch = await failure(otherRedirect.getToken({ code: code2, codeVerifier: again.codeVerifier }));
    assert.equal((mismatch.body as unknown as { error: string }).error, 'redirect_uri_mismatch');

    const res = await fetch(fake.endpoints.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x', client_id: fake.client.clientId, client_secret: 'wrong', redirect_uri: REDIRECT_URI }),
    });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error: string }).error, 'invalid_client');
  });

  it('expires codes after 10 minutes', async () => {
    let now = Date.now();
    const clocked = await createFakeGoogle({ autoConsent: true, now: () => now });
    try {
      const start = await startAuth(clocked, [SCOPE.readonly]);
      const code = (await answerConsent(start.authUrl, 'allow')).searchParams.get('code')!;
      now += 10 * 60 * 1000 + 1;
      const expired = await failure(start.client.getToken({ code, codeVerifier: start.codeVerifier }));
      assert.equal((expired.body as unknown as { error: string }).error, 'invalid_grant');
    } finally {
      await clocked.close();
    }
  });

  it('answers authorization errors with an error page, not a redirect', async () => {
    const cases: [Record<string, string>, number, string][] = [
      [{ client_id: 'nope' }, 401, 'invalid_client'],
      [{ redirect_uri: 'https://evil.example/cb' }, 400, 'redirect_uri_mismatch'],
      [{ code_challenge_method: 'plain' }, 400, 'invalid_request'],
      [{ scope: 'https://www.googleapis.com/auth/made.up' }, 400, 'invalid_scope'],
      [{ response_type: 'token' }, 400, 'unsupported_response_type'],
    ];
    for (const [override, status, error] of cases) {
      const start = await startAuth(fake, [SCOPE.readonly]);
      const url = new URL(start.authUrl);
      for (const [k, v] of Object.entries(override)) url.searchParams.set(k, v);
      const res = await fetch(url, { redirect: 'manual' });
      assert.equal(res.status, status, JSON.stringify(override));
      assert.match(await res.text(), new RegExp(`Error ${status}: ${error}`));
    }
  });

  it('refreshes with the real client and rejects refresh after revokeAll with invalid_grant', async () => {
    fake.settings.autoConsent = true;
    const client = await signIn(fake, [SCOPE.readonly]);
    const first = client.credentials.access_token;
    const refreshed = await client.refreshAccessToken();
    assert.notEqual(refreshed.credentials.access_token, first);
    assert.equal(refreshed.credentials.scope, SCOPE.readonly);
    fake.revokeAll();
    const denied = await failure(client.refreshAccessToken());
    assert.equal(denied.status, 400);
    assert.deepEqual(denied.body, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } as never);
  });

  it('revokes the whole grant through /revoke (access token revokes the refresh token too)', async () => {
    fake.settings.autoConsent = true;
    const client = await signIn(fake, [SCOPE.readonly]);
    const api = gmailFor(fake, client);
    await api.users.getProfile({ userId: 'me' });
    await client.revokeToken(client.credentials.access_token!);
    const after = await failure(api.users.getProfile({ userId: 'me' }));
    assert.equal(after.status, 401);
    const refresh = await failure(client.refreshAccessToken());
    assert.equal((refresh.body as unknown as { error: string }).error, 'invalid_grant');
    const again = await failure(client.revokeToken(client.credentials.refresh_token!));
    assert.equal(again.status, 400);
    assert.equal((again.body as unknown as { error: string }).error, 'invalid_token');
  });

  it('answers tokeninfo for a live token', async () => {
    fake.settings.autoConsent = true;
    const client = await signIn(fake, [SCOPE.readonly]);
    const info = await client.getTokenInfo(client.credentials.access_token!);
    assert.deepEqual(info.scopes, [SCOPE.readonly]);
    assert.equal(info.email, 'demo.user@example.com');
    assert.equal(info.aud, fake.client.clientId);
  });

  it('never logs a token, code or verifier; issuedTokens lists them for such searches', async () => {
    fake.settings.autoConsent = true;
    const client = await signIn(fake, [SCOPE.readonly]);
    await client.refreshAccessToken();
    await gmailFor(fake, client).users.getProfile({ userId: 'me' });
    await client.revokeToken(client.credentials.refresh_token!);
    const issued = fake.issuedTokens();
    assert.ok(issued.length >= 4);
    const log = JSON.stringify(fake.requestLog);
    for (const secret of issued) assert.ok(!log.includes(secret), 'a token leaked into the request log');
    assert.match(log, /sha256:[0-9a-f]{10}/);
  });
});
