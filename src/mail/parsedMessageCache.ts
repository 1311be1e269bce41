import { createHash } from 'node:crypto';
import type { gmail_v1 } from '@googleapis/gmail';
import { LRUCache } from 'lru-cache';
import type { DetectionContext } from '../guard/injection';
import type { MailProcessor } from './processing/mailProcessor';
import type { ParsedMessage } from './render';

/**
 * The parses of messages being read page by page. A long body is read in pages, one tool call each, and without
 * this cache every call would parse the whole raw message again (MIME, charsets, HTML conversion, the sanitiser),
 * which for a body of megabytes costs far more than the page it returns. The parse is a
 * pure function of the raw bytes, which never change for a message id, so the parse of a message whose body did
 * not fit one page is kept for the pages after the first. Labels change, so each call takes them from its own
 * fresh read of the message. A read without a cursor parses anew, unless a search just parsed the same bytes.
 */
export interface ParsedMessageCacheOptions {
  /** Messages kept (default 8): an agent pages through one or two long messages at a time. */
  readonly maxMessages?: number;
  /**
   * Bytes each of the two keeps may hold (default 16 MiB), counted over everything a parse retains (retainedBytes):
   * a parse of a large mail is dropped rather than kept past it, however few entries there are.
   */
  readonly maxBytes?: number;
  /** Search hits whose parse is kept for a following read (default 100: two pages of 50 hits). */
  readonly maxListed?: number;
  /** Where messages are parsed: the extension's MailWorkerPool, or in-process in tests. */
  readonly processor: MailProcessor;
  /** The detector's context: with it, every parse carries its findings and extracted links (UntrustedText.scan). */
  readonly detection?: DetectionContext;
}

export class ParsedMessageCache {
  private readonly parses: LRUCache<string, ParsedMessage>;
  /**
   * Parses made for a search listing, with the digest of the raw text they came from (never the raw text itself,
   * which for a page of large mail would be most of the heap): a following read of the same bytes takes them.
   */
  private readonly listed: LRUCache<string, { readonly rawDigest: string; readonly parsed: ParsedMessage }>;

  private readonly processor: MailProcessor;
  private readonly detection?: DetectionContext;

  constructor(options: ParsedMessageCacheOptions) {
    this.processor = options.processor;
    this.detection = options.detection;
    const maxSize = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.parses = new LRUCache({ max: options.maxMessages ?? 8, maxSize, sizeCalculation: (p) => Math.max(1, retainedBytes(p)) });
    this.listed = new LRUCache({ max: options.maxListed ?? 100, maxSize, sizeCalculation: ({ parsed }) => Math.max(1, retainedBytes(parsed)) });
  }

  /**
   * The parse of a search hit (search_messages shows its visible text, not Gmail's snippet); kept so that reading
   * the message next costs no second parse. The raw text is compared on use: a parse serves only its own bytes.
   */
  async parseListed(message: gmail_v1.Schema$Message, options: { readonly signal?: AbortSignal } = {}): Promise<ParsedMessage> {
    const parsed = await this.parse(message, { nextPage: false, signal: options.signal });
    if (message.id && typeof message.raw === 'string') this.listed.set(message.id, { rawDigest: digestOf(message.raw), parsed });
    return parsed;
  }

  /** `nextPage`: the call continues a paged read (it has a cursor), so an earlier parse of the message may serve. */
  async parse(message: gmail_v1.Schema$Message, { nextPage, signal }: { readonly nextPage: boolean; readonly signal?: AbortSignal }): Promise<ParsedMessage> {
    const kept = nextPage && message.id ? this.parses.get(message.id) : undefined;
    if (kept) return { ...kept, labelIds: message.labelIds ?? [] };
    const listed = message.id ? this.listed.get(message.id) : undefined;
    if (listed && typeof message.raw === 'string' && listed.rawDigest === digestOf(message.raw)) return { ...listed.parsed, labelIds: message.labelIds ?? [] };
    return this.processor.readMessage({ message, detection: this.detection }, { signal });
  }

  /** Keeps the parse for the pages to come; call it when a result hands out a cursor. */
  keepForPaging(parsed: ParsedMessage): void {
    if (parsed.id) this.parses.set(parsed.id, parsed);
  }
}

const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

/** The raw text's SHA-256: base64url is ASCII, so it is hashed as latin1, without a UTF-8 copy. */
function digestOf(raw: string): string {
  return createHash('sha256').update(raw, 'latin1').digest('base64');
}

/**
 * About what a parse keeps on the heap: two bytes a character of every string in it (V8 keeps mail text with any
 * non-Latin-1 character as UTF-16), a few words for every number, object and array. An estimate from above for
 * the text that dominates a large mail, cheap next to the parse that made it.
 */
export function retainedBytes(value: unknown): number {
  const OBJECT_OVERHEAD = 32;
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') total += 16 + v.length * 2;
    else if (typeof v === 'number' || typeof v === 'boolean') total += 8;
    else if (v && typeof v === 'object') {
      total += OBJECT_OVERHEAD;
      for (const item of Array.isArray(v) ? v : Object.values(v)) stack.push(item);
    }
  }
  return total;
}
