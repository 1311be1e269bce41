import { addressDomain, bareAddress, normaliseDomain } from './addresses';

/**
 * Per-account limits the user sets, checked on every write before any confirmation opens, and anomaly
 * alarms over the calls of a session. Plain Node: the settings arrive through a getter so the extension can
 * hand in VS Code settings live, and the clock is injectable for tests. One UserLimits per account server
 * (shared by all its MCP sessions), so the send rate and the read burst count the account, not a session.
 */

export interface UserLimitSettings {
  /** Recipient domains allowed; empty allows every domain not blocked. Subdomains match ("example.com" allows "eu.example.com"). */
  readonly allowedRecipientDomains: readonly string[];
  /** Recipient domains refused before any confirmation. Subdomains match. Wins over the allowlist. */
  readonly blockedRecipientDomains: readonly string[];
  /** Different addresses on To + Cc + Bcc of one outgoing message or draft. */
  readonly maxRecipientsPerMessage: number;
  /** Sends (send_message, send_draft, forwards) per account in any sliding hour, counted from the proposal. */
  readonly sendsPerHour: number;
  /** Messages one trash, untrash or label change may affect, counted as actually selected. */
  readonly maxMessagesPerChange: number;
  /** A change of more messages than this needs the user to type the count. */
  readonly typedCountThreshold: number;
  /** How long an approved send waits, with Undo, before it is handed to Gmail; 0 sends at once. */
  readonly undoSendSeconds: number;
  /** Alarm when more message bodies than this are read within one minute. */
  readonly readsPerMinuteAlarm: number;
  /** Alarm on a search for passwords, codes, invoices or bank details this long after flagged content was read. */
  readonly sensitiveSearchWindowMs: number;
  /** A send or draft from a send-as alias ends with the alias's signature (as text, visible in the diff). */
  readonly appendSignature: boolean;
}

/**
 * The one default of every limit. package.json's setting defaults must say the same (a unit test compares them);
 * the settings reach UserLimits through its getter, and nothing else holds a default of its own.
 */
export const DEFAULT_USER_LIMIT_SETTINGS: UserLimitSettings = Object.freeze({
  allowedRecipientDomains: Object.freeze([]) as readonly string[],
  blockedRecipientDomains: Object.freeze([]) as readonly string[],
  maxRecipientsPerMessage: 20,
  sendsPerHour: 20,
  maxMessagesPerChange: 100,
  typedCountThreshold: 25,
  undoSendSeconds: 10,
  readsPerMinuteAlarm: 60,
  sensitiveSearchWindowMs: 5 * 60_000,
  appendSignature: true,
});

/** A send counted against the sliding hour from its proposal on: released when declined or failed. */
export interface SendReservation {
  readonly allowed: true;
  /** The send did not happen (declined, undone, failed before Gmail took it): the slot is free again. */
  release(): void;
}

export type PolicyVerdict = { readonly allowed: true } | { readonly allowed: false; readonly message: string };

export type AnomalyKind = 'readBurst' | 'sensitiveSearch';

export interface AnomalyReport {
  readonly kind: AnomalyKind;
  /** For people: one sentence. */
  readonly message: string;
  /** True for the call that crossed the threshold (notify once a burst); false for later calls of the burst (flag only). */
  readonly notify: boolean;
}

export interface UserLimitsOptions {
  /** Read at every check, so a settings change applies to the next call. */
  readonly settings?: () => Partial<UserLimitSettings> | undefined;
  readonly now?: () => number;
}

type NumericSetting = Exclude<keyof UserLimitSettings, 'allowedRecipientDomains' | 'blockedRecipientDomains' | 'appendSignature'>;

const HOUR_MS = 60 * 60_000;
const MINUTE_MS = 60_000;

// What an attacker who steered the agent would look for next: secrets, one-time codes, money.
const SENSITIVE_QUERY =
  /\b(?:pass(?:word|words|wd|code|codes|phrase)|pwd|credentials?|log-?in details|2fa|two[\s-]?factor|mfa|otp|one[\s-]?time (?:code|password|pin)|verification codes?|security codes?|auth(?:entication)? codes?|backup codes?|recovery codes?|reset (?:link|code)|api[\s_-]?keys?|access[\s_-]?tokens?|secret keys?|ssh keys?|seed phrase|invoices?|rechnung(?:en)?|factures?|iban|swift|bic|routing number|account number|bank (?:details|account|statement|transfer)s?|wire (?:transfer|instructions)|sort code|credit card|card number|cvv|tax return|payslips?|salary)\b/iu;

const ALLOWED: PolicyVerdict = Object.freeze({ allowed: true });

