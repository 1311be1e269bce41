import libmime from 'libmime';
import type { MessageSummary } from '../gmail/client';
import type { HiddenPassage } from './visibility/hiddenContent';
import { decodeHTML } from 'entities';
import { mergeRemovals, sanitizeText, type RemovalReport, type SanitizeResult } from './visibility/sanitizeText';
import { encodeCursor, InvalidCursorError, type CursorScope } from './cursor';
import type { BodySource } from './mailParsing';
import type { AttachmentDigest, ContentScan } from './processing/contentScan';
import { sizeText } from './byteSize';
import { snippetWithoutDeviceSignOff } from './quotedHistory';
import { cutAt } from '../text/oneLine';

/**
 * Messages and threads -> compact text for the model plus structured fields. Bodies come from the `raw`
 * format parsed with mailparser (processing/parseMessage.ts, in the mail worker): the exact bytes the sender wrote, so every transfer encoding (base64,
 * quoted-printable), charset (ISO-8859-x, windows-125x, ISO-2022-JP, …) and RFC 2047/2231 header encoding
 * is decoded by a maintained MIME parser. The `full` format would make us re-implement that walk, and
 * Gmail's charset handling in `full` bodies is undocumented (reported to be converted to UTF-8 while the
 * part headers still name the original charset).
 *
 * Every text field that leaves here went through the guard room's one sanitiser (src/mail/visibility/sanitize.ts):
 * hidden HTML dropped, invisible characters removed, NFKC, tracking parameters and remote images defanged.
 * What was removed, and the hidden text (for the injection detector only), travel along in `untrusted`.
 */
export interface RenderBudget {
  /** Characters of one message body per page (default 8,000). */
  readonly messageChars: number;
  /** Characters of a thread rendering per page (default 12,000). */
  readonly threadChars: number;
  /** Characters of all the messages of a batch read together per page (default 16,000). */
  readonly batchChars: number;
}

export const DEFAULT_RENDER_BUDGET: RenderBudget = Object.freeze({ messageChars: 8_000, threadChars: 12_000, batchChars: 16_000 });

export interface MessageHeaders {
  readonly from: string;
  readonly to: string;
  readonly cc: string;
  /** Present in drafts and in the sender's own copy of sent mail; empty in mail from others. */
  readonly bcc: string;
  readonly replyTo: string;
  /** ISO 8601 (UTC, see isoUtc) from the Date header, else from Gmail's receive time. */
  readonly date: string;
  readonly subject: string;
  /** RFC 5322 Message-ID (threading for replies). */
  readonly messageId: string;
}

export interface AttachmentInfo {
  readonly filename: string;
  readonly mimeType: string;
  readonly size: number;
  /** Inline (cid:) parts of an HTML body, e.g. logos. */
  readonly inline: boolean;
}

/** Header fields the model sees are cut here; a 1 MB Subject is an attack, not a subject. */
export const MAX_HEADER_CHARS = 2_000;
const MAX_SNIPPET_CHARS = 200;

/**
 * Everything of one message that came from its sender, as the injection detector and the provenance tracker
 * read it: the visible text of every field (headers, attachment names, body), the text that was hidden from a
 * person (never shown to the model), and what the sanitiser removed.
 */
export interface UntrustedText {
  readonly text: string;
  readonly hiddenText: string;
  readonly removed: RemovalReport;
  /** What was withheld, passage by passage, for the person (Show Withheld Text); never for the model. */
  readonly withheld: readonly HiddenPassage[];
  /** The detector's findings and the extracted addresses and links, when the parse worked them out (processing/). */
  readonly scan?: ContentScan;
}

