import { TokenBucket } from 'limiter';

/**
 * Gmail's per-method quota units (developers.google.com/gmail/api/reference/quota). The per-user limit is
 * 15,000 units a minute (a moving 250 units a second); going over it earns 429s for everyone on the account.
 */
export const GMAIL_QUOTA_UNITS = Object.freeze({
  'users.getProfile': 1,
  'labels.list': 1,
  'labels.get': 1,
  'labels.create': 5,
  'labels.update': 5,
  'labels.delete': 5,
  'messages.list': 5,
  'messages.get': 5,
  'messages.attachments.get': 5,
  'messages.modify': 5,
  'messages.trash': 5,
  'messages.untrash': 5,
  'messages.delete': 10,
  'messages.batchModify': 50,
  'messages.batchDelete': 50,
  'messages.send': 100,
  'messages.import': 25,
  'messages.insert': 25,
  'threads.list': 10,
  'threads.get': 10,
  'threads.modify': 10,
  'threads.trash': 10,
  'threads.untrash': 10,
  'drafts.list': 5,
  'drafts.get': 5,
  'drafts.create': 10,
  'drafts.update': 15,
  'drafts.delete': 10,
  'drafts.send': 100,
  'history.list': 2,
  'settings.sendAs.list': 1,
} as const);

export type GmailMethod = keyof typeof GMAIL_QUOTA_UNITS;

export interface QuotaOptions {
  /** Units a second to spend at most; Gmail allows 250 per user. */
  readonly unitsPerSecond?: number;
  /** Units that may go out at once after an idle spell (the bucket size); defaults to one second's worth. */
  readonly burstUnits?: number;
}

export const DEFAULT_UNITS_PER_SECOND = 250;

/**
 * Spends the per-user quota budget evenly: a token bucket (the `limiter` package: weighted removals, FIFO
 * waiters, continuous refill) that starts full, so single calls never wait, and that paces fan-out (50
 * message headers = 250 units) at the budget instead of bursting into Gmail's 429s.
 */
export class QuotaLimiter {
  private readonly bucket: TokenBucket;
  readonly unitsPerSecond: number;
  readonly burstUnits: number;

  constructor(options: QuotaOptions = {}) {
    const unitsPerSecond = options.unitsPerSecond ?? DEFAULT_UNITS_PER_SECOND;
    const burstUnits = options.burstUnits ?? unitsPerSecond;
    if (!(unitsPerSecond > 0) || !Number.isFinite(unitsPerSecond)) {
      throw new RangeError(`unitsPerSecond must be a positive number, got ${unitsPerSecond}`);
    }
    // Every single call must fit into the bucket, the costliest being a send (100 units).
    const biggest = Math.max(...Object.values(GMAIL_QUOTA_UNITS));
    if (!(burstUnits >= biggest) || !Number.isFinite(burstUnits)) {
      throw new RangeError(`burstUnits must be at least ${biggest} (the costliest call), got ${burstUnits}`);
    }
    this.unitsPerSecond = unitsPerSecond;
    this.burstUnits = burstUnits;
    this.bucket = new TokenBucket({ bucketSize: burstUnits, tokensPerInterval: unitsPerSecond, interval: 'second' });
    this.bucket.content = burstUnits;
  }

  /** Waits until `method`'s units are available, then spends them. */
  async spend(method: GmailMethod): Promise<void> {
    await this.bucket.removeTokens(GMAIL_QUOTA_UNITS[method]);
  }

  /** Milliseconds a call of `method` would wait now (for diagnostics and tests). */
  waitTimeMs(method: GmailMethod): number {
    return this.bucket.getWaitTime(GMAIL_QUOTA_UNITS[method]);
  }
}
