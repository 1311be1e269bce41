import { runLoopbackAuthorization } from '../../src/auth/loopbackFlow';
import { GoogleOAuth, type TokenGrant } from '../../src/auth/oauthClient';
import { RefreshingTokenSource } from '../../src/auth/refreshingTokenSource';
import { GMAIL_SCOPES } from '../../src/gmail/scopes';
import type { FakeGoogle } from '../fakeGoogle';

/** A browser that follows the fake's consent redirects (the fake must auto-consent). */
async function followRedirects(url: string): Promise<void> {
  let next = url;
  for (let hop = 0; hop < 5; hop++) {
    const res = await fetch(next, { redirect: 'manual' });
    await res.arrayBuffer();
    const location = res.headers.get('location');
    if (!location) return;
    next = new URL(location, next).toString();
  }
}

/**
 * Signs in to the fake Google through the same loopback + PKCE flow and google-auth-library code the
 * extension uses, with a scripted browser instead of a person.
 */
export async function signInToFake(
  fake: FakeGoogle,
  scopes: readonly string[] = [GMAIL_SCOPES.readonly],
  /** Which of the fake's accounts signs in (default: its first). */
  account?: string,
): Promise<{ oauth: GoogleOAuth; grant: TokenGrant; tokenSource: RefreshingTokenSource }> {
  const wasAuto = fake.settings.autoConsent;
  fake.settings.autoConsent = true;
  try {
    const oauth = new GoogleOAuth({ clientId: fake.client.clientId, clientSecret: fake.client.clientSecret }, fake.endpoints);
    const pkce = await oauth.createPkcePair();
    const { code, redirectUri } = await runLoopbackAuthorization({
      buildAuthUrl: (redirectUri, state) =>
        oauth.authorizationUrl({ redirectUri, state, scopes, codeChallenge: pkce.codeChallenge, loginHint: account }),
      openBrowser: async (url) => {
        void followRedirects(url);
        return true;
      },
      timeoutMs: 10_000,
    });
    const grant = await oauth.exchangeCode({ code, codeVerifier: pkce.codeVerifier, redirectUri });
    if (!grant.refreshToken) throw new Error('the fake returned no refresh token');
    return { oauth, grant, tokenSource: new RefreshingTokenSource(oauth, grant.refreshToken, grant) };
  } finally {
    fake.settings.autoConsent = wasAuto;
  }
}
