import type { GmailReader } from '../gmail/client';
import { GmailApiError } from '../gmail/errors';
import type { MarkedRecipient, OutgoingMessagePreview } from './confirmer';

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

function bareAddress(formatted: string): string {
  const match = /<([^<>]+)>\s*$/.exec(formatted);
  return (match ? match[1] : formatted).trim();
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
