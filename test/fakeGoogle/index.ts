import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { endpointsAt, type GoogleEndpoints } from '../../src/gmail/endpoints';
import type { FaultRule } from './faults/faultRule';
import { Mailbox } from './mailbox/mailbox';
import type { StoredMessage } from './mailbox/storedMessage';
import { DEFAULT_TEST_CLIENT, type OAuthClient } from './oauth/clients';
import { GrantStore } from './oauth/grantStore';
import { PendingAuthorizations } from './oauth/pendingAuthorizations';
import { UserQuota } from './quota/userQuota';
import type { RequestLogEntry } from './requestLog';
import { viewOf, type MessageView } from './mailbox/messageView';
import { startServer } from './server';
import type { FakeGoogleSettings, FakeState, QuotaSettings } from './state';

export type { FaultRule, FaultKind } from './faults/faultRule';
export type { RequestLogEntry } from './requestLog';
export type { FakeGoogleSettings, QuotaSettings } from './state';
export type { OAuthClient } from './oauth/clients';
export { DEFAULT_TEST_CLIENT } from './oauth/clients';
export { QUOTA_UNITS, USER_UNITS_PER_MINUTE } from './quota/quotaUnits';
import { USER_UNITS_PER_MINUTE } from './quota/quotaUnits';
export type { MessageView } from './mailbox/messageView';
export { MAX_BATCH_IDS } from './gmail/organizeRoutes';
export { MAX_MESSAGE_BYTES } from './gmail/messageRequest';
import { MAX_MESSAGE_BYTES, MAX_PLAIN_REQUEST_BYTES } from './gmail/messageRequest';

export const DEFAULT_ACCOUNT = 'demo.user@example.com';

export interface FakeAccountOptions {
  address: string;
  /** Folder of .eml files; omitted: an empty mailbox. */
  mailboxDir?: string;
  /** Raw messages to load besides (or instead of) the folder. */
  messages?: Buffer[];
}

export interface FakeGoogleOptions {
  /** Folder of .eml files for the single default account (demo.user@example.com). */
  mailboxDir?: string;
  /** Several accounts, each with its own mailbox; overrides mailboxDir. */
  accounts?: FakeAccountOptions[];
  /** Registered OAuth clients; default: DEFAULT_TEST_CLIENT only. */
  clients?: OAuthClient[];
  autoConsent?: boolean;
  grantFewerScopes?: boolean | string[];
  accessTokenTtlSeconds?: number;
  /** Default: Gmail's 6,000 units a minute a user (a new project); OLDER_PROJECT_QUOTA for 15,000. */
  quota?: Partial<QuotaSettings>;
  latencyMs?: number;
  /** 0 (default): an ephemeral port. */
  port?: number;
  /** Clock for token expiry and relative search dates (older_than/newer_than). */
  now?: () => number;
}

