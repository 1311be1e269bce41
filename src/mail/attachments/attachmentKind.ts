/** What get_attachment can read the text of; everything else is described by name, type and size only. */
export type AttachmentKind = 'text' | 'pdf' | 'docx' | 'html' | 'svg' | 'markdown' | 'message' | 'other';

/** Every kind, for the tool's output schema. */
export const ATTACHMENT_KINDS = ['text', 'pdf', 'docx', 'html', 'svg', 'markdown', 'message', 'other'] as const satisfies readonly AttachmentKind[];

const TEXT_TYPES = new Set(['application/json', 'application/csv', 'application/ics', 'application/xml', 'application/x-ndjson', 'application/ld+json']);
const TEXT_EXTENSIONS = /\.(txt|text|csv|tsv|json|ics|ical|vcs|log|xml|ndjson|yaml|yml)$/i;
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const MARKDOWN_TYPES = new Set(['text/markdown', 'text/x-markdown']);
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * From the declared type, the file name and the first bytes. Senders' types are often generic
 * (application/octet-stream), so the name and the file's own signature count too; a declared text type whose
 * bytes are a PDF is read as the PDF it is.
 */
export function attachmentKind(mimeType: string, filename: string, head: Uint8Array): AttachmentKind {
  const type = mimeType.split(';')[0].trim().toLowerCase();
  const bytes = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 8));
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  // Declared as Word: read as Word, and a non-zip (encrypted, corrupt) gets the Word reader's clear error.
  if (type === DOCX_TYPE || /\.docx$/i.test(filename)) return 'docx';
  if (type === 'application/pdf' || /\.pdf$/i.test(filename)) return 'pdf';
  // Markup is read as it is shown, never as source: before the text types, which include text/html.
  if (type === 'message/rfc822' || /\.eml$/i.test(filename)) return 'message';
  if (type === 'image/svg+xml' || /\.svg$/i.test(filename)) return 'svg';
  if (HTML_TYPES.has(type) || /\.x?html?$/i.test(filename)) return 'html';
  if (MARKDOWN_TYPES.has(type) || /\.(md|markdown|mdown|mkd)$/i.test(filename)) return 'markdown';
  if (type.startsWith('text/') || TEXT_TYPES.has(type) || type.endsWith('+json') || type.endsWith('+xml') || TEXT_EXTENSIONS.test(filename)) return 'text';
  return 'other';
}

/** The charset parameter of a Content-Type, if any. */
export function charsetOf(mimeType: string): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(mimeType)?.[1];
}