export class UserLimits {
  private readonly now: () => number;
  /** Reserved and made sends, oldest first. */
  private readonly sends: Array<{ at: number }> = [];
  private readonly reads: Array<{ at: number; count: number }> = [];
  /** The sum of `reads`' counts, kept as they come and go: an agent harvesting the mailbox makes thousands a minute. */
  private readsInWindow = 0;
  private readBurstNotified = false;
  private lastFlaggedRead: { at: number; what: string } | undefined;

  constructor(private readonly options: UserLimitsOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** The effective settings: the getter's values over the defaults; invalid values fall back to the defaults. */
  get settings(): UserLimitSettings {
    let given: Partial<UserLimitSettings> | undefined;
    try {
      given = this.options.settings?.();
    } catch {
      given = undefined; // a broken settings source must not open the gate wider: the defaults apply
    }
    const number = (key: NumericSetting, min: number): number => {
      const value = given?.[key];
      return typeof value === 'number' && Number.isFinite(value) && value >= min ? Math.floor(value) : DEFAULT_USER_LIMIT_SETTINGS[key];
    };
    return {
      allowedRecipientDomains: domainList(given?.allowedRecipientDomains),
      blockedRecipientDomains: domainList(given?.blockedRecipientDomains),
      maxRecipientsPerMessage: number('maxRecipientsPerMessage', 1),
      sendsPerHour: number('sendsPerHour', 0),
      maxMessagesPerChange: number('maxMessagesPerChange', 1),
      typedCountThreshold: number('typedCountThreshold', 1),
      undoSendSeconds: number('undoSendSeconds', 0),
      readsPerMinuteAlarm: number('readsPerMinuteAlarm', 1),
      sensitiveSearchWindowMs: number('sensitiveSearchWindowMs', 0),
      appendSignature: typeof given?.appendSignature === 'boolean' ? given.appendSignature : DEFAULT_USER_LIMIT_SETTINGS.appendSignature,
    };
  }

  /** Why the user's domain lists refuse this address, or undefined when they allow it. */
  domainRefusal(address: string, settings: UserLimitSettings = this.settings): 'blocked' | 'notAllowed' | undefined {
    const domain = addressDomain(address);
    if (settings.blockedRecipientDomains.some((d) => inDomain(domain, d))) return 'blocked';
    if (settings.allowedRecipientDomains.length > 0 && !settings.allowedRecipientDomains.some((d) => inDomain(domain, d))) return 'notAllowed';
    return undefined;
  }

  /**
   * Domain lists and the recipient cap for the final recipients of one outgoing message or draft ("Name <addr>" or
   * bare addresses). The cap counts different addresses, the one rule for every road (tools, edits, drafts).
   */
  checkRecipients(recipients: readonly string[], what: 'sent' | 'saved' = 'sent'): PolicyVerdict {
    const settings = this.settings;
    const addresses = [...new Set(recipients.map(bareAddress).filter(Boolean))];
    const nothing = what === 'sent' ? 'Nothing was sent.' : 'No draft was saved.';
    const blocked = addresses.filter((a) => this.domainRefusal(a, settings) === 'blocked');
    if (blocked.length) {
      return refuse(
        `Refused by the user's Gmail Tools settings: ${list(blocked)} ${blocked.length === 1 ? 'is' : 'are'} in a blocked recipient domain. ${nothing} ` +
          `Remove ${blocked.length === 1 ? 'this recipient' : 'these recipients'}.`,
      );
    }
    const notAllowed = addresses.filter((a) => this.domainRefusal(a, settings) === 'notAllowed');
    if (notAllowed.length) {
      return refuse(
        `Refused by the user's Gmail Tools settings: ${list(notAllowed)} ${notAllowed.length === 1 ? 'is' : 'are'} outside the allowed recipient domains (${settings.allowedRecipientDomains.join(', ')}). ${nothing} ` +
          `Use only recipients in those domains.`,
      );
    }
    if (addresses.length > settings.maxRecipientsPerMessage) {
      return refuse(
        `Refused by the user's Gmail Tools settings: ${addresses.length} recipients, the limit is ${settings.maxRecipientsPerMessage} per message. ${nothing} ` +
          `Address at most ${settings.maxRecipientsPerMessage} recipients.`,
      );
    }
    return ALLOWED;
  }

  /** Whether one more send fits in the sliding hour (reserved sends count). */
  checkSendRate(): PolicyVerdict {
    const { sendsPerHour } = this.settings;
    const now = this.now();
    prune(this.sends, (s) => s.at > now - HOUR_MS);
    if (this.sends.length >= sendsPerHour) {
      const oldest = this.sends[0]?.at;
      const waitMin = oldest === undefined ? 60 : Math.max(1, Math.ceil((oldest + HOUR_MS - now) / MINUTE_MS));
      return refuse(
        `Refused by the user's Gmail Tools settings: ${this.sends.length} ${this.sends.length === 1 ? 'message was' : 'messages were'} sent or proposed in the last hour, the limit is ${sendsPerHour}. ` +
          `Nothing was sent; try again in about ${waitMin} minute${waitMin === 1 ? '' : 's'}.`,
      );
    }
    return ALLOWED;
  }

  /**
   * Takes one slot of the sliding hour when a send is proposed, before its confirmation opens, so sends approved
   * in parallel cannot exceed the limit; the caller releases it when the send does not happen.
   */
  reserveSend(): SendReservation | Extract<PolicyVerdict, { allowed: false }> {
    const verdict = this.checkSendRate();
    if (!verdict.allowed) return verdict;
    const slot = { at: this.now() };
    this.sends.push(slot);
    let released = false;
    return {
      allowed: true,
      release: () => {
        if (released) return;
        released = true;
        const index = this.sends.indexOf(slot);
        if (index >= 0) this.sends.splice(index, 1);
      },
    };
  }

  /** The messages one change selected, against the cap (trash, untrash, labels; by ids, query or thread alike). */
  checkChangeCount(count: number): PolicyVerdict {
    const { maxMessagesPerChange } = this.settings;
    if (count > maxMessagesPerChange) {
      return refuse(
        `Refused by the user's Gmail Tools settings: this call selects ${count} messages, and one call may change at most ${maxMessagesPerChange}. ` +
          `Nothing was changed; select fewer messages (narrow the query or pass fewer ids).`,
      );
    }
    return ALLOWED;
  }

  /**
   * Message bodies handed to the agent by one call, and which flagged content (if any) was among them. Returns an
   * anomaly while more than the alarm threshold were read in the last minute.
   */
  observeReads(count: number, flaggedWhat?: string): AnomalyReport | undefined {
    const now = this.now();
    if (flaggedWhat) this.lastFlaggedRead = { at: now, what: flaggedWhat };
    if (count <= 0) return undefined;
    this.reads.push({ at: now, count });
    this.readsInWindow += count;
    for (const gone of prune(this.reads, (r) => r.at > now - MINUTE_MS)) this.readsInWindow -= gone.count;
    const total = this.readsInWindow;
    const { readsPerMinuteAlarm } = this.settings;
    if (total <= readsPerMinuteAlarm) {
      this.readBurstNotified = false;
      return undefined;
    }
    const notify = !this.readBurstNotified;
    this.readBurstNotified = true;
    return { kind: 'readBurst', notify, message: `${total} messages read within a minute (the alarm is set at ${readsPerMinuteAlarm}): the agent may be harvesting the mailbox.` };
  }

  /** A search for secrets, codes or money soon after content flagged as instruction-like was read. */
  observeSearch(query: string | undefined): AnomalyReport | undefined {
    if (!query || !this.lastFlaggedRead) return undefined;
    const now = this.now();
    const elapsed = now - this.lastFlaggedRead.at;
    if (elapsed > this.settings.sensitiveSearchWindowMs) return undefined;
    const match = SENSITIVE_QUERY.exec(query);
    if (!match) return undefined;
    const minutes = Math.max(1, Math.ceil(elapsed / MINUTE_MS));
    return {
      kind: 'sensitiveSearch',
      notify: true,
      message: `a search for "${match[0]}" within ${minutes} minute${minutes === 1 ? '' : 's'} of reading ${this.lastFlaggedRead.what} with instruction-like content: the agent may be following that mail.`,
    };
  }
}

/** True when a search asks for secrets, one-time codes, invoices or bank details. */
export function isSensitiveQuery(query: string): boolean {
  return SENSITIVE_QUERY.test(query);
}

function refuse(message: string): PolicyVerdict {
  return { allowed: false, message };
}

function list(addresses: readonly string[]): string {
  const shown = addresses.slice(0, 5).join(', ');
  return addresses.length > 5 ? `${shown} and ${addresses.length - 5} more` : shown;
}

/** Drops the leading items that are not to be kept (the oldest, in a time-ordered list), and returns them. */
function prune<T>(items: T[], keep: (item: T) => boolean): T[] {
  let drop = 0;
  while (drop < items.length && !keep(items[drop])) drop++;
  return drop ? items.splice(0, drop) : [];
}

function domainList(value: unknown): readonly string[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((d): d is string => typeof d === 'string')
    .map(normaliseDomain)
    .filter((d) => d.length > 0);
}

function inDomain(domain: string, listed: string): boolean {
  return domain === listed || domain.endsWith(`.${listed}`);
}
