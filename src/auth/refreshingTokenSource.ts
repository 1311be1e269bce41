import type { TokenSource } from '../gmail/tokenSource';
import { AccessTokenCache } from './accessTokenCache';
import type { GoogleOAuth } from './oauthClient';

/**
 * A TokenSource over a refresh token held in this process's memory: the standalone server (tests,
 * benchmarks, conformance) uses it. The extension's equivalent keeps the refresh token in SecretStorage.
 */
export class RefreshingTokenSource implements TokenSource {
  private readonly cache = new AccessTokenCache();

  constructor(
    private readonly oauth: GoogleOAuth,
    private readonly refreshToken: string,
    initial?: { accessToken: string; expiresAt: number },
  ) {
    if (initial) this.cache.set('token', { token: initial.accessToken, expiresAt: initial.expiresAt });
  }

  invalidate(accessToken: string): void {
    this.cache.invalidate('token', accessToken);
  }

  getAccessToken(): Promise<string> {
    return this.cache.get('token', async () => {
      const fresh = await this.oauth.refresh(this.refreshToken);
      return { token: fresh.accessToken, expiresAt: fresh.expiresAt };
    });
  }
}
