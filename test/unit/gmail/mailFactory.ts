import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import type { gmail_v1 } from '@googleapis/gmail';

/** Builds a real RFC 5322 message with nodemailer and wraps it like Gmail's format=raw answer. */
export async function rawMessage(
  mail: Mail.Options,
  meta: { id?: string; threadId?: string; labelIds?: string[] } = {},
): Promise<gmail_v1.Schema$Message> {
  const bytes = await new Promise<Buffer>((resolve, reject) =>
    new MailComposer(mail).compile().build((error, message) => (error ? reject(error) : resolve(message))),
  );
  return fromBytes(bytes, meta);
}

export function fromBytes(bytes: Buffer, meta: { id?: string; threadId?: string; labelIds?: string[] } = {}): gmail_v1.Schema$Message {
  return {
    id: meta.id ?? 'msg1',
    threadId: meta.threadId ?? 'thr1',
    labelIds: meta.labelIds ?? ['INBOX'],
    raw: bytes.toString('base64url'),
    internalDate: String(Date.UTC(2024, 2, 1, 9, 30)),
  };
}
