import type { gmail_v1 } from '@googleapis/gmail';
import { LRUCache } from 'lru-cache';
import { parseMessage, type ParsedMessage } from './render';

/**
 * The parses of messages being read page by page. A long body is read in pages, one tool call each, and every
 * call used to parse the whole raw message again (MIME, charsets, HTML conversion, the sanitiser): milliseconds
 * for ordinary mail, a second and more for a body of megabytes, on the extension host each time. The parse is a
 * pure function of the raw bytes, which never change for a message id, so the parse of a message whose body did
 * not fit one page is kept for the pages after the first. Labels change, so each call takes them from its own
 * fresh read of the message. A read without a cursor always parses anew.
 */
export interface ParsedMessageCacheOptions {
  /** Messages kept (default 8): an agent pages through one or two long messages at a time. */
  readonly maxMessages?: number;
  /** Characters of body and untrusted text kept in all (default 8,000,000, about 16 MB). */
  readonly maxChars?: number;
}

export class ParsedMessageCache {
  private readonly parses: LRUCache<string, ParsedMessage>;

  constructor(options: ParsedMessageCacheOptions = {}) {
    this.parses = new LRUCache({
      max: options.maxMessages ?? 8,
      maxSize: options.maxChars ?? 8_000_000,
      sizeCalculation: (p) => Math.max(1, p.body.length + p.untrusted.text.length + p.untrusted.hiddenText.length),
    });
  }

  /** `nextPage`: the call continues a paged read (it has a cursor), so an earlier parse of the message may serve. */
  async parse(message: gmail_v1.Schema$Message, { nextPage }: { readonly nextPage: boolean }): Promise<ParsedMessage> {
    const kept = nextPage && message.id ? this.parses.get(message.id) : undefined;
    if (kept) return { ...kept, labelIds: message.labelIds ?? [] };
    return parseMessage(message);
  }

  /** Keeps the parse for the pages to come; call it when a result hands out a cursor. */
  keepForPaging(parsed: ParsedMessage): void {
    if (parsed.id) this.parses.set(parsed.id, parsed);
  }
}
