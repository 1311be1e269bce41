import type { Mailbox } from './mailbox/mailbox';
import type { OAuthClient } from './oauth/clients';
import type { GrantStore } from './oauth/grantStore';
import type { PendingAuthorizations } from './oauth/pendingAuthorizations';
import type { UserQuota } from './quota/userQuota';
import type { FaultRule } from './faults/faultRule';

export interface QuotaSettings {
  /** Per-user units in each window (Gmail: 6,000 a minute for new projects, 15,000 for older ones: USER_UNITS_PER_MINUTE). */
  unitsPerWindow: number;
  windowSeconds: number;
  /** Total units a user may spend before every call answers dailyLimitExceeded; undefined = unlimited. */
  dailyUnits: number | undefined;
  /** Switch on to answer every Gmail call with the daily-limit error at once. */
  exhausted: boolean;
}

/** Settings tests may change while the server runs. */
export interface FakeGoogleSettings {
  autoConsent: boolean;
  /** true: the user unticks every Gmail scope; a list: only these of the asked scopes are granted. */
  grantFewerScopes: boolean | string[];
  accessTokenTtlSeconds: number;
  /** Added to every request before it is answered. */
  latencyMs: number;
  faults: FaultRule[];
  quota: QuotaSettings;
  /** Largest raw message messages.send and drafts.* accept (Gmail: 36,700,160 bytes, 35 MB); lower it in tests. */
  maxMessageBytes: number;
  /**
   * Largest request the plain (non-upload) URIs of messages.send and drafts.* accept; above it they answer 413, as
   * Gmail does (its upload guide keeps non-upload requests to about 5 MB: developers.google.com/workspace/gmail/api/guides/uploads).
   */
  maxPlainRequestBytes: number;
  /**
   * Whether the per-user rate-limit answer carries a Retry-After header. Gmail's always names the time in its
   * message ("Retry after <ISO time>") and not reliably in a header, so the default is off; tests turn it on to
   * check the header path.
   */
  rateLimitRetryAfterHeader: boolean;
}

/** Everything the routes share. */
export interface FakeState {
  accounts: Map<string, Mailbox>;
  clients: Map<string, OAuthClient>;
  grants: GrantStore;
  pending: PendingAuthorizations;
  quota: UserQuota;
  settings: FakeGoogleSettings;
  now: () => number;
}

export function findMailbox(state: FakeState, address: string): Mailbox | undefined {
  return state.accounts.get(address.toLowerCase());
}
