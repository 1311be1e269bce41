import addressparser from 'nodemailer/lib/addressparser';
import { UserFacingError } from '../errors/userFacingError';
import { AddressError, bareAddress, formatAddress, parseAddress, type ParsedAddress } from '../guard/addresses';
import { MAX_SUBJECT_CHARS } from '../mail/compose';
import { escapeInvisibleChars } from '../guard/invisibleChars';
import type { OutgoingMessagePreview } from './confirmer';

/**
 * The plain-text form of an outgoing message that the diff editor shows (and lets the user edit) on the right:
 *
 *   From: me@example.com            read-only: must stay as proposed (the account or a verified alias)
 *   Note: ⚠ From is not the account (me@example.com)     only when it differs; read-only, ignored when read back
 *   To: alice@example.com (Alice), bob@example.com      the address first, its display name after it in parentheses
 *   Cc:
 *   Bcc:
 *   Subject: Re: Lunch?
 *   Format: Markdown, sent as HTML ...      only for a markdown body; read-only
 *   Link: https://example.com/a             each link and image of the HTML part; read-only
 *   Image: loads from https://example.com/logo.png
 *   Attachments:                            "Attachments: (none)" when there are none
 *     report.pdf (application/pdf, 12.4 KB, sha256 1a2b3c4d5e6f)    one a line: delete a line to drop it
 *   <blank line>
 *   body...
 *
 * Long address lists may continue on following lines that start with a space. An attachment line can be deleted
 * (the file is not sent) but not added or changed: the pipeline matches what is left against the proposal.
 * Names shown are names sent: a display name, the subject and a file name show invisible, bidi, blank-looking and
 * address-punctuation look-alike characters as escapes (`\u202E`), and a display name never hides its address
 * (the address comes first; a long name is cut with the count of what is left out).
 * renderOutgoingDocument and parseOutgoingDocument are inverses for what a person types; renderOriginalDocument shows
 * the message replied to or forwarded the same way.
 */

export const MAX_BODY_BYTES = 200 * 1024;

/** What the user can see and change in the outgoing document: the preview's header fields and body. */
export interface OutgoingDocumentFields extends Pick<OutgoingMessagePreview, 'from' | 'to' | 'cc' | 'bcc' | 'subject' | 'body'> {
  /** The attachment lines left under "Attachments:" (each as attachmentEntry renders one); empty: none kept. */
  readonly attachments: readonly string[];
  /** The Format line's value, when the document has one; it must come back as rendered. */
  readonly format: string | undefined;
}

/** The user's edit as a message is rebuilt from it: the edited fields, and which of the proposed attachments stay. */
export interface OutgoingEdit extends Pick<OutgoingDocumentFields, 'from' | 'to' | 'cc' | 'bcc' | 'subject' | 'body'> {
  /** Indexes into the proposal's attachments, in their order. */
  readonly keptAttachments: readonly number[];
}

/** The person's edit of the outgoing message cannot be sent as it is; the pipeline tells it in its refusal. */
export class OutgoingDocumentError extends UserFacingError {
  readonly category = 'input';

  constructor(message: string) {
    super(message);
    this.name = 'OutgoingDocumentError';
  }
}

type AttachmentInfo = OutgoingMessagePreview['attachments'][number];

/** The Format line of a markdown body: what the person approves is the text below; what recipients see is its HTML. */
export const MARKDOWN_FORMAT_LINE = 'Markdown, sent as HTML rendered from the text below (and as this text for plain-text readers)';
/** The Format line of a draft whose body is HTML: the diff shows the text its reader sees, not the markup. */
export const HTML_FORMAT_LINE = 'HTML, shown below as the text a reader sees';

/** The Format line's value for a preview, or undefined for a plain-text body (no line). */
export function formatLine(bodyFormat: OutgoingMessagePreview['bodyFormat']): string | undefined {
  return bodyFormat === 'markdown' ? MARKDOWN_FORMAT_LINE : bodyFormat === 'html' ? HTML_FORMAT_LINE : undefined;
}

