import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type EmailAddress } from 'mailparser';
import { checkHeaderLimits } from './headerLimits';
import { parseMimeTree, STORE_ANY_SHAPE, walkParts, type MimePart } from './mimeTree';
import { normalizeSubject } from './subject';
import { toWords } from './words';
import type { StoredMessage } from './storedMessage';

export interface ParsedMessage extends Omit<StoredMessage, 'id' | 'threadId' | 'historyId' | 'labelIds' | 'attachments'> {
  /** Candidate Gmail id: 16 hex digits derived from Message-ID (or the bytes when there is none). */
  idSeed: string;
  dateHeaderMissing: boolean;
}

const SNIPPET_LENGTH = 200;

/** Parses one message: mailparser for addresses, dates and text; mailsplit for the MIME tree Gmail exposes. */
export async function parseMessage(raw: Buffer, fallbackDate: number): Promise<ParsedMessage> {
  checkHeaderLimits(raw);
  const [parsed, root] = await Promise.all([simpleParser(raw, { skipImageLinks: true, skipTextLinks: true, ...STORE_ANY_SHAPE }), parseMimeTree(raw)]);
  const from = addressesOf(parsed.from);
  const to = addressesOf(parsed.to);
  const cc = addressesOf(parsed.cc);
  const bcc = addressesOf(parsed.bcc);
  const deliveredTo = headerAddresses(parsed.headers.get('delivered-to'));
  const subject = parsed.subject ?? '';
  const bodyText = (parsed.text ?? '').trim();
  const filenames = [...walkParts(root)].filter((p) => p.filename !== '').map((p) => p.filename);
  const messageIdHeader = parsed.messageId?.trim() || undefined;
  const references = [
    ...(Array.isArray(parsed.references) ? parsed.references : parsed.references ? [parsed.references] : []),
    ...(parsed.inReplyTo ? [parsed.inReplyTo] : []),
  ].map((r) => r.trim()).filter((r) => r.length > 0);
  const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.getTime() : undefined;

  return {
    idSeed: createHash('sha256').update(messageIdHeader ?? raw).digest('hex').slice(0, 16),
    raw,
    root,
    internalDate: date ?? fallbackDate,
    dateHeaderMissing: date === undefined,
    snippet: makeSnippet(bodyText),
    messageIdHeader,
    references,
    normalizedSubject: normalizeSubject(subject),
    fromAddresses: from.map((a) => a.address),
    recipientAddresses: [...to, ...cc, ...bcc, ...deliveredTo].map((a) => a.address),
    words: {
      from: toWords(from.map(show).join(' ')),
      to: toWords(to.map(show).join(' ')),
      cc: toWords(cc.map(show).join(' ')),
      bcc: toWords(bcc.map(show).join(' ')),
      deliveredTo: toWords(deliveredTo.map(show).join(' ')),
      subject: toWords(subject),
      body: toWords(bodyText),
      filenames: filenames.map(toWords),
    },
  };
}

interface PlainAddress {
  name: string;
  address: string;
}

function addressesOf(field: AddressObject | AddressObject[] | undefined): PlainAddress[] {
  if (!field) return [];
  const objects = Array.isArray(field) ? field : [field];
  return objects.flatMap((o) => flatten(o.value));
}

function flatten(list: EmailAddress[]): PlainAddress[] {
  return list.flatMap((a) => (a.group ? flatten(a.group) : [{ name: a.name ?? '', address: (a.address ?? '').toLowerCase() }]));
}

function headerAddresses(value: unknown): PlainAddress[] {
  if (value && typeof value === 'object' && 'value' in value) return addressesOf(value as AddressObject);
  if (typeof value === 'string') return [{ name: '', address: value.trim().toLowerCase() }];
  return [];
}

function show(a: PlainAddress): string {
  return `${a.name} ${a.address}`;
}

/** Gmail's snippet: the start of the text, whitespace collapsed, HTML-escaped. */
function makeSnippet(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  const cut = collapsed.length > SNIPPET_LENGTH ? collapsed.slice(0, SNIPPET_LENGTH) : collapsed;
  return cut.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function partsWithFilename(root: MimePart): MimePart[] {
  return [...walkParts(root)].filter((p) => p.filename !== '' && p.parts.length === 0);
}
