import type { GmailReader } from '../gmail/client';
import { GmailApiError } from '../gmail/errors';
import type { WrittenToHistory } from './evidenceAssessor';

/**
 * Whether the account has written to an address or a domain, from its Sent mail (`in:sent to:…`; answers cached for
 * the session), for the evidence (writes/evidenceAssessor: a correspondent is not warned about). Without a scope that
 * can search Sent, or when Gmail fails, the answer is unknown (undefined), never guessed.
 */
export class SentHistory implements WrittenToHistory {
  private readonly writtenTo = new Map<string, Promise<boolean | undefined>>();

  constructor(private readonly gmail: Pick<GmailReader, 'searchMessages'>) {}

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