/** A link or an image of a message's HTML part, as the confirmation lists it. */
export interface HtmlReference {
  /** link: followed when clicked; image: loaded when the message is opened (a remote image tells its sender so). */
  readonly kind: 'link' | 'image';
  readonly target: string;
  /** The target appeared in mail read this session (ProvenanceTracker.urlsFromUntrusted). */
  readonly fromMail?: boolean;
}

export interface OutgoingDocumentExtras {
  /** Read-only lines under From, before everything else the person reads ("you or a tool edited this"). */
  readonly notes?: readonly string[];
  /** Every link and image of the HTML part, in order. */
  readonly references?: readonly HtmlReference[];
}

/** A display name longer than this is cut in the document (the rest counted), so the line stays readable. */
export const MAX_SHOWN_NAME_CHARS = 64;

/** With `account`, a From other than the account gets a Note line beneath it. */
export function renderOutgoingDocument(
  preview: Pick<OutgoingMessagePreview, 'subject' | 'body' | 'attachments' | 'bodyFormat'> & {
    readonly from: string | ParsedAddress;
    readonly to: ReadonlyArray<string | ParsedAddress>;
    readonly cc: ReadonlyArray<string | ParsedAddress>;
    readonly bcc: ReadonlyArray<string | ParsedAddress>;
  },
  account?: string,
  extras: OutgoingDocumentExtras = {},
): string {
  const fromAddress = typeof preview.from === 'string' ? bareAddress(preview.from) : preview.from.address.toLowerCase();
  const otherSender = account !== undefined && fromAddress !== account.toLowerCase();
  return [
    `From: ${shownAddresses([preview.from])}`,
    ...(extras.notes ?? []).map((note) => `${FROM_NOTE_HEADER}: ${withoutLineBreaks(note)}`),
    ...(otherSender ? [`${FROM_NOTE_HEADER}: ⚠ From is not the account (${withoutLineBreaks(account)}): sent as a send-as alias`] : []),
    `To: ${shownAddresses(preview.to)}`,
    `Cc: ${shownAddresses(preview.cc)}`,
    `Bcc: ${shownAddresses(preview.bcc)}`,
    `Subject: ${escapeInvisibleChars(preview.subject)}`,
    ...(formatLine(preview.bodyFormat) ? [`Format: ${formatLine(preview.bodyFormat)}`] : []),
    ...(extras.references ?? []).map(referenceLine),
    ...attachmentsBlock(preview.attachments),
    '',
    normalizeNewlines(preview.body),
  ].join('\n');
}

export interface OriginalMessageView {
  readonly from: string;
  /** Where a reply goes instead of From, when the original says so (shown: it decides the reply's recipient). */
  readonly replyTo?: string;
  readonly to: string;
  readonly cc: string;
  readonly date: string;
  readonly subject: string;
  readonly attachments: readonly AttachmentInfo[];
  readonly body: string;
}

/** The left side for replies and forwards: the original message, laid out like the outgoing one. */
export function renderOriginalDocument(original: OriginalMessageView): string {
  return [
    `From: ${withoutLineBreaks(original.from)}`,
    ...(original.replyTo ? [`Reply-To: ${withoutLineBreaks(original.replyTo)}`] : []),
    `To: ${withoutLineBreaks(original.to)}`,
    `Cc: ${withoutLineBreaks(original.cc)}`,
    `Date: ${withoutLineBreaks(original.date)}`,
    `Subject: ${withoutLineBreaks(original.subject)}`,
    ...attachmentsBlock(original.attachments),
    '',
    normalizeNewlines(original.body),
  ].join('\n');
}

/**
 * Addresses as the document shows them: `address (name)`, the address first so that no name (long, padded with
 * blanks, or spelling another address) can push it out of view. nodemailer's addressparser reads a parenthesised
 * comment after an address as its name, so an edited line comes back as the same address and name.
 */
