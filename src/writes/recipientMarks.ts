import { recipientLookalike } from '../guard/lookalikeSender';
import type { GmailReader } from '../gmail/client';
import { addressDomain, bareAddress } from '../guard/addresses';
import { GmailApiError } from '../gmail/errors';
import type { ProvenanceTracker } from '../guard/provenance';
import type { WrittenToHistory } from './evidenceAssessor';
import type { MarkReason, MarkedRecipient, OutgoingMessagePreview } from './confirmer';

/** The outgoing message as marked for the user: the preview before recipients are marked. */
export type OutgoingForAssessment = Omit<OutgoingMessagePreview, 'markedRecipients' | 'untrustedLinks'>;

export interface OutgoingAssessment {
  readonly markedRecipients: readonly MarkedRecipient[];
  /** Links in the body that came from untrusted mail content. */
  readonly untrustedLinks: readonly string[];
}

/** What the user should look at twice in an outgoing message; it never refuses (the pipeline's policy step does). */
export interface RecipientMarker extends Partial<WrittenToHistory> {
  assessOutgoing(preview: OutgoingForAssessment, signal?: AbortSignal): Promise<OutgoingAssessment>;
}

/**
 * The default: a recipient is 'external' when its domain differs from the account's, and 'new' when the account
 * never wrote to it (no `in:sent to:addr` hit; answers cached for the session). Without a scope that can search
 * Sent, 'new' cannot be known and is left out rather than guessed.
 */
export class SentHistoryMarker implements RecipientMarker, WrittenToHistory {
  private readonly writtenTo = new Map<string, Promise<boolean | undefined>>();
  private readonly accountDomain: string;

  constructor(
    private readonly gmail: Pick<GmailReader, 'searchMessages'>,
    account: string,
  ) {
    this.accountDomain = addressDomain(account);
  }

  async assessOutgoing(preview: OutgoingForAssessment, signal?: AbortSignal): Promise<OutgoingAssessment> {
    const unique = [...new Set([...preview.to, ...preview.cc, ...preview.bcc].map(bareAddress).filter(Boolean))];
    const marked: MarkedRecipient[] = [];
    for (const address of unique) {
      const reasons: MarkReason[] = [];
      if (addressDomain(address) !== this.accountDomain) reasons.push('external');
      if ((await this.hasWrittenTo(address, signal)) === false) reasons.push('new');
      if (reasons.length) marked.push({ address, reasons });
    }
    return { markedRecipients: marked, untrustedLinks: [] };
  }

  /** Whether the account has sent mail to this address (`in:sent to:addr`); undefined when Gmail cannot say. */
  hasWrittenTo(address: string, signal?: AbortSignal): Promise<boolean | undefined> {
    return this.askSent(`to:${address.trim().toLowerCase()}`, signal);
  }

  /** Whether the account has sent mail to anyone at this domain (`in:sent to:domain`). */
  hasWrittenToDomain(domain: string, signal?: AbortSignal): Promise<boolean | undefined> {
    return this.askSent(`to:${domain.trim().toLowerCase()}`, signal);
  }

  private askSent(term: string, signal: AbortSignal | undefined): Promise<boolean | undefined> {
    let known = this.writtenTo.get(term);
    if (!known) {
      known = this.gmail
        .searchMessages({ query: `in:sent ${term}`, maxResults: 1 }, { signal })
        .then((r) => r.messages.length > 0)
        .catch((error: unknown) => {
          // Unknown is not "new": forget the failure so a later call can ask again.
          this.writtenTo.delete(term);
          if (error instanceof GmailApiError) return undefined;
          throw error;
        });
      this.writtenTo.set(term, known);
    }
    return known;
  }
}

/**
 * The marks every outgoing message gets on top of another marker's: recipients that appeared in mail read or
 * listed in this account's sessions are 'untrusted', the addresses a reply goes to because of the original's
 * Reply-To are 'replyTo', look-alike domains are 'lookalike', and links in the subject or body that came from mail are listed.
 */
export async function markOutgoing(
  inner: RecipientMarker,
  provenance: ProvenanceTracker,
  preview: OutgoingForAssessment,
  replyToRedirect: readonly string[],
  signal?: AbortSignal,
): Promise<OutgoingAssessment> {
  const base = await inner.assessOutgoing(preview, signal);
  const reasons = new Map<string, Set<MarkReason>>();
  for (const marked of base.markedRecipients) reasons.set(marked.address.toLowerCase(), new Set(marked.reasons));
  const redirected = new Set(replyToRedirect.map(bareAddress));
  for (const address of new Set([...preview.to, ...preview.cc, ...preview.bcc].map(bareAddress).filter(Boolean))) {
    const add = (reason: MarkReason) => reasons.set(address, (reasons.get(address) ?? new Set()).add(reason));
    if (provenance.isUntrustedAddress(address)) add('untrusted');
    if (redirected.has(address)) add('replyTo');
    if (recipientLookalike(address)) add('lookalike');
  }
  const links = new Set([...base.untrustedLinks, ...provenance.urlsFromUntrusted(`${preview.subject}\n${preview.body}`).map((l) => l.url)]);
  return {
    markedRecipients: [...reasons].map(([address, set]) => ({ address, reasons: [...set] })),
    untrustedLinks: [...links],
  };
}
