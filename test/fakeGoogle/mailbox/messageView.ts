import { walkParts, type MessageHeader } from './mimeTree';
import { partsWithFilename } from './parseMessage';
import { headerValue, type StoredMessage } from './storedMessage';

/** A stored message as tests inspect it: ids, labels, decoded headers, threading headers and attachments. */
export interface MessageView {
  account: string;
  id: string;
  threadId: string;
  labelIds: string[];
  /** Draft id when the message is a draft. */
  draftId: string | undefined;
  internalDate: number;
  /** Top-level headers, RFC 2047 decoded, in message order. */
  headers: MessageHeader[];
  /** First header of that name (case-insensitive), decoded. */
  header(name: string): string | undefined;
  messageId: string | undefined;
  inReplyTo: string | undefined;
  /** Message-IDs listed in References, in order. */
  references: string[];
  subject: string;
  from: string;
  to: string;
  cc: string;
  bcc: string;
  /** The first text/plain part, decoded as UTF-8. */
  text: string;
  attachments: { filename: string; mimeType: string; content: Buffer }[];
  raw: Buffer;
}

export function viewOf(account: string, m: StoredMessage, draftId: string | undefined): MessageView {
  const headers = m.root.headers.map((h) => ({ ...h }));
  const get = (name: string) => headerValue(headers, name);
  const textPart = [...walkParts(m.root)].find((p) => p.mimeType.toLowerCase() === 'text/plain' && p.filename === '');
  return {
    account,
    id: m.id,
    threadId: m.threadId,
    labelIds: [...m.labelIds].sort(),
    draftId,
    internalDate: m.internalDate,
    headers,
    header: get,
    messageId: get('message-id')?.trim(),
    inReplyTo: get('in-reply-to')?.trim(),
    references: get('references')?.match(/<[^<>\s]+>/g) ?? [],
    subject: get('subject') ?? '',
    from: get('from') ?? '',
    to: get('to') ?? '',
    cc: get('cc') ?? '',
    bcc: get('bcc') ?? '',
    text: textPart ? textPart.content.toString('utf8') : '',
    attachments: partsWithFilename(m.root).map((p) => ({ filename: p.filename, mimeType: p.mimeType, content: p.content })),
    raw: m.raw,
  };
}
