import type { AttachmentKind } from './attachmentKind';
import { checkArchiveBounds } from './archiveBounds';
import { checkPdfBounds } from './pdfBounds';

/** An OLE compound file: a password-protected .docx (or an old .doc), which the Word reader refuses with its own message. */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * The memory bounds of a file, checked before its parser sees it (extractText calls this once, for every kind):
 * a Word file's zip archive by its declared and actual unpacked sizes and its file count (archiveBounds.ts), a
 * PDF by what its compressed streams unpack to (pdfBounds.ts). Throws AttachmentExtractionError saying what was
 * over which bound; text files are bounded by their download size alone.
 */
export async function checkAttachmentBounds(bytes: Uint8Array, kind: AttachmentKind): Promise<void> {
  if (kind === 'docx') {
    if (Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 8)).equals(OLE_MAGIC)) return;
    await checkArchiveBounds(bytes, 'The Word file');
  } else if (kind === 'pdf') {
    checkPdfBounds(bytes);
  }
}
