import type { gmail_v1 } from '@googleapis/gmail';
import type { AttachmentData, CallOptions } from '../../gmail/client';

/**
 * A message part's bytes as Gmail hands them out: through messages.attachments.get when the part's body has an
 * attachmentId (Gmail gives one for files and large parts), else the part's own base64url `data` (empty when absent).
 * get_attachment (its text) and Save Attachment… (the file) both read parts this way.
 */
export async function partBytes(
  gmail: { getAttachment(messageId: string, attachmentId: string, options?: CallOptions): Promise<AttachmentData> },
  messageId: string,
  body: Pick<gmail_v1.Schema$MessagePartBody, 'attachmentId' | 'data'> | undefined,
  options?: CallOptions,
): Promise<Buffer> {
  return body?.attachmentId ? (await gmail.getAttachment(messageId, body.attachmentId, options)).data : Buffer.from(body?.data ?? '', 'base64url');
}