/** One message, parsed; `body` is the whole body text (quotes collapsed), before paging. */
export interface ParsedMessage {
  readonly id: string;
  readonly threadId: string;
  readonly labelIds: readonly string[];
  readonly headers: MessageHeaders;
  readonly attachments: readonly AttachmentInfo[];
  readonly body: string;
  readonly bodySource: BodySource;
  readonly collapsedQuotedLines: number;
  readonly untrusted: UntrustedText;
  /**
   * Mail text the model does not read in this result but can ask for (the quoted history collapsed away, whose
   * forwarded headers and text mailparser also inlines from a message attached whole): its addresses and links still
   * entered the session from mail.
   */
  readonly collapsedText?: string;
  /** The mailing list's footer that `body` collapses to one line (listFooter.ts), as it came. */
  readonly listFooter?: string;
  /** Each attachment's bytes by sha256, for provenance only (never shown to the model): the file can be traced when sent on. */
  readonly attachmentDigests?: readonly AttachmentDigest[];
}

/**
 * Sanitises the fields of one message and keeps what the sanitiser reported, so one message gets one
 * removal report and one piece of hidden text.
 */
export class FieldSanitizer {
  private readonly results: SanitizeResult[] = [];

  add(result: SanitizeResult): SanitizeResult {
    this.results.push(result);
    return result;
  }

  /** A header-like field: sanitised, folded to one line, cut. */
  line(value: string, maxChars = MAX_HEADER_CHARS): string {
    // Cut before sanitising too: a megabyte header costs nothing more than its first few thousand characters.
    const result = this.add(sanitizeText(value, { maxInputChars: maxChars * 4 }));
    return cutAt(result.text.replace(/\s+/g, ' ').trim(), maxChars);
  }

  untrusted(visible: readonly string[]): UntrustedText {
    return {
      text: visible.filter(Boolean).join('\n'),
      hiddenText: this.results.map((r) => r.hiddenText).filter(Boolean).join('\n'),
      removed: mergeRemovals(this.results.map((r) => r.removed)),
      withheld: this.results.flatMap((r) => r.hiddenPassages),
    };
  }
}

/**
 * ISO 8601 in UTC without the trailing parts of the time that are zero: "2025-10-17T14:50Z" for 14:50:00.000,
 * "…T14:50:07Z" for 14:50:07. A Date header has no milliseconds, so ".000" would be in every date the model
 * reads; nothing is rounded, the string names exactly the same instant (Date.parse reads it back).
 */
export function isoUtc(date: Date): string {
  return date.toISOString().replace(/(?::00)?\.000Z$/, 'Z');
}

/** A message listing entry (search hits, older thread members) with decoded, invisible-free headers. */
export interface SummaryView {
  readonly id: string;
  readonly threadId: string;
  readonly date: string;
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly snippet: string;
  readonly labelIds: readonly string[];
  readonly untrusted: UntrustedText;
}

export function summaryView(summary: MessageSummary): SummaryView {
  const fields = new FieldSanitizer();
  const header = (name: string) => fields.line(decodeHeader(summary.headers[name] ?? ''));
  const parsedDate = Date.parse(summary.headers.date ?? '');
  const date = !Number.isNaN(parsedDate)
    ? isoUtc(new Date(parsedDate))
    : summary.internalDate !== undefined
      ? isoUtc(new Date(summary.internalDate))
      : '';
  const from = header('from');
  const to = header('to');
  const subject = header('subject');
  // Gmail's snippet is HTML-escaped text (no markup): decoded, then sanitised as text. The HTML pipeline is not
  // needed for it, and stays out of the extension host's bundle.
  const snippetResult = fields.add(sanitizeText(decodeHTML(summary.snippet ?? ''), { maxInputChars: 10_000 }));
  const snippet = cutAt(snippetBeforeQuote(snippetResult.text.replace(/\s+/g, ' ').trim()), MAX_SNIPPET_CHARS);
  return {
    id: summary.id,
    threadId: summary.threadId,
    date,
    from,
    to,
    subject,
    snippet,
    labelIds: summary.labelIds,
    untrusted: fields.untrusted([subject, from, to, snippet]),
  };
}

/**
 * A listing entry made from a parsed message: its visible headers, and a snippet cut from the sanitised visible
 * body. Gmail's own snippet is never used for it: Gmail builds that from the HTML hidden elements included.
 */