export function shownAddresses(values: ReadonlyArray<string | ParsedAddress>): string {
  return values
    .map((value) => {
      let entries: Array<{ name: string; address: string }>;
      if (typeof value !== 'string') entries = [{ name: value.name, address: value.address }];
      else {
        try {
          entries = addressparser(value, { flatten: true }).map((a) => ({ name: a.name ?? '', address: a.address ?? '' }));
        } catch {
          entries = [];
        }
      }
      if (entries.length !== 1 || !entries[0].address) return escapeInvisibleChars(withoutLineBreaks(typeof value === 'string' ? value : value.address));
      const { name, address } = entries[0];
      const shown = shownName(name);
      return shown && name.trim().toLowerCase() !== address.toLowerCase() ? `${escapeInvisibleChars(address)} (${shown})` : escapeInvisibleChars(address);
    })
    .join(', ');
}

/** A display name as shown: escapes for what cannot be seen, blanks that pad or repeat as escapes too, cut when long. */
function shownName(name: string): string {
  const spaced = escapeInvisibleChars(name)
    .replace(/^ +| +$/g, (run) => '\\u0020'.repeat(run.length))
    .replace(/ {2,}/g, (run) => ` ${'\\u0020'.repeat(run.length - 1)}`);
  // Inside the parentheses, only balanced ones read back as part of the name.
  const escaped = balancedParentheses(spaced) ? spaced : spaced.replace(/[()]/g, (c) => (c === '(' ? '\\u0028' : '\\u0029'));
  const points = [...escaped];
  if (points.length <= MAX_SHOWN_NAME_CHARS) return escaped;
  const kept = MAX_SHOWN_NAME_CHARS - 16;
  return `${points.slice(0, kept).join('')}… +${points.length - kept} more characters`;
}

