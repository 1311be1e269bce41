import {
  ExponentialBackoff,
  decorrelatedJitterGenerator,
  handleWhen,
  retry,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
  type RetryPolicy,
} from 'cockatiel';
import { GmailApiError } from './errors';

export interface RetryOptions {
  /** Retries after the first attempt (so 3 means up to 4 requests). */
  readonly maxRetries?: number;
  /** First backoff delay in ms (grows exponentially, with decorrelated jitter). */
  readonly initialDelayMs?: number;
  /** Longest backoff we compute ourselves. */
  readonly maxDelayMs?: number;
  /** Longest Retry-After we are willing to wait inside one tool call; longer waits surface as errors. */
  readonly maxRetryAfterMs?: number;
}

const DEFAULTS = { maxRetries: 3, initialDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 20_000 } as const;

/**
 * Retries for idempotent Gmail calls (cockatiel: exponential backoff with decorrelated jitter), honouring
 * Google's Retry-After when it sends one. Only errors Google marks as transient are retried: 429 and
 * rateLimitExceeded, 5xx, network failures. Sends must never go through this policy.
 */
export function createRetryPolicy(options: RetryOptions = {}): RetryPolicy {
  const o = { ...DEFAULTS, ...options };
  const isTransient = (error: Error) =>
    error instanceof GmailApiError &&
    error.retryable &&
    (error.retryAfterMs === undefined || error.retryAfterMs <= o.maxRetryAfterMs);
  return retry(handleWhen(isTransient), {
    maxAttempts: o.maxRetries,
    backoff: new RetryAfterBackoff(
      new ExponentialBackoff({ initialDelay: o.initialDelayMs, maxDelay: o.maxDelayMs, generator: decorrelatedJitterGenerator }),
    ),
  });
}

/** Waits what Google asked for (Retry-After) when it asked, else what the exponential backoff says. */
class RetryAfterBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(private readonly fallback: IBackoffFactory<unknown>) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const computed = this.fallback.next(context);
    const error = 'error' in context.result ? context.result.error : undefined;
    const asked = error instanceof GmailApiError ? error.retryAfterMs : undefined;
    const duration = asked !== undefined ? Math.max(asked, 0) : computed.duration;
    return { duration, next: (ctx) => new RetryAfterBackoff(computed).next(ctx) };
  }
}
