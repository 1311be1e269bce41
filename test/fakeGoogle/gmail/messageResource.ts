import type { gmail_v1 } from '@googleapis/gmail';
import type { MimePart } from '../mailbox/mimeTree';
import type { StoredMessage } from '../mailbox/storedMessage';

export type MessageFormat = 'minimal' | 'metadata' | 'full' | 'raw';

export const MESSAGE_FORMATS: readonly MessageFormat[] = ['minimal', 'metadata', 'full', 'raw'];

/** Builds the users.messages resource in the requested format, as Gmail shapes it. */
export function toMessageResource(m: StoredMessage, format: MessageFormat, metadataHeaders: readonly string[] = []): gmail_v1.Schema$Message {
  const base: gmail_v1.Schema$Message = {
    id: m.id,
    threadId: m.threadId,
    labelIds: [...m.labelIds],
    snippet: m.snippet,
    sizeEstimate: m.raw.length,
    historyId: String(m.historyId),
    internalDate: String(m.internalDate),
  };
  if (format === 'minimal') return base;
  if (format === 'raw') return { ...base, raw: m.raw.toString('base64url') };
  if (format === 'metadata') {
    const wanted = metadataHeaders.map((h) => h.toLowerCase());
    const headers = wanted.length ? m.root.headers.filter((h) => wanted.includes(h.name.toLowerCase())) : m.root.headers;
    return { ...base, payload: { partId: '', mimeType: m.root.mimeType, filename: '', headers: headers.map((h) => ({ ...h })), body: { size: 0 } } };
  }
  const attachmentIds = new Map<MimePart, string>([...m.attachments].map(([id, part]) => [part, id]));
  return { ...base, payload: toPart(m.root, attachmentIds) };
}

function toPart(part: MimePart, attachmentIds: Map<MimePart, string>): gmail_v1.Schema$MessagePart {
  const out: gmail_v1.Schema$MessagePart = {
    partId: part.partId,
    mimeType: part.mimeType,
    filename: part.filename,
    headers: part.headers.map((h) => ({ ...h })),
    body: toBody(part, attachmentIds.get(part)),
  };
  if (part.parts.length) out.parts = part.parts.map((p) => toPart(p, attachmentIds));
  return out;
}

function toBody(part: MimePart, attachmentId: string | undefined): gmail_v1.Schema$MessagePartBody {
  if (part.parts.length) return { size: 0 };
  if (attachmentId) return { attachmentId, size: part.content.length };
  if (part.content.length === 0) return { size: 0 };
  return { size: part.content.length, data: part.content.toString('base64url') };
}