export interface FakeGoogle {
  readonly baseUrl: string;
  readonly endpoints: GoogleEndpoints;
  /** Not part of GoogleEndpoints: Google's tokeninfo endpoint at the fake. */
  readonly tokenInfoUrl: string;
  /** The first registered client (the default test client unless clients were given). */
  readonly client: OAuthClient;
  readonly accounts: readonly string[];
  /** Every request, oldest first; no token values, only short hashes. */
  readonly requestLog: RequestLogEntry[];
  /** Change at run time: autoConsent, grantFewerScopes, latencyMs, faults, quota, accessTokenTtlSeconds, maxMessageBytes,
   *  maxPlainRequestBytes, rateLimitRetryAfterHeader. */
  readonly settings: FakeGoogleSettings;
  mailbox(account?: string): Mailbox;
  /** Every code, access token and refresh token ever issued (for leak searches). */
  issuedTokens(): string[];
  /** Revokes every grant of the account, as a password change or "remove access" elsewhere would. */
  revokeAll(account?: string): void;
  /** Makes every access token issued so far expired. */
  expireAccessTokens(): void;
  unitsUsed(account?: string): number;
  /** Messages labelled SENT in the account's mailbox, oldest first. */
  sentMessages(account?: string): MessageView[];
  /** The account's drafts, oldest first. */
  drafts(account?: string): MessageView[];
  /** Messages with this Message-ID header (angle brackets optional), oldest first; every account unless one is given. */
  findByMessageId(messageId: string, account?: string): MessageView[];
  /** One message by its Gmail id, or undefined. */
  message(id: string, account?: string): MessageView | undefined;
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const DEFAULT_QUOTA: QuotaSettings = { unitsPerWindow: USER_UNITS_PER_MINUTE.newProject, windowSeconds: 60, dailyUnits: undefined, exhausted: false };

/** The per-user quota of a Cloud project that used the Gmail API before 1 May 2026 (15,000 units a minute). */
export const OLDER_PROJECT_QUOTA: Partial<QuotaSettings> = { unitsPerWindow: USER_UNITS_PER_MINUTE.olderProject, windowSeconds: 60 };

export async function createFakeGoogle(options: FakeGoogleOptions = {}): Promise<FakeGoogle> {
  const now = options.now ?? Date.now;
  const accountOptions = options.accounts ?? [{ address: DEFAULT_ACCOUNT, mailboxDir: options.mailboxDir }];
  if (accountOptions.length === 0) throw new Error('createFakeGoogle: at least one account is needed');
  const accounts = new Map<string, Mailbox>();
  for (const a of accountOptions) {
    if (!/^[^\s@]+@[^\s@]+$/.test(a.address)) throw new Error(`createFakeGoogle: not an email address: ${a.address}`);
    if (accounts.has(a.address.toLowerCase())) throw new Error(`createFakeGoogle: account listed twice: ${a.address}`);
    accounts.set(a.address.toLowerCase(), await loadMailbox(a, now()));
  }
  const clientList = options.clients?.length ? options.clients : [DEFAULT_TEST_CLIENT];
  const ttl = options.accessTokenTtlSeconds ?? 3600;
  if (!Number.isFinite(ttl) || ttl <= 0) throw new Error('createFakeGoogle: accessTokenTtlSeconds must be positive');

  const settings: FakeGoogleSettings = {
    autoConsent: options.autoConsent ?? false,
    grantFewerScopes: options.grantFewerScopes ?? false,
    accessTokenTtlSeconds: ttl,
    latencyMs: options.latencyMs ?? 0,
    faults: [],
    quota: { ...DEFAULT_QUOTA, ...options.quota },
    maxMessageBytes: MAX_MESSAGE_BYTES,
    maxPlainRequestBytes: MAX_PLAIN_REQUEST_BYTES,
    rateLimitRetryAfterHeader: false,
  };
  const state: FakeState = {
    accounts,
    clients: new Map(clientList.map((c) => [c.clientId, c])),
    grants: new GrantStore(now),
    pending: new PendingAuthorizations(now),
    quota: new UserQuota(() => settings.quota, now),
    settings,
    now,
  };
  const requestLog: RequestLogEntry[] = [];
  const { server, sockets } = await startServer(state, requestLog, options.port ?? 0);
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('fake Google: no TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const firstAccount = [...accounts.values()][0].address;
  const pick = (account?: string) => {
    const mailbox = accounts.get((account ?? firstAccount).toLowerCase());
    if (!mailbox) throw new Error(`fake Google: no such account: ${account}`);
    return mailbox;
  };

  return {
    baseUrl,
    endpoints: endpointsAt(baseUrl),
    tokenInfoUrl: `${baseUrl}/tokeninfo`,
    client: clientList[0],
    accounts: [...accounts.values()].map((m) => m.address),
    requestLog,
    settings,
    mailbox: pick,
    issuedTokens: () => state.grants.issuedTokens(),
    revokeAll: (account) => void state.grants.revokeAccount(pick(account).address),
    expireAccessTokens: () => state.grants.expireAccessTokens(),
    unitsUsed: (account) => state.quota.unitsUsed(pick(account).address),
    sentMessages: (account) => {
      const mailbox = pick(account);
      return oldestFirst(mailbox.allMessages().filter((m) => m.labelIds.has('SENT'))).map((m) => view(mailbox, m));
    },
    drafts: (account) => {
      const mailbox = pick(account);
      return oldestFirst(mailbox.allMessages().filter((m) => mailbox.drafts.draftOf(m.id) !== undefined)).map((m) => view(mailbox, m));
    },
    findByMessageId: (messageId, account) => {
      const boxes = account === undefined ? [...accounts.values()] : [pick(account)];
      return boxes.flatMap((mailbox) => mailbox.findByMessageIdHeader(messageId).map((m) => view(mailbox, m)));
    },
    message: (id, account) => {
      const mailbox = pick(account);
      const m = mailbox.getMessage(id);
      return m ? view(mailbox, m) : undefined;
    },
    injectFault: (rule) => void settings.faults.push({ ...rule }),
    clearFaults: () => void settings.faults.splice(0),
    close: () => closeServer(server, sockets),
  };
}

function view(mailbox: Mailbox, m: StoredMessage): MessageView {
  return viewOf(mailbox.address, m, mailbox.drafts.draftOf(m.id));
}

function oldestFirst(messages: StoredMessage[]): StoredMessage[] {
  return [...messages].reverse();
}

async function loadMailbox(a: FakeAccountOptions, now: number): Promise<Mailbox> {
  if (a.mailboxDir && a.messages?.length) throw new Error(`createFakeGoogle: give ${a.address} either mailboxDir or messages, not both`);
  if (a.mailboxDir) return Mailbox.fromDirectory(a.address, a.mailboxDir);
  return Mailbox.fromRaw(a.address, a.messages ?? [], now);
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const s of sockets) s.destroy();
  });
}
