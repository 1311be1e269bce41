import { randomBytes } from 'node:crypto';
import { Headers } from '@zone-eu/mailsplit';
import addressparser from 'nodemailer/lib/addressparser';

/** A raw message as Gmail stores and delivers it once sent. */
export interface OutgoingMessage {
  /** The sender's stored copy: Bcc kept, so the sender can see whom they blind-copied. */
  senderCopy: Buffer;
  /** What recipients get: the same message without the Bcc header. */
  recipientCopy: Buffer;
  messageId: string;
  /** Lower-cased addresses from To, Cc and Bcc. */
  recipients: string[];
  /** Headers Gmail filled in or rewrote (for the request log). */
  changes: string[];
}

/**
 * What Gmail does to a raw message on send: adds a Message-ID and a Date when missing, and sets From to the
 * account unless it is one of `senders` (the account's verified send-as addresses). The header block is rewritten with
 * mailsplit's Headers so that the body bytes stay untouched.
 */
export function prepareOutgoing(raw: Buffer, account: string, now: number, senders: readonly string[] = [account]): OutgoingMessage {
  const { headers, body, lineEnd } = splitHeaderBlock(raw);
  const changes: string[] = [];
  let messageId = headers.getFirst('message-id').trim();
  if (!/^<[^<>\s]+@[^<>\s]+>$/.test(messageId)) {
    messageId = `<CA${randomBytes(24).toString('base64url')}@mail.gmail.com>`;
    headers.update('Message-ID', messageId);
    changes.push('Message-ID added');
  }
  if (!headers.hasHeader('date')) {
    headers.add('Date', new Date(now).toUTCString().replace('GMT', '+0000'));
    changes.push('Date added');
  }
  const from = addressparser(headers.getFirst('from'), { flatten: true });
  const allowed = new Set([account, ...senders].map((s) => s.toLowerCase()));
  if (from.length !== 1 || !allowed.has(from[0].address.toLowerCase())) {
    headers.update('From', account);
    changes.push('From set to the account');
  }
  const recipients = ['to', 'cc', 'bcc'].flatMap((name) => headers.get(name).flatMap((line) => addressparser(line.slice(line.indexOf(':') + 1), { flatten: true })));
  const senderCopy = Buffer.concat([headers.build(lineEnd), body]);
  headers.remove('bcc');
  const recipientCopy = Buffer.concat([headers.build(lineEnd), body]);
  return {
    senderCopy,
    recipientCopy,
    messageId,
    recipients: [...new Set(recipients.map((a) => a.address.toLowerCase()).filter((a) => a.includes('@')))],
    changes,
  };
}

/** Splits after the blank line that ends the header block (Headers keeps it); a message without one is all headers. */
function splitHeaderBlock(raw: Buffer): { headers: Headers; body: Buffer; lineEnd: string } {
  const text = raw.toString('latin1');
  const match = /\r?\n\r?\n/.exec(text);
  const lineEnd = match && !match[0].startsWith('\r') ? '\n' : '\r\n';
  if (!match) return { headers: new Headers(Buffer.concat([raw, Buffer.from(`${lineEnd}${lineEnd}`)])), body: Buffer.alloc(0), lineEnd };
  const headerEnd = match.index + match[0].length;
  return { headers: new Headers(raw.subarray(0, headerEnd)), body: raw.subarray(headerEnd), lineEnd };
}
