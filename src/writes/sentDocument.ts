import type { AddressObject } from 'mailparser';
import { parseDocument } from 'htmlparser2';
import type { ChildNode } from 'domhandler';
import { markdownToHtml } from '../mail/markdownBody';
import type { MailProcessor } from '../mail/processing/mailProcessor';
import { cutAt } from '../text/oneLine';
import { escapeInvisibleChars } from '../guard/invisibleChars';
import { plainOnlySentences } from '../mail/visibility/plainAlternative';
import type { ParsedAddress } from '../guard/addresses';
import type { OutgoingMessagePreview } from './confirmer';
import { renderOutgoingDocument, type HtmlReference } from './outgoingDocument';
import { sha256Hex } from './payloadHash';

/**
 * What is approved is what is sent: the confirmation's outgoing document is rendered here from the exact bytes the
 * pipeline will hand to Gmail (parsed by the MailProcessor, with mailparser, as any mail is), never from the tool's arguments or a preview
 * built beside the bytes. The pipeline renders it when it asks, binds the approval to the hash of the text shown, and
 * renders it again from the bytes it is about to send: any difference refuses the send.
 */

/** The message as its bytes say, before the confirmation's wording: fields, body, and the HTML part's links. */
export interface SentMessageView {
  readonly from: ParsedAddress;
  readonly to: readonly ParsedAddress[];
  readonly cc: readonly ParsedAddress[];
  readonly bcc: readonly ParsedAddress[];
  readonly subject: string;
  /** The text/plain part (for a markdown body, the markdown the HTML part was generated from), else the HTML as read. */
  readonly body: string;
  readonly bodyFormat: OutgoingMessagePreview['bodyFormat'];
  readonly attachments: OutgoingMessagePreview['attachments'];
  /** Every link and every resource the HTML part loads, in document order. */
  readonly references: ReadonlyArray<Omit<HtmlReference, 'fromMail'>>;
  /** For an HTML body not made from its text part: sentences only the text/plain part says (its readers see them). */
  readonly plainOnly: readonly string[];
}

export interface SentDocumentOptions {
  readonly account: string;
  /** Link and image targets that came from mail (decided once, when the confirmation is asked, so the re-render matches). */
  readonly fromMail?: ReadonlySet<string>;
  /** Read-only lines at the top (why this confirmation is asked again). */
  readonly notes?: readonly string[];
}

export async function readSentMessage(raw: Buffer, processor: MailProcessor, signal?: AbortSignal): Promise<SentMessageView> {
  const parsed = await processor.openForCompose(raw, { id: 'the outgoing message', use: 'read' }, { signal });
  const html = typeof parsed.html === 'string' ? parsed.html : '';
  // A single-part message's text comes back ending in a line break whether or not it was written with one; the
  // document shows the text without that one break (the person cannot see it, and an edit gives it back).
  const text = (parsed.text ?? '').replace(/\r?\n$/, '');
  const bodyFormat = html.trim() ? (sameText(html, generatedHtml(text)) ? 'markdown' : 'html') : undefined;
  return {
    from: addresses(parsed.from)[0] ?? { name: '', address: '' },
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    bcc: addresses(parsed.bcc),
    subject: parsed.subject ?? '',
    // An HTML body that is not ours (a draft written in Gmail) shows as the text its reader sees.
    body: bodyFormat === 'html' ? parsed.bodyText : text,
    bodyFormat,
    attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? '(unnamed)', mimeType: a.contentType, size: a.size ?? a.content.length, sha256: sha256Hex(a.content) })),
    references: html.trim() ? htmlReferences(html) : [],
    plainOnly: bodyFormat === 'html' && text.trim() ? plainOnlySentences(text, parsed.bodyText) : [],
  };
}

/** The document the person is shown for these bytes. */
export function sentDocumentText(view: SentMessageView, options: SentDocumentOptions): string {
  const fromMail = options.fromMail ?? new Set<string>();
  return renderOutgoingDocument(
    view,
    options.account,
    { notes: [...(options.notes ?? []), ...plainOnlyNote(view.plainOnly)], references: view.references.map((r) => ({ ...r, ...(fromMail.has(r.target) ? { fromMail: true } : {}) })) },
  );
}

/** Both steps at once: the document for these bytes. */
export async function renderSentDocument(raw: Buffer, processor: MailProcessor, options: SentDocumentOptions): Promise<string> {
  return sentDocumentText(await readSentMessage(raw, processor), options);
}

/** A plain-text part that says more than the HTML is sent too: the document says what it adds. */
function plainOnlyNote(sentences: readonly string[]): string[] {
  if (!sentences.length) return [];
  const said = escapeInvisibleChars(sentences.join(' ').replace(/\s+/g, ' '));
  return [`⚠ The plain-text part, sent too, also says: "${cutAt(said, MAX_PLAIN_ONLY_CHARS)}"${[...said].length > MAX_PLAIN_ONLY_CHARS ? ` (${[...said].length} characters in all)` : ''}`];
}

const MAX_PLAIN_ONLY_CHARS = 400;

/** The HTML markdownToHtml makes from the text, or undefined when it refuses the text (an image). */
function generatedHtml(text: string): string | undefined {
  try {
    return markdownToHtml(text);
  } catch {
    return undefined;
  }
}

function sameText(a: string, b: string | undefined): boolean {
  // Compared as lines: the MIME transfer turns line ends into CRLF and may drop the last one.
  return b !== undefined && a.replace(/\r\n?/g, '\n').trimEnd() === b.replace(/\r\n?/g, '\n').trimEnd();
}

function addresses(field: AddressObject | AddressObject[] | undefined): ParsedAddress[] {
  if (!field) return [];
  const out: ParsedAddress[] = [];
  for (const object of Array.isArray(field) ? field : [field]) {
    for (const entry of object.value) {
      for (const a of entry.group ?? [entry]) if (a.address) out.push({ name: a.name ?? '', address: a.address });
    }
  }
  return out;
}

/** Attributes that make a mail client fetch something when the message is opened. */
const LOADING_ATTRIBUTES = ['src', 'background', 'poster', 'data', 'srcset', 'lowsrc', 'dynsrc'];

/**
 * Every `href` of a link and every URL the HTML would load, with entities decoded by the HTML parser: what the
 * recipient's client follows, not what the markdown source spelled (`evil\.example`, `evil&#46;example`).
 */
function htmlReferences(html: string): Array<Omit<HtmlReference, 'fromMail'>> {
  const out: Array<Omit<HtmlReference, 'fromMail'>> = [];
  const stack: ChildNode[] = [...parseDocument(html).children].reverse();
  while (stack.length) {
    const node = stack.pop() as ChildNode;
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
    const name = node.name.toLowerCase();
    const attributes = node.attribs;
    for (const [attribute, value] of Object.entries(attributes)) {
      const key = attribute.toLowerCase();
      if (key === 'href') out.push({ kind: name === 'a' || name === 'area' ? 'link' : 'image', target: value.trim() });
      else if (LOADING_ATTRIBUTES.includes(key)) out.push({ kind: 'image', target: value.trim() });
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return out;
}