export function listingView(parsed: ParsedMessage): SummaryView {
  const folded = parsed.body.replace(/\s+/g, ' ').trim();
  return {
    id: parsed.id,
    threadId: parsed.threadId,
    date: parsed.headers.date,
    from: parsed.headers.from,
    to: parsed.headers.to,
    subject: parsed.headers.subject,
    snippet: cutAt(snippetBeforeQuote(folded.slice(0, MAX_SNIPPET_CHARS * 4)), MAX_SNIPPET_CHARS),
    labelIds: parsed.labelIds,
    untrusted: parsed.untrusted,
  };
}

/**
 * Gmail's snippet is the first ~200 characters of the body on one line, quoted history included: a short reply
 * reads "Sounds good. On Fri, Oct 17, 2025 at 2:20 PM Ann <ann@…> wrote: > …", repeating the message before
 * it. The snippet ends where an attribution line or a forwarded/original header block begins (the languages
 * the body's quote collapsing knows); an attribution cut short by the snippet's length counts when what is left
 * of it names a time or a year and runs to the end. Like the body, it loses a mail app's stock sign-off there.
 */
const ATTRIBUTION =
  /\s(?:On|Le|El|Il|Em|Op|Am|Den|W dniu|Dnia)\s[^]{0,160}?(?:wrote|a écrit|escribió|ha scritto|escreveu|schreef|schrieb|skrev|pisze|napisał(?:\(a\))?)(?:\s?:|\s[^:]{1,120}:)/u;
const CUT_ATTRIBUTION = /\s(?:On|Le|El|Il|Em|Op|Am)\s(?=[^]{0,160}$)(?=[^]*(?:\b\d{4}\b|\b\d{1,2}:\d{2}\b))[^]*$/u;
const ORIGINAL_HEADERS = /\s(?:-{3,}\s?(?:Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original)\s?-{3,}|_{10,}\s(?:From|De|Von|Da|Van):|(?:From|De|Von|Da|Van): [^:]{1,160} (?:Sent|Envoyé|Gesendet|Enviado|Inviato|Verzonden|Date|Datum): )/u;
/** Gmail cuts snippets near 200 characters; one shorter than this was not cut. */
const SNIPPET_CUT_LENGTH = 180;

export function snippetBeforeQuote(snippet: string): string {
  const padded = ` ${snippet.slice(0, MAX_SNIPPET_CHARS * 4)}`;
  let end = padded.length;
  for (const pattern of [ATTRIBUTION, ORIGINAL_HEADERS]) {
    const match = pattern.exec(padded);
    if (match && match.index < end) end = match.index;
  }
  if (end === padded.length && snippet.length >= SNIPPET_CUT_LENGTH) {
    const cut = CUT_ATTRIBUTION.exec(padded);
    if (cut) end = cut.index;
  }
  const cutAtQuote = end < padded.length;
  // Apple Mail quotes the attribution line too: the ">" before it is not the sender's.
  let own = padded.slice(1, end).trim();
  if (cutAtQuote) own = own.replace(/(?:\s>)+$/, '');
  // Where the sender's words end (at the quote, or a snippet Gmail did not cut), a stock "Sent from my iPhone" goes.
  if (cutAtQuote || snippet.length < SNIPPET_CUT_LENGTH) own = snippetWithoutDeviceSignOff(own);
  // A snippet that is all quote (a bare forward, an empty reply) stays as it is: something beats nothing.
  return own || snippet;
}

