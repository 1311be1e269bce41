import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { detectInSanitized, type InjectionFinding } from '../../../src/guard/injection';
import { sanitizeHtml, sanitizeText, type SanitizeResult } from '../../../src/mail/visibility/sanitize';

/**
 * Runs the guard over a directory of .eml files the way the server will: every piece of mail text that can
 * reach the model (subject, display names, HTML or plain body, text-like attachments, invite descriptions)
 * is sanitised, then checked. Shared by the corpus test and bench/guardCorpus.ts.
 */
const FIXTURES = resolve(import.meta.dirname, '..', '..', 'fixtures');
export const CORPUS_DIRS = {
  hostile: [join(FIXTURES, 'hostile', 'eml')],
  ordinary: [join(FIXTURES, 'mail'), join(FIXTURES, 'ordinary', 'eml')],
};

/** The HTML part of every corpus message (demo, ordinary and hostile) that has one, for checks of the HTML path. */
export async function* corpusHtmlParts(): AsyncGenerator<{ readonly file: string; readonly html: string }> {
  for (const dir of [...CORPUS_DIRS.ordinary, ...CORPUS_DIRS.hostile]) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
      const parsed = await simpleParser(readFileSync(join(dir, file)), { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
      if (typeof parsed.html === 'string') yield { file, html: parsed.html };
    }
  }
}

export const TOOL_NAMES = [
  'search_messages', 'read_message', 'read_thread', 'list_labels', 'get_profile', 'get_attachment_text',
  'create_draft', 'update_draft', 'list_drafts', 'send_draft', 'send_message', 'trash_messages',
  'untrash_messages', 'modify_labels',
];

export interface MessageVerdict {
  file: string;
  findings: Array<InjectionFinding & { part: string }>;
  sanitizeMs: number;
}

/** RFC 5545 text: unfold continuation lines, unescape \n \, \; \\. */
function calendarText(ics: string): string {
  return ics
    .replace(/\r?\n[ \t]/g, '')
    .replace(/\\([nN,;\\])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

function names(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((group) => group.value.map((address) => address.name)).filter(Boolean);
}

export async function evaluateMessage(file: string): Promise<MessageVerdict> {
  const raw = readFileSync(file);
  const mail = await simpleParser(raw);
  // mailparser derives `text` from the HTML when there is no text/plain part, hidden text included; only a
  // real text/plain part is something the model could be shown.
  const hasPlainPart = /^content-type:\s*text\/plain/im.test(raw.toString('latin1'));
  const parts: Array<[string, () => SanitizeResult]> = [];
  if (mail.subject) parts.push(['subject', () => sanitizeText(mail.subject!)]);
  for (const name of [...names(mail.from), ...names(mail.to), ...names(mail.cc)]) parts.push(['display name', () => sanitizeText(name)]);
  if (typeof mail.html === 'string' && mail.html) parts.push(['html body', () => sanitizeHtml(mail.html as string)]);
  if (mail.text && (hasPlainPart || !mail.html)) parts.push(['text body', () => sanitizeText(mail.text!)]);
  for (const attachment of mail.attachments) {
    const type = attachment.contentType.toLowerCase();
    const content = attachment.content.toString('utf8');
    const label = `attachment ${attachment.filename ?? type}`;
    if (type === 'text/html') parts.push([label, () => sanitizeHtml(content)]);
    else if (type === 'text/calendar' || type === 'application/ics') parts.push([label, () => sanitizeText(calendarText(content))]);
    else if (type.startsWith('text/')) parts.push([label, () => sanitizeText(content)]);
  }
  const findings: MessageVerdict['findings'] = [];
  let sanitizeMs = 0;
  for (const [part, sanitize] of parts) {
    const started = performance.now();
    const result = sanitize();
    sanitizeMs += performance.now() - started;
    for (const finding of detectInSanitized(result, { toolNames: TOOL_NAMES, accountAddress: 'demo.user@example.com' })) {
      findings.push({ ...finding, part });
    }
  }
  return { file, findings, sanitizeMs };
}

export async function evaluateCorpus(dirs: string[]): Promise<MessageVerdict[]> {
  const files = dirs.flatMap((dir) => readdirSync(dir).filter((name) => name.endsWith('.eml')).sort().map((name) => join(dir, name)));
  const verdicts: MessageVerdict[] = [];
  for (const file of files) verdicts.push(await evaluateMessage(file));
  return verdicts;
}
