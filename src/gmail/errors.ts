import { isUserFacingError, UserFacingError } from '../errors/userFacingError';
import { oneLine } from '../text/oneLine';

/** Google's own message is kept for people and logs, cut to a line of this many characters. */
const MAX_GOOGLE_MESSAGE_CHARS = 300;

/**
 * Every failure of a Gmail call, mapped to what a person (or the agent) can do about it. Built only from the
 * status, Google's reason codes and Google's message: never from the request config, whose headers carry
 * the access token.
 */
export type GmailErrorKind =
  | 'notFound'
  | 'invalidArgument'
  | 'insufficientScope'
  | 'rateLimited'
  | 'quotaExhausted'
  | 'tooLarge'
  | 'unauthenticated'
  | 'unavailable'
  | 'unknown';

export class GmailApiError extends UserFacingError {
  readonly category = 'gmail';
  readonly kind: GmailErrorKind;
  /** HTTP status, when Google answered at all. */
  readonly status?: number;
  /** Google's reason code (e.g. `rateLimitExceeded`), when it gave one. */
  readonly reason?: string;
  /** Milliseconds Google asked us to wait (Retry-After, or the time in its message), when it did. */
  readonly retryAfterMs?: number;
  /** When Google said the account may call again, when it said so. */
  readonly retryAt?: Date;
  /** True when the same request may succeed if sent again later. */
  readonly retryable: boolean;

  constructor(init: {
    kind: GmailErrorKind;
    message: string;
    status?: number;
    reason?: string;
    retryAfterMs?: number;
    retryAt?: Date;
    retryable?: boolean;
  }) {
    super(redactSecrets(init.message));
    this.name = 'GmailApiError';
    this.kind = init.kind;
    this.status = init.status;
    this.reason = init.reason;
    this.retryAfterMs = init.retryAfterMs;
    this.retryAt = init.retryAt;
    this.retryable = init.retryable ?? false;
  }
}

/** What the failed call was about, so "not found" can say which message. */
export interface ErrorSubject {
  /** e.g. "messages.get" */
  readonly method: string;
  /** e.g. "message 18c2ab…" */
  readonly resource?: string;
}

const SCOPE_REASONS = new Set(['insufficientPermissions', 'ACCESS_TOKEN_SCOPE_INSUFFICIENT']);
const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'RATE_LIMIT_EXCEEDED', 'concurrentLimitExceeded']);
const QUOTA_REASONS = new Set(['dailyLimitExceeded', 'quotaExceeded', 'RESOURCE_EXHAUSTED', 'limitExceeded']);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/**
 * Maps anything a Gmail call can throw to a GmailApiError, except a UserFacingError from the TokenSource (access
 * revoked, a failed token refresh, no OAuth client), which passes through unchanged: its message already tells
 * the user what to do. By its registered symbol: the token source's errors are made in the extension's bundle.
 */
export function toGmailError(error: unknown, subject: ErrorSubject): GmailApiError | UserFacingError {
  if (isUserFacingError(error)) return error;
  const facts = readErrorFacts(error);
  const where = subject.resource ? `${subject.method} (${subject.resource})` : subject.method;
  const google = facts.googleMessage ? ` Google said: ${facts.googleMessage}` : '';
  const status = facts.status;
  const reasons = facts.reasons;
  const has = (set: Set<string>) => reasons.some((r) => set.has(r));

  if (status === undefined) {
    if (facts.code && (NETWORK_CODES.has(facts.code) || facts.code === 'AbortError' || facts.code === 'TimeoutError')) {
      return new GmailApiError({
        kind: 'unavailable',
        message: `Gmail could not be reached (${facts.code}) during ${where}. Check the network connection and try again.`,
        retryable: true,
      });
    }
    return new GmailApiError({
      kind: 'unknown',
      message: `Gmail call ${where} failed: ${facts.plainMessage ?? 'unknown error'}.`,
    });
  }
  const base = { status, reason: reasons[0], retryAfterMs: facts.retryAfterMs, retryAt: facts.retryAt };
  if (status === 401) {
    return new GmailApiError({
      ...base,
      kind: 'unauthenticated',
      message: `Google did not accept the sign-in for ${where} (401). Sign in to Google again (Gmail: Sign In).`,
    });
  }
  if (status === 403 && (has(SCOPE_REASONS) || /insufficient (authentication )?scopes?/i.test(facts.googleMessage ?? ''))) {
    return new GmailApiError({
      ...base,
      kind: 'insufficientScope',
      message:
        `Gmail refused ${where}: the signed-in account has not granted the scope this tool needs.${google}` +
        ' Enable the toolset again to grant it.',
    });
  }
  if (status === 429 || ((status === 403 || status === 400) && has(RATE_REASONS))) {
    if (has(QUOTA_REASONS) && !has(RATE_REASONS)) return quotaExhausted(base, where, google);
    return new GmailApiError({
      ...base,
      kind: 'rateLimited',
      message: `Gmail is rate limiting this account (${where}).${waitText(facts)} Try again ${facts.retryAt ? 'after that time' : 'shortly'}, or ask for fewer messages at once.`,
      retryable: true,
    });
  }
  if (status === 403 && has(QUOTA_REASONS)) return quotaExhausted(base, where, google);
  if (status === 413) {
    return new GmailApiError({
      ...base,
      kind: 'tooLarge',
      message: `Gmail refused ${where}: the message is too large (413).${google} Gmail takes at most 25 MB of attachments; send fewer or smaller files.`,
    });
  }
  if (status === 404) {
    const what = subject.resource ?? 'the requested item';
    return new GmailApiError({
      ...base,
      kind: 'notFound',
      message: `Gmail has no ${what} in this mailbox (it may have been deleted, or the id is wrong). Search again to get current ids.`,
    });
  }
  if (status === 400) {
    return new GmailApiError({
      ...base,
      kind: 'invalidArgument',
      message: `Gmail rejected the request ${where} as invalid.${google} Check the arguments (ids come from search_messages; queries use Gmail search syntax).`,
    });
  }
  if (status >= 500 || status === 408) {
    return new GmailApiError({
      ...base,
      kind: 'unavailable',
      message: `Gmail is temporarily unavailable (${status}) for ${where}. Try again in a moment.`,
      retryable: true,
    });
  }
  return new GmailApiError({
    ...base,
    kind: 'unknown',
    message: `Gmail call ${where} failed with status ${status}.${google}`,
  });
}

