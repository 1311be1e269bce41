import { createHash } from 'node:crypto';
import type { AddressObject, EmailAddress, ParsedMail } from 'mailparser';
import { sanitizeAlternatives } from '../visibility/sanitize';
import { sanitizeText, type SanitizeResult } from '../visibility/sanitizeText';
import { bodySourceOf, MAX_BODY_INPUT_CHARS, parseMail, type BodySource } from '../mailParsing';
import { collapseQuotedHistory } from '../quotedHistory';
import { joinSoftWraps } from '../softWraps';
import { listReferences, splitListFooter } from '../listFooter';
import { FieldSanitizer, isoUtc, type MessageHeaders, type ParsedMessage } from '../render';
import type { RawGmailMessage } from './rawGmailMessage';

/**
 * One raw Gmail message -> ParsedMessage (render.ts): MIME parsed, the body a person reads chosen and sanitised,
 * quoted history collapsed, every header and attachment name sanitised. It runs in the mail worker (mailWorker.ts),
 * so the MIME parser never loads on the extension host.
 */
const MAX_FILENAME_CHARS = 255;

export interface ParseOptions {
  /** Keep quoted history instead of collapsing it (default false). */
  readonly keepQuoted?: boolean;
}

export async function parseMessage(message: RawGmailMessage, options: ParseOptions = {}): Promise<ParsedMessage> {
  if (typeof message.raw !== 'string') {
    throw new Error(`message ${message.id ?? '?'} has no raw content (fetch it with format=raw)`);
  }
  const parsed = await parseMail(Buffer.from(message.raw, 'base64url'), { id: message.id ?? '?', use: 'read' });
  const fields = new FieldSanitizer();
  const { result, source } = chooseBody(parsed);
  fields.add(result);
  const collapsed = options.keepQuoted ? { text: result.text, collapsedLines: 0 } : collapseQuotedHistory(result.text);
  const internalDate = message.internalDate ? Number(message.internalDate) : undefined;
  const headers: MessageHeaders = {
    from: fields.line(addressText(parsed.from)),
    to: fields.line(addressText(parsed.to)),
    cc: fields.line(addressText(parsed.cc)),
    bcc: fields.line(addressText(parsed.bcc)),
    replyTo: fields.line(addressText(parsed.replyTo)),
    date: isoDate(parsed.date, internalDate),
    subject: fields.line(parsed.subject ?? ''),
    messageId: fields.line(parsed.messageId ?? ''),
  };
  const attachments = parsed.attachments.map((a) => ({
    filename: fields.line(a.filename ?? '(unnamed)', MAX_FILENAME_CHARS),
    mimeType: fields.line(a.contentType ?? 'application/octet-stream', 200),
    size: a.size ?? a.content?.length ?? 0,
    inline: a.related === true || a.contentDisposition === 'inline',
  }));
  const collapsedText = collapsed.collapsedLines > 0 ? result.text : '';
  const text = collapsed.text.trim();
  // The detector and provenance read the text as it came (its line breaks are features of the mail, the footer's
  // links entered the session); the model reads a plain-text body without the list server's footer (listFooter.ts,
  // read_message returns it on request) and without the client's wraps (softWraps.ts): the same words, fewer tokens.
  const { body: shown, footer: listFooter } = source === 'text/plain' ? splitListFooter(text, listReferences(parsed.headerLines ?? [])) : { body: text, footer: undefined };
  const body = source === 'text/plain' ? joinSoftWraps(shown) : shown;
  const visible = [headers.subject, headers.from, headers.to, headers.cc, headers.bcc, headers.replyTo, ...attachments.map((a) => a.filename), text];
  return {
    id: message.id ?? '',
    threadId: message.threadId ?? '',
    labelIds: message.labelIds ?? [],
    headers,
    attachments,
    body,
    bodySource: source,
    collapsedQuotedLines: collapsed.collapsedLines,
    untrusted: fields.untrusted(visible),
    ...(collapsedText ? { collapsedText } : {}),
    ...(listFooter ? { listFooter } : {}),
    ...(attachments.length ? { attachmentDigests: parsed.attachments.map((a, i) => ({ filename: attachments[i].filename, sha256: createHash('sha256').update(a.content ?? Buffer.alloc(0)).digest('hex') })) } : {}),
  };
}

/**
 * What a mail client shows: the HTML's visible text when there is HTML (sentences only its text/plain alternative
 * has are withheld), else the text part; mailparser already decoded both to strings.
 */
function chooseBody(parsed: ParsedMail): { result: SanitizeResult; source: BodySource } {
  const options = { maxInputChars: MAX_BODY_INPUT_CHARS };
  const source = bodySourceOf(parsed);
  if (source === 'text/plain') return { result: sanitizeText(parsed.text as string, options), source };
  if (source === 'text/html') return { result: sanitizeAlternatives(parsed.html as string, parsed.text, options), source };
  return { result: sanitizeText(''), source };
}

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return '';
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((a) => a.value.map(mailboxText)).filter(Boolean).join(', ');
}

/** RFC 5322 specials other than ".", which names like "J. Smith" carry without quotes in practice. */
const NEEDS_QUOTES = /[()<>[\]:;@\\,"]/;

/**
 * One address as a reader writes it: `Name <address>`. The name is quoted only when it must be (a comma or
 * another special would otherwise split or confuse the list), since quotes cost tokens in every JSON field.
 */
function mailboxText(entry: EmailAddress): string {
  if (entry.group) {
    return `${quotedName(entry.name)}: ${entry.group.map(mailboxText).filter(Boolean).join(', ')};`;
  }
  const name = entry.name.trim();
  const address = entry.address ?? '';
  if (!name) return address;
  return address ? `${quotedName(name)} <${address}>` : quotedName(name);
}

function quotedName(name: string): string {
  return NEEDS_QUOTES.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : name;
}

function isoDate(date: Date | undefined, internalDate: number | undefined): string {
  if (date && !Number.isNaN(date.getTime())) return isoUtc(date);
  if (internalDate !== undefined && Number.isFinite(internalDate)) return isoUtc(new Date(internalDate));
  return '';
}

