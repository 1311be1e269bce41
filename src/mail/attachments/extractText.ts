import { checkAttachmentBounds } from './attachmentBounds';
import { attachmentKind, charsetOf, type AttachmentKind } from './attachmentKind';
import { docxText } from './docxText';
import { AttachmentExtractionError, CappedText, type ExtractedText, type ExtractionLimits } from './extractedText';
import { pdfText } from './pdfText';

export interface ExtractionInput {
  readonly bytes: Uint8Array;
  readonly mimeType: string;
  readonly filename: string;
}

/**
 * The text of one attachment, by kind. Runs in the extraction worker (extractionWorker.ts); the PDF and DOCX
 * libraries are imported only when a file of their kind arrives, and never into the extension bundle.
 */
export async function extractText(input: ExtractionInput, limits: ExtractionLimits): Promise<ExtractedText & { kind: AttachmentKind }> {
  const kind = attachmentKind(input.mimeType, input.filename, input.bytes.subarray(0, 8));
  await checkAttachmentBounds(input.bytes, kind);
  if (kind === 'pdf') return { kind, ...(await pdfText(input.bytes, limits)) };
  if (kind === 'docx') return { kind, ...(await docxText(input.bytes, limits)) };
  if (kind === 'text') return { kind, ...(await plainText(input, limits)) };
  throw new AttachmentExtractionError('unsupported', `Text cannot be read from a file of type ${input.mimeType || 'unknown'}.`);
}

async function plainText(input: ExtractionInput, limits: ExtractionLimits): Promise<ExtractedText> {
  const { default: iconv } = await import('iconv-lite');
  const charset = charsetOf(input.mimeType) ?? 'utf-8';
  const buffer = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
  const decoded = iconv.encodingExists(charset) ? iconv.decode(buffer, charset) : buffer.toString('utf8');
  const visible = new CappedText(limits.maxChars);
  visible.push(decoded.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  return { visibleText: visible.toString(), hiddenText: '', hiddenRuns: {}, truncated: visible.truncated };
}
