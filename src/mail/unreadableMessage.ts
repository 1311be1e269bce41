import { UserFacingError } from '../errors/userFacingError';

/**
 * A message this extension will not parse, and what it was parsed for. Apart from the MIME parser (mailParsing.ts)
 * so that the extension host, which only maps the error to its message, never loads the parser: parsing runs in the
 * mail worker (processing/).
 */

/** What the message was parsed for; the error names what the user can do instead. */
export type MailUse = 'read' | 'reply' | 'forward';

/** What the user can do in Gmail instead, for a mail that could not be processed for `use` (unknown: a read). */
export function doInGmailInstead(use: MailUse | undefined): string {
  return use === 'reply' ? 'reply to it from Gmail instead' : use === 'forward' ? 'forward it from Gmail instead' : 'open it in Gmail';
}

/** A message this extension will not parse; the text says why and what the user can do instead. */
export class UnreadableMessageError extends UserFacingError {
  readonly category = 'content';
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableMessageError';
  }
}
