import { constants, inflateSync } from 'node:zlib';
import { AttachmentExtractionError } from './extractedText';

/**
 * Bounds on what a PDF's compressed streams unpack to, checked before pdf.js reads the file. pdf.js has no limit of
 * its own: it inflates a page's content stream whole into a typed array, which lives outside the V8 heap, so the
 * worker's heap cap never sees it, and a PDF of one megabyte can unpack to gigabytes. Every Flate stream of the
 * file is inflated here with zlib's output cap and thrown away: one that unpacks past the cap, or all together
 * past theirs, refuses the file. Pages are bounded apart from this: pdfText reads at most ExtractionLimits.maxPages.
 *
 * What this does not see: a stream of an encrypted PDF (its bytes are no zlib data until pdf.js decrypts them),
 * and filters other than Flate (LZW, run-length); for those the worker's caps are what is left.
 */
export interface PdfLimits {
  /** Bytes one stream may unpack to (a page's drawing operators, a font, an image's pixels). */
  readonly maxStreamBytes: number;
  /** Bytes all streams may unpack to together. */
  readonly maxTotalBytes: number;
}

export const PDF_LIMITS: PdfLimits = Object.freeze({
  maxStreamBytes: 64 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
});

export interface PdfStreamReport {
  /** Streams that inflated as zlib data. */
  readonly flateStreams: number;
  readonly inflatedBytes: number;
}

/** "stream" after a dictionary's ">>", then the end of line the PDF syntax requires before the data. */
const STREAM_START = />>\s*stream(?:\r\n|\n|\r)/g;
const STREAM_END = Buffer.from('endstream', 'latin1');

export function checkPdfBounds(bytes: Uint8Array, limits: PdfLimits = PDF_LIMITS): PdfStreamReport {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // latin1 maps byte to character one to one, so a match's index is the byte offset.
  const text = buffer.toString('latin1');
  let flateStreams = 0;
  let inflatedBytes = 0;
  STREAM_START.lastIndex = 0;
  for (let match = STREAM_START.exec(text); match; match = STREAM_START.exec(text)) {
    const start = match.index + match[0].length;
    const end = buffer.indexOf(STREAM_END, start);
    const data = buffer.subarray(start, end < 0 ? buffer.length : end);
    if (end >= 0) STREAM_START.lastIndex = end;
    if (!isZlibHeader(data)) continue;
    const room = Math.min(limits.maxStreamBytes, limits.maxTotalBytes - inflatedBytes);
    let inflated: Buffer;
    try {
      // A stream cut short (a missing or wrong "endstream") still counts for what it unpacks to.
      inflated = inflateSync(data, { maxOutputLength: room + 1, finishFlush: constants.Z_SYNC_FLUSH });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw overCap(room === limits.maxStreamBytes, limits);
      // Not zlib data after all, or damaged: pdf.js decides what it makes of it, and inflates no more than zlib could.
      continue;
    }
    if (inflated.byteLength > room) throw overCap(room === limits.maxStreamBytes, limits);
    flateStreams += 1;
    inflatedBytes += inflated.byteLength;
  }
  return { flateStreams, inflatedBytes };
}

/** zlib's two-byte header: deflate (CM 8), a window of at most 32 KB, and a check value divisible by 31. */
function isZlibHeader(data: Buffer): boolean {
  if (data.length < 2) return false;
  const cmf = data[0];
  const flg = data[1];
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0;
}

function overCap(oneStream: boolean, limits: PdfLimits): AttachmentExtractionError {
  const why = oneStream
    ? `one of its compressed streams unpacks to more than ${megabytes(limits.maxStreamBytes)}, the most one stream may unpack to`
    : `its compressed streams unpack to more than ${megabytes(limits.maxTotalBytes)} together, the most a file may unpack to`;
  return new AttachmentExtractionError('tooLarge', `The PDF was not read: ${why}, so reading it could exhaust memory.`);
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024).toLocaleString('en-US')} MB`;
}
