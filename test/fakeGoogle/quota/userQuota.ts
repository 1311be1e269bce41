import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { QuotaSettings } from '../state';

export type QuotaDecision = { ok: true } | { ok: false; kind: 'rate'; retryAt: Date } | { ok: false; kind: 'daily' };

/**
 * Gmail's per-user quota: units per window (rate-limiter-flexible, fixed window per user) and an optional total
 * standing in for the daily project quota. Rejected calls are refunded: they cost the caller nothing, as at Google.
 */
export class UserQuota {
  private limiter: RateLimiterMemory | undefined;
  private limiterShape = '';
  private readonly used = new Map<string, number>();

  constructor(
    private readonly settings: () => QuotaSettings,
    private readonly now: () => number,
  ) {}

  async charge(account: string, units: number): Promise<QuotaDecision> {
    const s = this.settings();
    const key = account.toLowerCase();
    const spent = this.used.get(key) ?? 0;
    if (s.exhausted || (s.dailyUnits !== undefined && spent + units > s.dailyUnits)) return { ok: false, kind: 'daily' };
    try {
      await this.currentLimiter(s).consume(key, units);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      await this.currentLimiter(s).reward(key, units);
      return { ok: false, kind: 'rate', retryAt: new Date(this.now() + Math.max(rejection.msBeforeNext, 1)) };
    }
    this.used.set(key, spent + units);
    return { ok: true };
  }

  /** Units spent (and accepted) by an account since the server started. */
  unitsUsed(account: string): number {
    return this.used.get(account.toLowerCase()) ?? 0;
  }

  /** A settings change takes effect with a fresh window. */
  private currentLimiter(s: QuotaSettings): RateLimiterMemory {
    const shape = `${s.unitsPerWindow}/${s.windowSeconds}`;
    if (!this.limiter || shape !== this.limiterShape) {
      this.limiter = new RateLimiterMemory({ points: s.unitsPerWindow, duration: s.windowSeconds });
      this.limiterShape = shape;
    }
    return this.limiter;
  }
}
