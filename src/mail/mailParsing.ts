import { simpleParser, type ParsedMail } from 'mailparser';
import { sanitizeHtml } from './visibility/sanitize';
import { UnreadableMessageError, type MailUse } from './unreadableMessage';

export { UnreadableMessageError, type MailUse } from './unreadableMessage';

/**
 * Every raw message the extension reads (to show it, to reply to it, to forward it, to read a draft back) is parsed
 * here: mailparser, with mailsplit's limits named, and without mailparser's own HTML-to-text conversion. That
 * conversion grows faster than the table it converts (bench H1 has such tables), so a plain-text body is made
 * from HTML by the sanitiser (visibility/sanitize.ts) instead: linear, bounded (nesting cut, table layouts limited,
 * input capped), and without what a person would not have seen.
 */

/** mailsplit's own limits (its defaults), named because the error quotes them: past them the parser stops. */
export const MAX_MIME_PARTS = 1000;
export const MAX_PART_HEADER_BYTES = 1024 * 1024;
/** Body text beyond this many characters is not converted (it could not be paged through sensibly anyway). */
export const MAX_BODY_INPUT_CHARS = 2_000_000;

export async function parseMail(raw: Buffer, subject: { readonly id: string; readonly use: MailUse }): Promise<ParsedMail> {
  try {
    return await simpleParser(raw, {
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
      maxChildNodes: MAX_MIME_PARTS,
      maxHeadSize: MAX_PART_HEADER_BYTES,
    });
  } catch (error) {
    const reason = limitPassed(error);
    if (!reason) throw error;
    const instead =
      subject.use === 'read'
        ? 'Its sender, subject and date are in search_messages results; open it in Gmail to read it.'
        : `${subject.use === 'reply' ? 'Reply to it' : 'Forward it'} from Gmail instead.`;
    throw new UnreadableMessageError(
      `Message ${subject.id} cannot be ${subject.use === 'read' ? 'read' : 'opened'} here: ${reason}, past the limit that keeps one message ` +
        `from stalling VS Code. ${instead}`,
    );
  }
}

/** A forward shows the original's text twice (in the outgoing message and on the diff's left side): convert it once. */
const convertedBodies = new WeakMap<ParsedMail, string>();

/** Which part of a message is its body. */
export type BodySource = 'text/plain' | 'text/html' | 'none';

/**
 * The part a person reads as the body: what a mail client shows, the HTML part when there is one (a text/plain
 * alternative beside it is never shown, and may say more than the HTML), else the text part.
 */
export function bodySourceOf(parsed: ParsedMail): BodySource {
  if (typeof parsed.html === 'string' && parsed.html.trim()) return 'text/html';
  if (parsed.text?.trim()) return 'text/plain';
  return 'none';
}

/**
 * The body as plain text: the text part as written, else the HTML part as a person would read it. HTML past
 * MAX_BODY_INPUT_CHARS is not converted, and the text says so at its end.
 */
export function mailBodyText(parsed: ParsedMail): string {
  if (bodySourceOf(parsed) !== 'text/html') return parsed.text ?? '';
  let text = convertedBodies.get(parsed);
  if (text === undefined) {
    const converted = sanitizeHtml(parsed.html as string, { maxInputChars: MAX_BODY_INPUT_CHARS });
    text = converted.removed.truncated
      ? `${converted.text}\n\n[The rest of this message is left out: its HTML is too long or nested too deeply to convert.]`
      : converted.text;
    convertedBodies.set(parsed, text);
  }
  return text;
}

function limitPassed(error: unknown): string | undefined {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== 'EMAXLEN') return undefined;
  if (/child nodes/i.test(error.message)) return `it has more than ${MAX_MIME_PARTS.toLocaleString('en-US')} MIME parts`;
  if (/header size/i.test(error.message)) return `a header section of it is larger than ${MAX_PART_HEADER_BYTES / 1024 / 1024} MB`;
  return 'a part of it is larger than the MIME parser accepts';
}
