import type { gmail_v1 } from '@googleapis/gmail';
import { megabytesText } from '../byteSize';
import type { AttachmentData, CallOptions, MessageFormat } from '../../gmail/client';
import { partBytes } from './partBytes';
import { UserFacingError } from '../../errors/userFacingError';

/**
 * An attachment's bytes for the person's "Save Attachment…" (the tree view, the message editor). This is not a
 * tool and no tool reaches it: an agent can read an attachment's text (get_attachment) but can never make the
 * extension write a file. Only the UI calls this, after the person asked, and the bytes go to the path they
 * picked in a save dialog.
 */

/** Gmail's own cap on what one message carries (25 MB); a larger claim is refused before any download. */
export const MAX_SAVED_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/** One attachment of a message as Gmail lists it: its MIME part id names it for the download. */
export interface SavableAttachment {
  readonly messageId: string;
  readonly partId: string;
  /** The sender's file name, untrusted: show it through plainText, suggest it through suggestedFileName. */
  readonly filename: string;
  readonly mimeType: string;
  /** Bytes, as Gmail reports them. */
  readonly size: number;
}

export interface SavedAttachmentBytes {
  readonly attachment: SavableAttachment;
  readonly bytes: Uint8Array;
}

/** The two reads this needs, as GmailClient has them. */
export interface AttachmentReader {
  getMessage(id: string, format: MessageFormat, options?: CallOptions): Promise<gmail_v1.Schema$Message>;
  getAttachment(messageId: string, attachmentId: string, options?: CallOptions): Promise<AttachmentData>;
}

/** Save Attachment cannot save this attachment (gone, too large); told in the person's notification. */
export class SavedAttachmentError extends UserFacingError {
  readonly category = 'content';
  override readonly name = 'SavedAttachmentError';
}

/** The message's attachments: leaf parts with a file name, or marked `Content-Disposition: attachment`. */
export async function listSavableAttachments(gmail: AttachmentReader, messageId: string, options?: CallOptions): Promise<SavableAttachment[]> {
  const message = await gmail.getMessage(messageId, 'full', options);
  return attachmentParts(message.payload).map((part) => describe(messageId, part));
}

/** The bytes of one attachment, named by its part id; refused over MAX_SAVED_ATTACHMENT_BYTES. */
export async function readAttachmentBytes(
  gmail: AttachmentReader,
  messageId: string,
  partId: string,
  options: CallOptions & { readonly maxBytes?: number } = {},
): Promise<SavedAttachmentBytes> {
  const maxBytes = options.maxBytes ?? MAX_SAVED_ATTACHMENT_BYTES;
  const message = await gmail.getMessage(messageId, 'full', options);
  const part = attachmentParts(message.payload).find((p) => p.partId === partId);
  if (!part) throw new SavedAttachmentError(`Message ${messageId} no longer has attachment ${partId}; open the message again to see its attachments.`);
  const attachment = describe(messageId, part);
  const tooLarge = (size: number) =>
    new SavedAttachmentError(`The attachment is ${megabytesText(size)}; Save Attachment saves files up to ${megabytesText(maxBytes)}. Open the message in Gmail to download it.`);
  if (attachment.size > maxBytes) throw tooLarge(attachment.size);
  const bytes = await partBytes(gmail, messageId, part.body, options);
  // Gmail's size is what it says; the bytes are what counts.
  if (bytes.length > maxBytes) throw tooLarge(bytes.length);
  return { attachment, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

function attachmentParts(root: gmail_v1.Schema$MessagePart | undefined): gmail_v1.Schema$MessagePart[] {
  const found: gmail_v1.Schema$MessagePart[] = [];
  const stack = root ? [root] : [];
  while (stack.length) {
    const part = stack.shift() as gmail_v1.Schema$MessagePart;
    if (part.parts?.length) {
      stack.unshift(...part.parts);
      continue;
    }
    const disposition = part.headers?.find((h) => h.name?.toLowerCase() === 'content-disposition')?.value ?? '';
    if (part.partId && (part.filename || /^\s*attachment\b/i.test(disposition))) found.push(part);
  }
  return found;
}

function describe(messageId: string, part: gmail_v1.Schema$MessagePart): SavableAttachment {
  return {
    messageId,
    partId: part.partId ?? '',
    filename: part.filename ?? '',
    mimeType: (part.mimeType ?? 'application/octet-stream').slice(0, 200),
    size: part.body?.size ?? 0,
  };
}
