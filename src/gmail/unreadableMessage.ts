/**
 * A message this extension will not parse, and what it was parsed for. Apart from the MIME parser (mailParsing.ts)
 * so that the extension host, which only maps the error to its message, never loads the parser: parsing runs in the
 * mail worker (processing/).
 */

/** What the message was parsed for; the error names what the user can do instead. */
export type MailUse = 'read' | 'reply' | 'forward';

/** A message this extension will not parse; the text says why and what the user can do instead. */
export class UnreadableMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableMessageError';
  }
}
