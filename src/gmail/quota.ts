import { TokenBucket } from 'limiter';

/**
 * Gmail's per-method quota units, from Google's quota page
 * (developers.google.com/workspace/gmail/api/reference/quota, "Per-method quota usage").
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

/**
 * Gmail's per-user limit ("per minute per user per project") on the quota page
 * (developers.google.com/workspace/gmail/api/reference/quota): Cloud projects created on or after 1 May 2026 get
 * 6,000 units a minute; projects that used the API before keep 15,000. Every user of this extension brings an
 * OAuth client of their own, usually from a new project, so the lower figure is the default.
 */
export const GMAIL_USER_UNITS_PER_MINUTE = Object.freeze({ newProject: 6_000, olderProject: 15_000 });
export const DEFAULT_UNITS_PER_MINUTE = GMAIL_USER_UNITS_PER_MINUTE.newProject;
/** The costliest single call (a send): the bucket must hold at least this much. */
export const LARGEST_CALL_UNITS = Math.max(...Object.values(GMAIL_QUOTA_UNITS));

export interface QuotaOptions {
  /** The account's per-user limit in units a minute (default 6,000, Gmail's for new projects). */
  readonly unitsPerMinute?: number;
  /**
   * Units that may go out at once after an idle spell (the bucket size); default one second's worth, at least the
   * costliest call. The steady pace is what is left of a minute's units after one burst, so no 60 s span ever
   * carries more than unitsPerMinute, however Google places its minute.
   */
  readonly burstUnits?: number;
  /** After a rate-limit answer the pace halves, then climbs back by this much of the full pace a minute (default 0.5). */
  readonly recoveryPerMinute?: number;
  /** Milliseconds on a monotonic clock (default performance.now, the limiter's own clock); tests pass a fake. */
  readonly now?: () => number;
}

/** Rate-limit answers this close together are one event: requests in flight when the first came back were paced before it. */
const SAME_EVENT_MS = 2_000;
/** The pace never drops below this share of the full pace, so a send (the costliest call) still goes within seconds. */
const LOWEST_SHARE = 1 / 8;

/**
 * The pace after rate-limit answers, as additive-increase / multiplicative-decrease (the way TCP shares a link):
 * each answer halves the pace, then it climbs back linearly, reaching the full pace again a minute or two later.
 * Gmail does not say how long it keeps counting an account as over its limit, so the climb is slow on purpose.
 */
export class AdaptivePace {
  private lowered: { readonly at: number; readonly unitsPerSecond: number } | undefined;

  constructor(
    readonly fullUnitsPerSecond: number,
    private readonly recoveryPerMinute: number,
    private readonly now: () => number,
  ) {
    if (!(fullUnitsPerSecond > 0) || !Number.isFinite(fullUnitsPerSecond)) throw new RangeError(`the pace must be a positive number, got ${fullUnitsPerSecond}`);
    if (!(recoveryPerMinute > 0) || !Number.isFinite(recoveryPerMinute)) throw new RangeError(`recoveryPerMinute must be a positive number, got ${recoveryPerMinute}`);
  }

  /** Units a second allowed now. */
  unitsPerSecond(): number {
    if (!this.lowered) return this.fullUnitsPerSecond;
    const climbed = this.lowered.unitsPerSecond + (this.fullUnitsPerSecond * this.recoveryPerMinute * Math.max(0, this.now() - this.lowered.at)) / 60_000;
    if (climbed >= this.fullUnitsPerSecond) {
      this.lowered = undefined;
      return this.fullUnitsPerSecond;
    }
    return climbed;
  }

  /** Gmail answered "rate limit exceeded": halve the pace (once per event). Returns whether it was lowered. */
  rateLimited(): boolean {
    const now = this.now();
    if (this.lowered && now - this.lowered.at < SAME_EVENT_MS) return false;
    const lowest = this.fullUnitsPerSecond * LOWEST_SHARE;
    this.lowered = { at: now, unitsPerSecond: Math.max(lowest, this.unitsPerSecond() / 2) };
    return true;
  }
}

/** A token bucket whose refill rate is read from the pace at every refill. */
class PacedBucket extends TokenBucket {
  constructor(bucketSize: number, private readonly pace: AdaptivePace) {
    super({ bucketSize, tokensPerInterval: pace.fullUnitsPerSecond, interval: 'second' });
  }

  override drip(): boolean {
    this.tokensPerInterval = this.pace.unitsPerSecond();
    return super.drip();
  }
}

/**
 * Spends the per-user quota evenly: a token bucket (the `limiter` package: weighted removals, FIFO waiters,
 * continuous refill) that starts full, so single calls never wait, and that paces fan-out (50 message headers =
 * 250 units) instead of bursting into Gmail's 429s. A rate-limit answer empties the bucket and halves the pace
 * (AdaptivePace), since Google counts the account as over its limit whatever our own arithmetic says.
 */
export class QuotaLimiter {
  private readonly bucket: PacedBucket;
  private readonly pace: AdaptivePace;
  readonly unitsPerMinute: number;
  readonly burstUnits: number;

  constructor(options: QuotaOptions = {}) {
    const unitsPerMinute = options.unitsPerMinute ?? DEFAULT_UNITS_PER_MINUTE;
    if (!(unitsPerMinute > 0) || !Number.isFinite(unitsPerMinute)) {
      throw new RangeError(`unitsPerMinute must be a positive number, got ${unitsPerMinute}`);
    }
    const burstUnits = options.burstUnits ?? Math.max(LARGEST_CALL_UNITS, unitsPerMinute / 60);
    // Every single call must fit into the bucket, the costliest being a send (100 units).
    if (!(burstUnits >= LARGEST_CALL_UNITS) || !Number.isFinite(burstUnits)) {
      throw new RangeError(`burstUnits must be at least ${LARGEST_CALL_UNITS} (the costliest call), got ${burstUnits}`);
    }
    if (!(unitsPerMinute > burstUnits)) {
      throw new RangeError(`unitsPerMinute must be more than one burst (${burstUnits} units), got ${unitsPerMinute}`);
    }
    this.unitsPerMinute = unitsPerMinute;
    this.burstUnits = burstUnits;
    this.pace = new AdaptivePace((unitsPerMinute - burstUnits) / 60, options.recoveryPerMinute ?? 0.5, options.now ?? (() => performance.now()));
    this.bucket = new PacedBucket(burstUnits, this.pace);
    this.bucket.content = burstUnits;
  }

  /** Waits until `method`'s units are available, then spends them. */
  async spend(method: GmailMethod): Promise<void> {
    await this.bucket.removeTokens(GMAIL_QUOTA_UNITS[method]);
  }

  /** Gmail refused a call for the rate (429, userRateLimitExceeded): no more burst, and a slower pace for a while. */
  rateLimited(): void {
    if (!this.pace.rateLimited()) return;
    this.bucket.drip();
    this.bucket.content = Math.min(this.bucket.content, 0);
  }

  /** Units a second the limiter lets through now (lower for a while after a rate-limit answer). */
  unitsPerSecond(): number {
    return this.pace.unitsPerSecond();
  }

  /** Milliseconds a call of `method` would wait now (for diagnostics and tests). */
  waitTimeMs(method: GmailMethod): number {
    return this.bucket.getWaitTime(GMAIL_QUOTA_UNITS[method]);
  }
}
