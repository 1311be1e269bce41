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
  /**
   * Pixels of one image (its dictionary's /Width x /Height): pdf.js decodes every image a page paints to RGBA,
   * four bytes a pixel outside the heap cap, whatever its compressed size (a JPEG of one colour is tiny).
   */
  readonly maxImagePixels: number;
}

export const PDF_LIMITS: PdfLimits = Object.freeze({
  maxStreamBytes: 64 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  // A page scanned at 600 dpi is 35 million pixels.
  maxImagePixels: 50_000_000,
});

/**
 * The same image bound in pdf.js's own terms, for its getDocument options (`maxImageSize`): it then refuses to
 * decode a larger image even where the scan below could not read the size (a /Width inside a compressed object
 * stream). pdfText does not pass it yet; see the issue-23 report.
 */
export const PDF_JS_BOUNDS = Object.freeze({ maxImageSize: PDF_LIMITS.maxImagePixels });

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
    const pixels = imagePixels(text, match.index);
    if (pixels > limits.maxImagePixels) {
      throw new AttachmentExtractionError(
        'tooLarge',
        `The PDF was not read: one of its images has ${count(pixels)} pixels, more than the ${count(limits.maxImagePixels)} an image may have, so decoding it could exhaust memory.`,
      );
    }
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

/**
 * Width x height of the image XObject whose dictionary ends at `dictionaryEnd` (0 when the stream is no image, or
 * a size cannot be read): read from the object's own text, from its "obj" keyword on; a size given by reference
 * ("/Width 12 0 R") is looked up in the file's uncompressed objects.
 */
function imagePixels(text: string, dictionaryEnd: number): number {
  const objectStart = text.lastIndexOf(' obj', dictionaryEnd);
  const dictionary = text.slice(Math.max(objectStart, dictionaryEnd - 4096, 0), dictionaryEnd);
  if (!/\/Subtype\s*\/Image\b/.test(dictionary)) return 0;
  const size = (key: string): number => {
    const entry = new RegExp(`/${key}\\s+(\\d+)(?:\\s+(\\d+)\\s+R)?`).exec(dictionary);
    if (!entry) return 0;
    if (entry[2] === undefined) return Number(entry[1]);
    const target = new RegExp(`(?:^|[^0-9])${entry[1]}\\s+${entry[2]}\\s+obj\\s*(\\d+)\\s*endobj`).exec(text);
    return Number(target?.[1] ?? 0);
  };
  return size('Width') * size('Height');
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

function count(n: number): string {
  return n.toLocaleString('en-US');
}