function balancedParentheses(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    if (c === '(') depth += 1;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

function referenceLine(reference: HtmlReference): string {
  const target = escapeInvisibleChars(reference.target);
  const mark = reference.fromMail ? '⚠ from mail you read: ' : '';
  return reference.kind === 'image' ? `Image: ${mark}loads from ${target}` : `Link: ${mark}${target}`;
}

const FROM_NOTE_HEADER = 'Note';
const HEADER_NAMES = ['from', 'note', 'to', 'cc', 'bcc', 'subject', 'format', 'link', 'image', 'attachments'] as const;
/** Read-only lines: they may repeat, and what they say is not read back. */
const READ_ONLY_HEADERS = new Set<HeaderName>(['note', 'link', 'image']);
const CONTINUED = new Set<HeaderName>(['to', 'cc', 'bcc']);
type HeaderName = (typeof HEADER_NAMES)[number];

/**
 * Reads the document back. Only the header lines above are accepted (Note is read-only and ignored), each once (a user cannot add
 * Reply-To or other headers through it); addresses are checked like tool input.
 */
export function parseOutgoingDocument(text: string): OutgoingDocumentFields {
  if (typeof text !== 'string') throw new OutgoingDocumentError('The edited message is not text.');
  if (text.includes('\0')) throw new OutgoingDocumentError('The edited message contains a NUL character.');
  const lines = normalizeNewlines(text).split('\n');
  const values = new Map<HeaderName, string>();
  const attachments: string[] = [];
  let last: HeaderName | undefined;
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') break;
    if (/^[ \t]/.test(line)) {
      if (last === 'attachments') {
        attachments.push(line.trim());
        continue;
      }
      if (!last || !CONTINUED.has(last)) throw new OutgoingDocumentError(`Line ${i + 1}: only To, Cc, Bcc and Attachments may continue on the next lines.`);
      values.set(last, `${values.get(last)} ${line.trim()}`);
      continue;
    }
    const match = /^([A-Za-z-]+):(.*)$/.exec(line);
    if (!match) throw new OutgoingDocumentError(`Line ${i + 1} is not a header line ("Name: value") and no blank line separates the headers from the body.`);
    const name = match[1].toLowerCase() as HeaderName;
    if (!HEADER_NAMES.includes(name)) throw new OutgoingDocumentError(`Line ${i + 1}: the header "${match[1]}" cannot be set here; only To, Cc, Bcc and Subject can be changed, and attachment lines removed.`);
    if (READ_ONLY_HEADERS.has(name)) {
      last = name;
      continue;
    }
    if (values.has(name)) throw new OutgoingDocumentError(`Line ${i + 1}: "${match[1]}" appears twice.`);
    values.set(name, match[2].trim());
    last = name;
  }
  for (const required of ['from', 'to', 'subject'] as const) {
    if (!values.has(required)) throw new OutgoingDocumentError(`The edited message has no "${required[0].toUpperCase()}${required.slice(1)}:" line.`);
  }
  const body = lines.slice(i + 1).join('\n');
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) throw new OutgoingDocumentError(`The body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
  const subject = values.get('subject') ?? '';
  if ([...subject].length > MAX_SUBJECT_CHARS) throw new OutgoingDocumentError(`The subject is longer than ${MAX_SUBJECT_CHARS} characters.`);
  const fromList = addresses(values.get('from') ?? '', 'From');
  if (fromList.length !== 1) throw new OutgoingDocumentError('"From:" must be exactly the account address.');
  return {
    from: formatAddress(fromList[0]),
    to: addresses(values.get('to') ?? '', 'To').map(formatAddress),
    cc: addresses(values.get('cc') ?? '', 'Cc').map(formatAddress),
    bcc: addresses(values.get('bcc') ?? '', 'Bcc').map(formatAddress),
    subject,
    body,
    attachments: [...attachmentsOnHeaderLine(values.get('attachments')), ...attachments],
    format: values.get('format'),
  };
}

/**
 * An attachment's line: "report.pdf (application/pdf, 12.4 KB, sha256 1a2b3c4d5e6f)"; the hash tells files of one name
 * apart. A name from mail (a forward) may carry invisible or bidi characters that would make "exe" read as "pdf":
 * the line shows them as escapes ("invoice\u202Efdp.exe"), since that is the name sent (the pipeline matches edits
 * against these same lines).
 */
export function attachmentEntry(a: AttachmentInfo): string {
  return `${escapeInvisibleChars(a.filename)} (${escapeInvisibleChars(a.mimeType)}, ${humanSize(a.size)}${a.sha256 ? `, sha256 ${a.sha256.slice(0, 12)}` : ''})`;
}

/** "Attachments: (none)", or the header and one indented line an attachment (each can be deleted on its own). */
function attachmentsBlock(attachments: readonly AttachmentInfo[]): string[] {
  if (attachments.length === 0) return ['Attachments: (none)'];
  return ['Attachments:', ...attachments.map((a) => `  ${attachmentEntry(a)}`)];
}

/** The value on the header line itself: "(none)" or nothing, or an entry the person joined onto it. */
function attachmentsOnHeaderLine(value: string | undefined): string[] {
  if (value === undefined || value === '' || value === '(none)') return [];
  return [value];
}

export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Every entry must be one valid address: a typo ("bob", no domain) is an error, never silently dropped. */
function addresses(value: string, field: string): ParsedAddress[] {
  if (value.trim() === '') return [];
  try {
    return addressparser(value).map((entry) => {
      if ('group' in entry && entry.group) throw new OutgoingDocumentError(`"${field}:" address groups are not accepted.`);
      const address = 'address' in entry ? entry.address : '';
      if (!address || !address.includes('@')) throw new OutgoingDocumentError(`"${field}:" not a valid email address: "${entry.name || address}".`);
      return parseAddress(formatAddress({ name: entry.name, address }), field);
    });
  } catch (error) {
    if (error instanceof AddressError) throw new OutgoingDocumentError(`"${field}:" ${error.message.replace(/^[^:]*: /, '')}`);
    throw error;
  }
}

function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Line breaks shown as one space and nothing else changed: not oneLine (text/oneLine.ts), which folds every
 * whitespace run, because a confirmation shows what is sent exactly.
 */
function withoutLineBreaks(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