/** " Google asked to wait until 12:03:15 UTC (about 14 min)." — the time, so a person can see a long wait for what it is. */
function waitText(facts: ErrorFacts): string {
  if (facts.retryAfterMs === undefined) return '';
  const seconds = Math.ceil(facts.retryAfterMs / 1000);
  const span = seconds < 120 ? `${seconds} s` : `about ${Math.round(seconds / 60)} min`;
  return facts.retryAt ? ` Google asked to wait until ${facts.retryAt.toISOString()} (${span}).` : ` Google asked to wait ${span}.`;
}

function quotaExhausted(base: { status?: number; reason?: string; retryAfterMs?: number; retryAt?: Date }, where: string, google: string) {
  return new GmailApiError({
    ...base,
    kind: 'quotaExhausted',
    message: `The Gmail API quota is used up (${where}).${google} It resets over time; try again later.`,
  });
}

interface ErrorFacts {
  status?: number;
  code?: string;
  reasons: string[];
  googleMessage?: string;
  plainMessage?: string;
  retryAfterMs?: number;
  retryAt?: Date;
}

/**
 * Reads only the safe parts of a gaxios error: status, error code, Google's error body and Retry-After.
 * `config` (URL with query, headers with the bearer token) is deliberately never touched.
 */
function readErrorFacts(error: unknown): ErrorFacts {
  const facts: ErrorFacts = { reasons: [] };
  if (typeof error !== 'object' || error === null) {
    facts.plainMessage = String(error);
    return facts;
  }
  const e = error as {
    status?: unknown;
    code?: unknown;
    name?: unknown;
    message?: unknown;
    response?: { status?: unknown; data?: unknown; headers?: unknown };
  };
  const status = typeof e.response?.status === 'number' ? e.response.status : typeof e.status === 'number' ? e.status : undefined;
  facts.status = status;
  if (typeof e.code === 'string') facts.code = e.code;
  else if (e.name === 'AbortError' || e.name === 'TimeoutError') facts.code = e.name;
  const body = parseBody(e.response?.data);
  const gError = body && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
  if (gError && typeof gError === 'object') {
    const g = gError as { message?: unknown; status?: unknown; errors?: unknown; details?: unknown };
    if (typeof g.message === 'string') facts.googleMessage = oneLine(g.message, MAX_GOOGLE_MESSAGE_CHARS);
    if (typeof g.status === 'string') facts.reasons.push(g.status);
    if (Array.isArray(g.errors)) {
      for (const item of g.errors) {
        const reason = (item as { reason?: unknown })?.reason;
        if (typeof reason === 'string') facts.reasons.unshift(reason);
      }
    }
    if (Array.isArray(g.details)) {
      for (const item of g.details) {
        const reason = (item as { reason?: unknown })?.reason;
        if (typeof reason === 'string') facts.reasons.push(reason);
      }
    }
  } else if (typeof gError === 'string') {
    // OAuth-style bodies: {"error":"invalid_grant","error_description":"..."}
    facts.reasons.push(gError);
  }
  // Gmail's per-user rate limit names the time in its message ("User-rate limit exceeded.  Retry after
  // 2026-03-07T18:03:15.961Z") and sends no Retry-After header with it reliably: read both, the header first.
  const now = Date.now();
  const header = parseRetryAfter(readHeader(e.response?.headers, 'retry-after'), now);
  const stated = retryAtInMessage(facts.googleMessage);
  if (header !== undefined) {
    facts.retryAfterMs = header;
    facts.retryAt = new Date(now + header);
  } else if (stated) {
    facts.retryAfterMs = Math.max(0, stated.getTime() - now);
    facts.retryAt = stated;
  }
  if (status === undefined && typeof e.message === 'string') facts.plainMessage = oneLine(e.message, MAX_GOOGLE_MESSAGE_CHARS);
  return facts;
}

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

function readHeader(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (key.toLowerCase() === name && typeof value === 'string') return value;
  }
  return undefined;
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** The time in "Retry after 2026-03-07T18:03:15.961Z", Gmail's wording for its per-user rate limit. */
export function retryAtInMessage(message: string | undefined): Date | undefined {
  const match = /\bretry after\s+(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))/i.exec(message ?? '');
  if (!match) return undefined;
  const at = Date.parse(match[1]);
  return Number.isNaN(at) ? undefined : new Date(at);
}


const SECRET_PATTERNS: readonly RegExp[] = [
  /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /\bya29\.[A-Za-z0-9._-]+/g, // Google access tokens
  /\b1\/\/[A-Za-z0-9._-]{10,}/g, // Google refresh tokens
  /((?:access|refresh|id)_token["']?\s*[:=]\s*["']?)[A-Za-z0-9._~+/=-]+/gi,
  /(authorization["']?\s*[:=]\s*["']?)[^"',}\s]+/gi,
];

/** Last line of defence: anything that looks like a credential is replaced before text leaves the room. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, prefix?: unknown) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}[redacted]` : '[redacted]',
    );
  }
  return out;
}
