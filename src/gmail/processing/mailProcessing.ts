import type { Attachment, ParsedMail } from 'mailparser';
import { detectInSanitized, type DetectionContext } from '../../guard/injection';
import { referencesToRecord } from '../../guard/provenance';
import { mailBodyText, parseMail, type MailUse } from '../mailParsing';
import type { ParsedMessage, UntrustedText } from '../render';
import { detectionContextKey, type ContentScan } from './contentScan';
import { parseMessage } from './parseMessage';
import type { RawGmailMessage } from './rawGmailMessage';

export type { RawGmailMessage } from './rawGmailMessage';

/**
 * The CPU-heavy step between Gmail and a tool result: a raw message in, the guarded message out (MIME parsed,
 * hidden text withheld, sanitised, HTML converted, quotes collapsed, injection findings and the addresses and links
 * of its content worked out). Pure functions of plain data, so the same code runs in the mail worker
 * (mailWorker.ts) and, for tests, in-process (InProcessMailProcessor); what crosses to the worker and back is
 * structured-clone friendly.
 */

export interface MessageReadRequest {
  readonly message: RawGmailMessage;
  /** When given, the detector and the provenance extractor run on the message too (UntrustedText.scan). */
  readonly detection?: DetectionContext;
}

/** Only the fields the parse reads: a Gmail message's payload, sizes and snippet never cross to the worker. */
export function rawFieldsOf(message: RawGmailMessage): RawGmailMessage {
  return { id: message.id, threadId: message.threadId, labelIds: message.labelIds, raw: message.raw, internalDate: message.internalDate };
}

export async function readGuardedMessage(request: MessageReadRequest): Promise<ParsedMessage> {
  const parsed = await parseMessage(request.message);
  if (!request.detection) return parsed;
  return { ...parsed, untrusted: { ...parsed.untrusted, scan: scanContent(parsed.untrusted, request.detection) } };
}

export function scanContent(content: Pick<UntrustedText, 'text' | 'hiddenText'>, detection: DetectionContext): ContentScan {
  return {
    context: detectionContextKey(detection),
    findings: detectInSanitized(content, detection),
    references: referencesToRecord(content.text),
    hiddenReferences: referencesToRecord(content.hiddenText),
  };
}

/** An attachment of a message opened for a reply or a forward: the bytes that go along with a forward. */
export interface ComposeAttachment {
  readonly filename?: string;
  readonly contentType: string;
  readonly size?: number;
  readonly content: Buffer;
}

/**
 * A message opened to reply to it, to forward it, or to show a draft in a confirmation: mailparser's header fields
 * as it decoded them, the body as the user read it (mailBodyText: hidden text left out) and the attachments.
 */
export type ComposeSource = Pick<ParsedMail, 'from' | 'to' | 'cc' | 'bcc' | 'replyTo' | 'subject' | 'date' | 'messageId' | 'references' | 'inReplyTo'> & {
  readonly bodyText: string;
  readonly attachments: readonly ComposeAttachment[];
};

export async function openForCompose(raw: Buffer, subject: { readonly id: string; readonly use: MailUse }): Promise<ComposeSource> {
  const parsed = await parseMail(raw, subject);
  return {
    from: parsed.from,
    to: parsed.to,
    cc: parsed.cc,
    bcc: parsed.bcc,
    replyTo: parsed.replyTo,
    subject: parsed.subject,
    date: parsed.date,
    messageId: parsed.messageId,
    references: parsed.references,
    inReplyTo: parsed.inReplyTo,
    bodyText: mailBodyText(parsed),
    attachments: parsed.attachments.map(composeAttachment),
  };
}

function composeAttachment(a: Attachment): ComposeAttachment {
  return { filename: a.filename, contentType: a.contentType, size: a.size, content: a.content };
}
