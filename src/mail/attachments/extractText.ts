import { checkAttachmentBounds } from './attachmentBounds';
import { attachmentKind, charsetOf, type AttachmentKind } from './attachmentKind';
import { docxText } from './docxText';
import { AttachmentExtractionError, CappedText, type ExtractedText, type ExtractionLimits } from './extractedText';
import { htmlText, markdownText } from './markupText';
import { messageText } from './messageText';
import { pdfText } from './pdfText';
import { svgText } from './svgText';

export interface ExtractionInput {
  readonly bytes: Uint8Array;
  readonly mimeType: string;
  readonly filename: string;
}

/**
 * The text of one attachment, by kind, split into what a person sees and what the file hides. Runs in the extraction
 * worker (extractionWorker.ts); the PDF and DOCX libraries are imported only when a file of their kind arrives, and
 * never into the extension bundle. Markup (.html, .svg, .md) is read as it is shown, never as its source.
 */
export async function extractText(input: ExtractionInput, limits: ExtractionLimits): Promise<ExtractedText & { kind: AttachmentKind }> {
  const kind = attachmentKind(input.mimeType, input.filename, input.bytes.subarray(0, 8));
  await checkAttachmentBounds(input.bytes, kind);
  if (kind === 'pdf') return { kind, ...(await pdfText(input.bytes, limits)) };
  if (kind === 'docx') return { kind, ...(await docxText(input.bytes, limits)) };
  if (kind === 'text') return { kind, ...(await plainText(input, limits)) };
  if (kind === 'html') return { kind, ...htmlText(await decoded(input), limits) };
  if (kind === 'markdown') return { kind, ...markdownText(await decoded(input), limits) };
  if (kind === 'svg') return { kind, ...svgText(await decoded(input), limits) };
  if (kind === 'message') return { kind, ...(await messageText(input.bytes, limits)) };
  throw new AttachmentExtractionError('unsupported', `Text cannot be read from a file of type ${input.mimeType || 'unknown'}.`);
}

/** The file's characters, by the charset its type declares (UTF-8 when none), without a BOM, with \n line ends. */
async function decoded(input: ExtractionInput): Promise<string> {
  const { default: iconv } = await import('iconv-lite');
  const charset = charsetOf(input.mimeType) ?? 'utf-8';
  const buffer = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
  const text = iconv.encodingExists(charset) ? iconv.decode(buffer, charset) : buffer.toString('utf8');
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

async function plainText(input: ExtractionInput, limits: ExtractionLimits): Promise<ExtractedText> {
  const visible = new CappedText(limits.maxChars);
  visible.push(await decoded(input));
  return { visibleText: visible.toString(), hiddenText: '', hiddenRuns: {}, truncated: visible.truncated };
}
