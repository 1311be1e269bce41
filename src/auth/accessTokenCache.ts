/** An access token and when Google says it expires (epoch ms). */
export interface ExpiringToken {
  readonly token: string;
  readonly expiresAt: number;
}

/** Refresh this long before Google's expiry so a token never dies mid-request. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * Access tokens in memory only, per key (session), refreshed before expiry; concurrent callers share one
 * refresh instead of each spending a round trip (and racing each other's results).
 */
export class AccessTokenCache {
  private readonly tokens = new Map<string, ExpiringToken>();
  private readonly refreshing = new Map<string, Promise<ExpiringToken>>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string, refresh: () => Promise<ExpiringToken>): Promise<string> {
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt - REFRESH_MARGIN_MS > this.now()) return cached.token;
    let pending = this.refreshing.get(key);
    if (!pending) {
      pending = refresh()
        .then((fresh) => {
          // A sign-out while the refresh was in flight wins: don't resurrect its token.
          if (this.refreshing.get(key) === pending) this.tokens.set(key, fresh);
          return fresh;
        })
        .finally(() => {
          if (this.refreshing.get(key) === pending) this.refreshing.delete(key);
        });
      this.refreshing.set(key, pending);
    }
    return (await pending).token;
  }

  set(key: string, token: ExpiringToken): void {
    this.tokens.set(key, token);
  }

  /** Forgets the token only if it is still the one given (a concurrent refresh may have replaced it). */
  invalidate(key: string, token: string): void {
    if (this.tokens.get(key)?.token === token) this.tokens.delete(key);
  }

  delete(key: string): void {
    this.tokens.delete(key);
    this.refreshing.delete(key);
  }

  clear(): void {
    this.tokens.clear();
    this.refreshing.clear();
  }
}
