import { randomBytes } from 'node:crypto';
import type { AddressObject } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { AddressError, answeringAddress, atSendersOrganisation, formatAddress, normaliseDomain, outgoingAddress, parseAddress, parseAddressList, type ParsedAddress } from '../guard/addresses';
import type { ComposeSource } from './processing/composeSource';

/**
 * Outgoing RFC 5322 messages, built with nodemailer's MailComposer (RFC 2047 headers, quoted-printable or base64
 * bodies, multipart attachments) and read back with mailparser. Every value that becomes a header is checked
 * first: a CR or LF in one would let text from a mail the agent read add headers (a Bcc) to the message sent.
 */

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface OutgoingMessageSpec {
  /** The account sending, `addr@domain` or `Name <addr@domain>`. */
  from: string;
  /** Each entry one address, `addr@domain` or `Name <addr@domain>`. */
  to?: readonly string[];
  cc?: readonly string[];
  bcc?: readonly string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: readonly OutgoingAttachment[];
  /** Message-ID of the message replied to, `<id@host>`. */
  inReplyTo?: string;
  /** Message-IDs of the thread, oldest first, each `<id@host>`. */
  references?: readonly string[];
  /** `<id@host>`; generated when absent, so that a send can be looked up in Sent after an ambiguous failure. */
  messageId?: string;
  /** The Date header; now when absent. */
  date?: Date;
}

export interface ComposedMessage {
  /** The whole message, CRLF line ends, Bcc kept (Gmail reads the recipients from the headers). */
  raw: Buffer;
  messageId: string;
  /** Bare addresses, lower-cased as given, for confirmations and policy checks. */
  recipients: { to: string[]; cc: string[]; bcc: string[] };
}

/** A spec that cannot be sent as given; `field` names the offending input. An AddressError, so one catch takes both. */
export class ComposeError extends AddressError {
  constructor(field: string, message: string) {
    super(field, message);
    this.name = 'ComposeError';
  }
}

/** Gmail's limit for what a message may carry in attachments. */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
/** Gmail's upload cap for a whole raw message (messages.send / drafts). */
export const MAX_RAW_BYTES = 35 * 1024 * 1024;
/** Gmail refuses more recipients than this in one message (To + Cc + Bcc). */
export const MAX_RECIPIENTS = 500;
/** RFC 5322's line limit; MailComposer folds long subjects, but a subject this long is a mistake, not a subject. */
export const MAX_SUBJECT_CHARS = 998;
/** References kept in a reply: the thread's root plus the most recent ones (long threads would grow the header without end). */
export const MAX_REFERENCES = 20;

const LINE_BREAK_OR_NUL = /[\r\n\0]/;
const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;