/** Gmail usually decodes RFC 2047 words in metadata headers; stay correct when it does not. */
function decodeHeader(value: string): string {
  if (!value.includes('=?')) return value;
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

export interface Page {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly totalChars: number;
  /** Present when more text follows; pass it back to get the next page. */
  readonly nextCursor?: string;
}

/** The paging fields of a structured result: none when one page holds everything. */
export function pageFields(page: Page): { page?: { start: number; end: number; totalChars: number }; nextCursor?: string } {
  if (page.start === 0 && !page.nextCursor) return {};
  return { page: { start: page.start, end: page.end, totalChars: page.totalChars }, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/**
 * A budgeted slice of `text` starting at `offset`, cut at a line break near the end of the budget when
 * there is one, never inside a surrogate pair.
 */
export function pageOf(text: string, offset: number, budget: number, owner: { scope: CursorScope; id: string; item?: number }): Page {
  if (offset > text.length) throw new InvalidCursorError(`it points past the end of ${owner.scope} ${owner.id}`);
  let end = Math.min(text.length, offset + budget);
  if (end < text.length) {
    const lineBreak = text.lastIndexOf('\n', end - 1);
    if (lineBreak >= offset + Math.floor(budget * 0.7)) end = lineBreak + 1;
    const code = text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  }
  return {
    text: text.slice(offset, end),
    start: offset,
    end,
    totalChars: text.length,
    nextCursor: end < text.length ? encodeCursor({ ...owner, offset: end }) : undefined,
  };
}

export type LabelNamer = (labelId: string) => string;
const idLabel: LabelNamer = (id) => id;

/**
 * The headers of one message as text. Inside a thread's rendering (`thread`), what the thread's own lines already
 * say is not repeated: the thread id, and the subject when it is the thread's (apart from Re:/Fwd: prefixes).
 */
export function headerBlock(m: ParsedMessage, labelName: LabelNamer = idLabel, thread?: { readonly subject: string }): string {
  const lines = [thread ? `Message ${m.id}` : `Message ${m.id} (thread ${m.threadId})`, `From: ${m.headers.from}`];
  if (m.headers.to) lines.push(`To: ${m.headers.to}`);
  if (m.headers.cc) lines.push(`Cc: ${m.headers.cc}`);
  if (m.headers.bcc) lines.push(`Bcc: ${m.headers.bcc}`);
  if (m.headers.replyTo) lines.push(`Reply-To: ${m.headers.replyTo}`);
  lines.push(`Date: ${m.headers.date}`);
  if (!thread || !sameTopic(m.headers.subject, thread.subject)) lines.push(`Subject: ${m.headers.subject}`);
  if (m.labelIds.length) lines.push(`Labels: ${m.labelIds.map(labelName).join(', ')}`);
  if (m.attachments.length) {
    lines.push(`Attachments: ${m.attachments.map((a) => `${a.filename} (${a.mimeType}, ${sizeText(a.size)}${a.inline ? ', inline' : ''})`).join('; ')}`);
  }
  return lines.join('\n');
}

function continuation(page: Page, how: string): string {
  return page.nextCursor
    ? `[more: characters ${page.start}–${page.end} of ${page.totalChars} shown; ${how} with cursor "${page.nextCursor}"]`
    : '';
}

/**
 * How untrusted content is framed in a rendering: a notice before it, each piece of mail content wrapped in a
 * delimited block, and notes in our own words after it (flags, what was removed). The guard room's Spotlight
 * supplies this in the tools; without it the rendering is plain (tests, the command palette).
 */
export interface ContentFrame {
  readonly notice: string;
  wrap(text: string, meta: { label?: string; messageId?: string }): string;
  /** Lines after the blocks (flags, sanitation), already worded. */
  readonly notes: readonly string[];
}

/** The text the model reads for read_message: headers (first page only) and one page of the body. */
export function renderMessageText(m: ParsedMessage, page: Page, labelName: LabelNamer = idLabel, frame?: ContentFrame): string {
  const content: string[] = [];
  if (page.start === 0) content.push(headerBlock(m, labelName));
  else content.push(`Message ${m.id} (continued): ${m.headers.subject}`);
  // A blank line ends the headers, as in the message itself.
  content.push('', page.text || (m.bodySource === 'none' ? '(no text body)' : '(empty)'));
  const more = continuation(page, 'call read_message again');
  if (!frame) return [...content, more].filter(Boolean).join('\n');
  return [frame.notice, frame.wrap(content.join('\n'), {}), ...frame.notes, more].filter(Boolean).join('\n');
}

export function summaryLine(s: SummaryView, labelName: LabelNamer = idLabel): string {
  const labels = s.labelIds.length ? ` [${s.labelIds.map(labelName).join(', ')}]` : '';
  return `${s.id} | thread ${s.threadId} | ${s.date || '?'} | ${s.from || '?'} | ${s.subject || '(no subject)'} | ${s.snippet}${labels}`;
}

/** Where a piece of the thread document sits: [start, end) character offsets. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * The document read_thread pages through, and where each message sits in it, so the structured result can
 * carry, per message, exactly the part that one page of the document shows.
 */
export interface ThreadLayout {
  readonly text: string;
  /** The newest message's header block and body. */
  readonly newest: Span;
  /** Its body alone. */
  readonly newestBody: Span;
  /** One line per earlier message, in document order (newest first). */
  readonly earlier: ReadonlyArray<Span & { readonly id: string }>;
}

/**
 * The newest message in full first (it is what the agent almost always needs), then the earlier ones condensed
 * to one entry each, newest first. `threadSubject` is the subject the rendering names the thread by (see
 * renderThreadText); the newest message's header block does not repeat it, nor the thread id.
 */
export function threadLayout(newest: ParsedMessage, earlier: readonly SummaryView[], labelName: LabelNamer = idLabel, threadSubject?: string): ThreadLayout {
  let text = '';
  const append = (piece: string): Span => {
    const start = text.length;
    text += piece;
    return { start, end: text.length };
  };
  append('=== Newest message ===\n');
  const head = append(`${headerBlock(newest, labelName, threadSubject === undefined ? undefined : { subject: threadSubject })}\n\n`);
  const newestBody = append(newest.body || '(empty)');
  const entries: Array<Span & { id: string }> = [];
  if (earlier.length) {
    append(`\n\n=== Earlier in this thread (${earlier.length}, newest first; read_message <id> for the full text) ===`);
    for (const s of earlier) {
      append('\n');
      entries.push({ id: s.id, ...append(`- ${s.id} | ${s.date || '?'} | ${s.from || '?'}: ${s.snippet || '(no preview)'}`) });
    }
  }
  return { text, newest: { start: head.start, end: newestBody.end }, newestBody, earlier: entries };
}

export function threadDocument(newest: ParsedMessage, earlier: readonly SummaryView[], labelName: LabelNamer = idLabel): string {
  return threadLayout(newest, earlier, labelName).text;
}

/** Whether a span and a page of the document share characters. */
export function overlaps(span: Span, page: Page): boolean {
  return span.start < page.end && page.start < span.end;
}

/** The part of a span that a page shows. */
export function sliceOnPage(text: string, span: Span, page: Page): string {
  return text.slice(Math.max(span.start, page.start), Math.min(span.end, page.end));
}

const REPLY_PREFIX = /^(?:\s*(?:re|fwd?|aw|wg|sv|vs|tr|rif|r|antw)\s*(?:\[\d+\])?\s*[:：]\s*)+/iu;

/** "Re: Re: Fwd: Lunch?" and "Lunch?" are one topic; a changed subject is news. */
export function sameTopic(subject: string, threadSubject: string): boolean {
  const bare = (s: string) => s.replace(REPLY_PREFIX, '').trim().toLowerCase();
  return bare(subject) === bare(threadSubject);
}

export function renderThreadText(threadId: string, subject: string, messageCount: number, page: Page, frame?: ContentFrame): string {
  const more = continuation(page, 'call read_thread again');
  if (!frame) {
    const head = page.start === 0 ? `Thread ${threadId}: ${subject || '(no subject)'} (${messageCount} messages)` : `Thread ${threadId} (continued)`;
    return [head, page.text, more].filter(Boolean).join('\n');
  }
  // The subject is mail content: inside the block with the page, the counts outside in our words.
  const head = page.start === 0 ? `Thread ${threadId} (${messageCount} messages)` : `Thread ${threadId} (continued)`;
  const content = page.start === 0 ? `Subject: ${subject || '(no subject)'}\n${page.text}` : page.text;
  return [frame.notice, head, frame.wrap(content, {}), ...frame.notes, more].filter(Boolean).join('\n');
}
