import type { GmailReader } from '../gmail/client';
import { GmailApiError } from '../gmail/errors';
import type { GuardPolicy, PolicyVerdict } from '../guard/policy';
import type { ProvenanceTracker } from '../guard/provenance';
import type { MarkedRecipient, OutgoingMessagePreview } from './confirmer';
import { WriteRefusedError } from './writeGate';

/** The outgoing message a policy looks at: the preview before recipients are marked. */
export type OutgoingForAssessment = Omit<OutgoingMessagePreview, 'markedRecipients' | 'untrustedLinks'>;

export interface OutgoingAssessment {
  readonly markedRecipients: readonly MarkedRecipient[];
  /** Links in the body that came from untrusted mail content. */
  readonly untrustedLinks: readonly string[];
}

export type WriteVerdict = { readonly allowed: true } | { readonly allowed: false; readonly message: string };

/**
 * The hook through which security policy sees every write: before the confirmation opens (beforeWrite may
 * refuse: rate limits, bulk caps, blocked domains) and to mark what the user should look at twice in an
 * outgoing message. The guard room supplies provenance ('untrusted' recipients and links) by implementing
 * this interface, typically wrapping SentHistoryPolicy.
 */
export interface WritePolicy {
  assessOutgoing(preview: OutgoingForAssessment, signal?: AbortSignal): Promise<OutgoingAssessment>;
  beforeWrite(tool: string, args: Readonly<Record<string, unknown>>): Promise<WriteVerdict>;
}

/**
 * The default: a recipient is 'external' when its domain differs from the account's, and 'new' when the account
 * never wrote to it (no `in:sent to:addr` hit; answers cached for the session). Without a scope that can search
 * Sent, 'new' cannot be known and is left out rather than guessed. Allows every write (the confirmation decides).
 */
export class SentHistoryPolicy implements WritePolicy {
  private readonly writtenTo = new Map<string, Promise<boolean | undefined>>();
  private readonly accountDomain: string;

  constructor(
    private readonly gmail: Pick<GmailReader, 'searchMessages'>,
    account: string,
  ) {
    this.accountDomain = domainOf(account);
  }

  async assessOutgoing(preview: OutgoingForAssessment, signal?: AbortSignal): Promise<OutgoingAssessment> {
    const all = [...preview.to, ...preview.cc, ...preview.bcc].map(bareAddress);
    const unique = [...new Set(all.map((a) => a.toLowerCase()))];
    const marked: MarkedRecipient[] = [];
    for (const address of unique) {
      const reasons: Array<MarkedRecipient['reasons'][number]> = [];
      if (domainOf(address) !== this.accountDomain) reasons.push('external');
      if ((await this.hasWrittenTo(address, signal)) === false) reasons.push('new');
      if (reasons.length) marked.push({ address, reasons });
    }
    return { markedRecipients: marked, untrustedLinks: [] };
  }

  async beforeWrite(): Promise<WriteVerdict> {
    return { allowed: true };
  }

  private hasWrittenTo(address: string, signal: AbortSignal | undefined): Promise<boolean | undefined> {
    let known = this.writtenTo.get(address);
    if (!known) {
      known = this.gmail
        .searchMessages({ query: `in:sent to:${address}`, maxResults: 1 }, { signal })
        .then((r) => r.messages.length > 0)
        .catch((error: unknown) => {
          // Unknown is not "new": forget the failure so a later call can ask again.
          this.writtenTo.delete(address);
          if (error instanceof GmailApiError) return undefined;
          throw error;
        });
      this.writtenTo.set(address, known);
    }
    return known;
  }
}

export interface GuardedWritePolicyDeps {
  /** Where the addresses and links of mail read in this account's sessions are remembered. */
  readonly provenance: ProvenanceTracker;
  /** The user's limits (domain lists, recipients, sends per hour, trash size); absent: none beyond the defaults of the tools. */
  readonly limits?: GuardPolicy;
}

/**
 * The guard room's policy around another one (SentHistoryPolicy by default): recipients that appeared in mail
 * content read in this account's sessions are marked 'untrusted', links in the outgoing body that came from
 * mail are listed, and the user's limits refuse a write before any confirmation opens (blocked or not-allowed
 * recipient domains, too many recipients, too many sends in the last hour, too large a trash). It never
 * approves anything: every send still goes to the Confirmer, marked or not.
 */
export class GuardedWritePolicy implements WritePolicy {
  constructor(
    private readonly inner: WritePolicy,
    private readonly deps: GuardedWritePolicyDeps,
  ) {}

  async beforeWrite(tool: string, args: Readonly<Record<string, unknown>>): Promise<WriteVerdict> {
    const verdict = await this.inner.beforeWrite(tool, args);
    if (!verdict.allowed) return verdict;
    const limits = this.deps.limits;
    if (!limits) return verdict;
    if (tool === 'send_message' || tool === 'send_draft') {
      const recipients = [args.to, args.cc, args.bcc].flatMap((list) => (Array.isArray(list) ? list.filter((a): a is string => typeof a === 'string') : []));
      // Replies and forwards add recipients later: assessOutgoing checks the final list again.
      if (recipients.length) {
        const checked = limits.checkRecipients(recipients);
        if (!checked.allowed) return checked;
      }
      return limits.checkSendRate();
    }
    if (tool === 'trash_messages') {
      const count = Array.isArray(args.ids) ? new Set(args.ids).size : typeof args.maxMessages === 'number' ? args.maxMessages : 0;
      return limits.checkTrashCount(count);
    }
    return verdict;
  }

  async assessOutgoing(preview: OutgoingForAssessment, signal?: AbortSignal): Promise<OutgoingAssessment> {
    const recipients = [...preview.to, ...preview.cc, ...preview.bcc];
    if (this.deps.limits) refuseUnless(this.deps.limits.checkRecipients(recipients));
    const base = await this.inner.assessOutgoing(preview, signal);
    const reasons = new Map<string, Set<MarkedRecipient['reasons'][number]>>();
    for (const marked of base.markedRecipients) reasons.set(marked.address.toLowerCase(), new Set(marked.reasons));
    for (const address of new Set(recipients.map((r) => bareAddress(r).toLowerCase()))) {
      if (this.deps.provenance.isUntrustedAddress(address)) {
        const set = reasons.get(address) ?? new Set();
        set.add('untrusted');
        reasons.set(address, set);
      }
    }
    const links = new Set([...base.untrustedLinks, ...this.deps.provenance.urlsFromUntrusted(`${preview.subject}\n${preview.body}`).map((l) => l.url)]);
    return {
      markedRecipients: [...reasons].map(([address, set]) => ({ address, reasons: [...set] })),
      untrustedLinks: [...links],
    };
  }
}

function refuseUnless(verdict: PolicyVerdict): void {
  if (!verdict.allowed) throw new WriteRefusedError(verdict.message);
}

function bareAddress(formatted: string): string {
  const match = /<([^<>]+)>\s*$/.exec(formatted);
  return (match ? match[1] : formatted).trim();
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
