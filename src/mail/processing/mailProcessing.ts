import type { Attachment } from 'mailparser';
import { ComposeError, forwardSpecOf, type ForwardOptions, type OutgoingMessageSpec } from '../compose';
import type { DetectionContext } from '../../guard/injection';
import { provenanceKeysOf } from '../../guard/provenance';
import { bodySourceOf, mailBodyText, parseMail, type MailUse } from '../mailParsing';
import type { ParsedMessage } from '../render';
import type { ComposeAttachment, ComposeSource } from './composeSource';
import { parseMessage } from './parseMessage';
import { scanContent } from './scanContent';
import type { RawGmailMessage } from './rawGmailMessage';

export type { RawGmailMessage } from './rawGmailMessage';
export { scanContent } from './scanContent';

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

export async function readGuardedMessage(request: MessageReadRequest): Promise<ParsedMessage> {
  const parsed = await parseMessage(request.message);
  if (!request.detection) return parsed;
  const scan = scanContent(parsed.untrusted, request.detection);
  // Quoted history (a forward's original included) is mail the model can ask for: what it names was supplied by mail.
  const attached = parsed.collapsedText ? provenanceKeysOf(parsed.collapsedText) : '';
  const withAttached = {
    ...scan,
    ...(attached ? { provenanceKeys: [scan.provenanceKeys, attached].filter(Boolean).join('\n') } : {}),
    ...(parsed.attachmentDigests ? { attachmentDigests: parsed.attachmentDigests } : {}),
  };
  return { ...parsed, untrusted: { ...parsed.untrusted, scan: withAttached } };
}

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
    html: parsed.html,
    text: parsed.text,
    bodyText: mailBodyText(parsed),
    bodySource: bodySourceOf(parsed),
    attachments: parsed.attachments.map(composeAttachment),
  };
}

/**
 * A forward of a raw message, parsed on the calling thread (tests, benchmarks; the tools open the original through
 * their MailProcessor and call forwardSpecOf).
 */
export async function forwardSpec(originalRaw: Buffer, opts: ForwardOptions): Promise<OutgoingMessageSpec> {
  if (!Buffer.isBuffer(originalRaw) || originalRaw.length === 0) throw new ComposeError('original', 'the original message is empty');
  return forwardSpecOf(await openForCompose(originalRaw, { id: opts.originalId ?? '(the original)', use: 'forward' }), opts);
}

function composeAttachment(a: Attachment): ComposeAttachment {
  return { filename: a.filename, contentType: a.contentType, size: a.size, content: a.content };
}
