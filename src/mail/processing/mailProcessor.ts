import type { MailUse } from '../unreadableMessage';
import type { ParsedMessage } from '../render';
import type { ComposeSource } from './composeSource';
import { sanitizeHtml } from '../visibility/sanitize';
import { openForCompose, readGuardedMessage, type MessageReadRequest } from './mailProcessing';

/**
 * Where raw mail becomes guarded text (mailProcessing.ts). The tools and the writes room depend on this interface:
 * in the extension it is a pool of worker threads (MailWorkerPool), so no mail, however hostile, holds the
 * extension host's event loop; tests may run the same code in-process.
 */
export interface MailProcessor {
  /** A message read for the model: parsed, guarded and (with a detection context) scanned. */
  readMessage(request: MessageReadRequest, options?: { readonly signal?: AbortSignal }): Promise<ParsedMessage>;
  /** A message opened to reply to it, forward it or show a draft: headers, the body as read, attachments. */
  openForCompose(raw: Buffer, subject: { readonly id: string; readonly use: MailUse }, options?: { readonly signal?: AbortSignal }): Promise<ComposeSource>;
  /**
   * The text a reader sees of a piece of HTML that is not a message (a send-as alias's signature): the HTML
   * pipeline runs where mail is parsed, so its CSS engine stays out of the extension host's bundle.
   */
  htmlText(html: string, options?: { readonly signal?: AbortSignal }): Promise<string>;
  /** Gets ready for the first mail ahead of time, where there is something to get ready (a worker to start). */
  warm?(): void;
  /** Ends the workers, if any; calls after it start new ones. */
  close(): Promise<void>;
}

/** The same work on the calling thread: for unit tests and plain-Node tools that have no event loop to protect. */
export class InProcessMailProcessor implements MailProcessor {
  readMessage(request: MessageReadRequest): Promise<ParsedMessage> {
    return readGuardedMessage(request);
  }

  openForCompose(raw: Buffer, subject: { readonly id: string; readonly use: MailUse }): Promise<ComposeSource> {
    return openForCompose(raw, subject);
  }

  async htmlText(html: string): Promise<string> {
    return sanitizeHtml(html).text;
  }

  async close(): Promise<void> {}
}