export async function composeMessage(spec: OutgoingMessageSpec): Promise<ComposedMessage> {
  if (!spec || typeof spec !== 'object') throw new ComposeError('spec', 'a message spec is required');
  const from = composeAddress(spec.from, 'from');
  const to = addressField(spec.to, 'to');
  const cc = addressField(spec.cc, 'cc');
  const bcc = addressField(spec.bcc, 'bcc');
  const total = to.length + cc.length + bcc.length;
  if (total === 0) throw new ComposeError('to', 'at least one recipient (to, cc or bcc) is required');
  if (total > MAX_RECIPIENTS) throw new ComposeError('to', `too many recipients: ${total} (Gmail accepts at most ${MAX_RECIPIENTS})`);

  if (typeof spec.subject !== 'string') throw new ComposeError('subject', 'subject must be a string');
  noLineBreaks(spec.subject, 'subject');
  if ([...spec.subject].length > MAX_SUBJECT_CHARS) throw new ComposeError('subject', `subject is longer than ${MAX_SUBJECT_CHARS} characters`);
  if (typeof spec.text !== 'string') throw new ComposeError('text', 'text must be a string');
  if (spec.text.includes('\0')) throw new ComposeError('text', 'text contains a NUL character');
  if (spec.html !== undefined && typeof spec.html !== 'string') throw new ComposeError('html', 'html must be a string');

  const inReplyTo = spec.inReplyTo === undefined ? undefined : messageIdValue(spec.inReplyTo, 'inReplyTo');
  const references = (spec.references ?? []).map((r, i) => messageIdValue(r, `references[${i}]`));
  const messageId = spec.messageId === undefined ? newMessageId(from.address) : messageIdValue(spec.messageId, 'messageId');
  if (spec.date !== undefined && (!(spec.date instanceof Date) || Number.isNaN(spec.date.getTime()))) throw new ComposeError('date', 'date must be a valid Date');

  const attachments = (spec.attachments ?? []).map((a, i) => attachmentValue(a, `attachments[${i}]`));
  const attachmentBytes = attachments.reduce((n, a) => n + a.content.length, 0);
  if (attachmentBytes > MAX_ATTACHMENT_BYTES) {
    throw new ComposeError('attachments', `attachments total ${attachmentBytes} bytes; Gmail accepts at most ${MAX_ATTACHMENT_BYTES} (25 MB)`);
  }

  const composer = new MailComposer({
    from: formatAddress(from),
    to: to.map(formatAddress),
    cc: cc.map(formatAddress),
    bcc: bcc.map(formatAddress),
    subject: spec.subject,
    text: spec.text,
    ...(spec.html !== undefined ? { html: spec.html } : {}),
    attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content, contentDisposition: 'attachment' })),
    ...(inReplyTo ? { inReplyTo } : {}),
    ...(references.length ? { references } : {}),
    messageId,
    date: spec.date ?? new Date(),
    newline: '\r\n',
    // Content is always in memory: never let a value be read as a file path or fetched from a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const root = composer.compile();
  // Gmail takes the recipients from the headers: without Bcc in the raw message, Bcc recipients get nothing.
  root.keepBcc = true;
  const raw = await root.build();
  if (raw.length > MAX_RAW_BYTES) throw new ComposeError('attachments', `the message is ${raw.length} bytes encoded; Gmail accepts at most ${MAX_RAW_BYTES} (35 MB)`);
  return {
    raw,
    messageId,
    recipients: { to: to.map((a) => a.address), cc: cc.map((a) => a.address), bcc: bcc.map((a) => a.address) },
  };
}

/** The headers of the message replied to, as read from Gmail (decoded header values). */
export interface OriginalHeaders {
  messageId: string | undefined;
  /** The References header as a list of `<id>` (or the raw header value). */
  references?: readonly string[] | string;
  inReplyTo?: string;
  subject?: string;
  from: string | readonly string[];
  to?: string | readonly string[];
  cc?: string | readonly string[];
  replyTo?: string | readonly string[];
}

export interface ReplyOptions {
  /** Also address everyone on To and Cc of the original (except the account itself). */
  replyAll: boolean;
  /** The account's own address(es): never replied to, and the reply to one's own message goes to its recipients. */
  self: string | readonly string[];
}

export interface ReplyHeaders {
  to: string[];
  cc: string[];
  subject: string;
  inReplyTo: string;
  references: string[];
  /** The original's Reply-To addresses the reply does not go to, because they lead outside the sender's organisation. */
  replyToSetAside: string[];
}

const REPLY_PREFIX = /^\s*(?:re|aw|sv|antw|vs|odp)\s*(?:\[\d+\])?\s*:/i;
const FORWARD_PREFIX = /^\s*(?:fwd?|wg|tr|rv|enc|doorst)\s*(?:\[\d+\])?\s*:/i;

/**
 * To, Cc, subject and threading headers of a reply (RFC 5322 §3.6.4), as Gmail's own "Reply" / "Reply all" fills
 * them, with one difference: a Reply-To is followed only inside the sender's own organisation (its domain or under
 * it, not a public mailbox provider). A Reply-To elsewhere is how a forged or compromised sender diverts the answer
 * ("From: the CFO, Reply-To: an outside address"); mail alone cannot show which, so the reply goes to the sender,
 * and the set-aside addresses are returned so the caller can say so. Naming one of them explicitly is still
 * possible; the confirmation then marks it as a Reply-To redirect.
 */
