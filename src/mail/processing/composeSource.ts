import type { ParsedMail } from 'mailparser';
import type { BodySource } from '../mailParsing';

/** An attachment of a message opened for a reply or a forward: the bytes that go along with a forward. */
export interface ComposeAttachment {
  readonly filename?: string;
  readonly contentType: string;
  readonly size?: number;
  readonly content: Buffer;
}

/**
 * A message opened to reply to it, to forward it, or to show a draft in a confirmation: mailparser's header fields
 * as it decoded them, the HTML part as it is (kept when a draft's body is left unchanged), the body as the user read it
 * (mailBodyText: hidden text left out) and the attachments.
 */
export type ComposeSource = Pick<ParsedMail, 'from' | 'to' | 'cc' | 'bcc' | 'replyTo' | 'subject' | 'date' | 'messageId' | 'references' | 'inReplyTo' | 'html' | 'text'> & {
  readonly bodyText: string;
  /** Which part bodyText came from: a draft whose body was HTML is shown as the text a reader sees. */
  readonly bodySource: BodySource;
  readonly attachments: readonly ComposeAttachment[];
};