export function replyHeaders(original: OriginalHeaders, opts: ReplyOptions): ReplyHeaders {
  if (!original.messageId) throw new ComposeError('messageId', 'the original message has no Message-ID, so a reply cannot be threaded to it');
  const parentId = messageIdValue(original.messageId.trim(), 'messageId');
  const selves = new Set((typeof opts.self === 'string' ? [opts.self] : opts.self).map((s) => parseAddress(s, 'self').address.toLowerCase()));
  const isSelf = (a: ParsedAddress) => selves.has(a.address.toLowerCase());

  const from = parseAddressList(original.from, 'from');
  const origTo = parseAddressList(original.to, 'to');
  const origCc = parseAddressList(original.cc, 'cc');
  const replyTo = parseAddressList(original.replyTo, 'replyTo');
  const fromSelf = from.length > 0 && from.every(isSelf);

  const fromKeys = new Set(from.map((a) => a.address.toLowerCase()));
  const inOrganisation = (a: ParsedAddress) => fromKeys.has(a.address.toLowerCase()) || from.some((f) => atSendersOrganisation(a.address, f.address));
  const followReplyTo = replyTo.length > 0 && (from.length === 0 || replyTo.every(inOrganisation));
  const replyToSetAside = fromSelf || followReplyTo ? [] : replyTo.filter((a) => !fromKeys.has(a.address.toLowerCase())).map((a) => a.address);
  // Replying to one's own message continues the conversation with its recipients, as Gmail does.
  let to = fromSelf ? origTo : followReplyTo ? replyTo : from;
  if (fromSelf && to.length === 0) to = origCc;
  const seen = new Set<string>();
  const keep = (a: ParsedAddress) => {
    const key = a.address.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  const toList = to.filter((a) => !(isSelf(a) && !fromSelf)).filter(keep);
  for (const s of selves) seen.add(s);
  const ccList = opts.replyAll ? [...(fromSelf ? [] : origTo), ...origCc].filter((a) => !isSelf(a)).filter(keep) : [];
  if (toList.length === 0 && ccList.length === 0) throw new ComposeError('to', 'the original message has no one to reply to');

  const subject = original.subject ?? '';
  noLineBreaks(subject, 'subject');
  return {
    to: toList.map(answeringAddress).map(formatAddress),
    cc: ccList.map(answeringAddress).map(formatAddress),
    subject: REPLY_PREFIX.test(subject) ? subject : `Re: ${subject}`.trimEnd(),
    inReplyTo: parentId,
    references: threadReferences(original, parentId),
    replyToSetAside,
  };
}

/** RFC 5322: the parent's References (or its In-Reply-To when it has none) followed by the parent's Message-ID. */
function threadReferences(original: OriginalHeaders, parentId: string): string[] {
  const listed = typeof original.references === 'string' ? (original.references.match(/<[^<>\s]+>/g) ?? []) : [...(original.references ?? [])];
  const inherited = listed.length ? listed : original.inReplyTo ? (original.inReplyTo.match(/<[^<>\s]+>/g) ?? []).slice(0, 1) : [];
  const chain: string[] = [];
  for (const id of [...inherited.map((r) => r.trim()), parentId]) {
    if (MESSAGE_ID.test(id) && !chain.includes(id)) chain.push(id);
  }
  if (chain.length <= MAX_REFERENCES) return chain;
  return [chain[0], ...chain.slice(chain.length - (MAX_REFERENCES - 1))];
}

export interface ForwardOptions {
  from: string;
  to?: readonly string[];
  cc?: readonly string[];
  bcc?: readonly string[];
  /** Text written above the forwarded message. */
  note?: string;
  /** The original's Gmail id, for error messages. */
  originalId?: string;
}

/**
 * A forward of a message (opened with MailProcessor.openForCompose): subject "Fwd: …", the note, Gmail's "Forwarded message" block with the original's
 * headers and text, and every attachment of the original. The original's body goes as text only: its HTML is
 * untrusted markup that we would otherwise re-send under the user's name. An HTML-only original is converted as
 * the user read it (ComposeSource.bodyText: hidden text left out).
 */
export function forwardSpecOf(parsed: ComposeSource, opts: ForwardOptions): OutgoingMessageSpec {
  if (opts.note !== undefined && typeof opts.note !== 'string') throw new ComposeError('note', 'note must be a string');
  const subject = (parsed.subject ?? '').replace(/[\r\n]+/g, ' ');
  const originalText = parsed.bodyText;
  const headerLines = [
    `From: ${addressText(parsed.from)}`,
    `Date: ${parsed.date ? parsed.date.toUTCString() : ''}`,
    `Subject: ${subject}`,
    `To: ${addressText(parsed.to)}`,
    ...(parsed.cc ? [`Cc: ${addressText(parsed.cc)}`] : []),
  ];
  const text = [opts.note ?? '', '', '---------- Forwarded message ---------', ...headerLines, '', originalText].join('\n');
  const attachments = parsed.attachments
    .filter((a) => a.content && a.content.length > 0)
    .map((a, i) => ({
      filename: (a.filename ?? '').replace(/[\r\n\0]+/g, ' ').trim() || `attachment-${i + 1}`,
      contentType: a.contentType || 'application/octet-stream',
      content: a.content,
    }));
  const originalId = parsed.messageId?.trim();
  const references = originalId && MESSAGE_ID.test(originalId) ? threadReferences({ messageId: originalId, references: parsed.references, inReplyTo: parsed.inReplyTo, from: '' }, originalId) : [];
  return {
    from: opts.from,
    to: opts.to ?? [],
    cc: opts.cc ?? [],
    bcc: opts.bcc ?? [],
    subject: FORWARD_PREFIX.test(subject) ? subject : `Fwd: ${subject}`.trimEnd(),
    text,
    attachments,
    ...(references.length ? { inReplyTo: originalId, references } : {}),
  };
}

function addressText(field: AddressObject | AddressObject[] | undefined): string {
  if (!field) return '';
  return (Array.isArray(field) ? field : [field]).map((f) => f.text).join(', ').replace(/[\r\n]+/g, ' ');
}

function addressField(list: readonly string[] | undefined, field: string): ParsedAddress[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new ComposeError(field, `${field} must be a list of addresses`);
  const seen = new Set<string>();
  const out: ParsedAddress[] = [];
  list.forEach((v, i) => {
    const a = composeAddress(v, `${field}[${i}]`);
    const key = a.address.toLowerCase();
    if (!seen.has(key)) out.push(a);
    seen.add(key);
  });
  return out;
}

/** An outgoing address (display name cleaned, spoofing names refused), its failure a ComposeError naming the field. */
function composeAddress(value: string, field: string): ParsedAddress {
  try {
    return outgoingAddress(value, field);
  } catch (error) {
    if (error instanceof AddressError && !(error instanceof ComposeError)) throw new ComposeError(error.field, error.message);
    throw error;
  }
}

function attachmentValue(a: OutgoingAttachment, field: string): OutgoingAttachment {
  if (!a || typeof a !== 'object') throw new ComposeError(field, `${field} must be an object`);
  if (typeof a.filename !== 'string' || a.filename.trim() === '') throw new ComposeError(`${field}.filename`, `${field}.filename is required`);
  noLineBreaks(a.filename, `${field}.filename`);
  if (a.filename.length > 255) throw new ComposeError(`${field}.filename`, `${field}.filename is longer than 255 characters`);
  if (typeof a.contentType !== 'string' || !/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i.test(a.contentType)) {
    throw new ComposeError(`${field}.contentType`, `${field}.contentType must be a MIME type like application/pdf`);
  }
  if (!Buffer.isBuffer(a.content)) throw new ComposeError(`${field}.content`, `${field}.content must be a Buffer`);
  return a;
}

function messageIdValue(value: string, field: string): string {
  if (typeof value !== 'string') throw new ComposeError(field, `${field} must be a string`);
  noLineBreaks(value, field);
  const trimmed = value.trim();
  if (!MESSAGE_ID.test(trimmed) || trimmed.length > 998 || /[^\x21-\x7e]/.test(trimmed)) {
    throw new ComposeError(field, `${field}: not a Message-ID of the form <id@host>: "${clip(value)}"`);
  }
  return trimmed;
}

function noLineBreaks(value: string, field: string): void {
  if (LINE_BREAK_OR_NUL.test(value)) throw new ComposeError(field, `${field} contains a line break or NUL, which could inject headers`);
}

/** `<32 hex digits@sender's domain>`: unique, and tied to the account so that the send can be found in Sent. */
function newMessageId(fromAddress: string): string {
  const domain = normaliseDomain(fromAddress.slice(fromAddress.lastIndexOf('@') + 1)) || 'localhost';
  return `<${randomBytes(16).toString('hex')}@${domain}>`;
}

function clip(value: string): string {
  const flat = value.replace(/[\r\n\0]/g, ' ');
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}
