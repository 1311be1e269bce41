import type { Readable } from 'node:stream';
import { errorLine } from '../../text/oneLine';
import { AttachmentExtractionError } from './extractedText';

/**
 * Bounds on a zip archive (a .docx is one) checked before any parser inflates it. A zip says in its central
 * directory how many files it holds and how large each is once unpacked; a decompression bomb either says so
 * (a 1.5 MB file declaring gigabytes) or lies (declaring little and inflating to much more). Both are caught
 * here with yauzl: first the declared figures, read without inflating anything; then every entry is inflated as a
 * stream whose bytes are counted and thrown away, and yauzl stops an entry the moment it yields more than it
 * declared. Only an archive that passes both reaches the parser, which then inflates at most the declared bytes.
 */
export interface ArchiveLimits {
  /** Files in the archive (a Word document has a few dozen; a bomb of many small entries has thousands). */
  readonly maxEntries: number;
  /** Bytes of any one file once unpacked (the XML a parser turns into a tree, or an embedded image). */
  readonly maxEntryBytes: number;
  /** Bytes of all files together once unpacked. */
  readonly maxTotalBytes: number;
}

export const ARCHIVE_LIMITS: ArchiveLimits = Object.freeze({
  maxEntries: 5_000,
  maxEntryBytes: 32 * 1024 * 1024,
  maxTotalBytes: 128 * 1024 * 1024,
});

/** What the check found: the figures the error messages and the tests speak of. */
export interface ArchiveReport {
  readonly entries: number;
  readonly declaredBytes: number;
  /** Bytes actually inflated while checking (equal to declaredBytes for an honest archive). */
  readonly inflatedBytes: number;
}

const ZIP_LOCAL_HEADER = Buffer.from('PK\x03\x04', 'latin1');
const ZIP_EMPTY_ARCHIVE = Buffer.from('PK\x05\x06', 'latin1');

/** A zip archive by its first bytes (a local file header, or the end record of an empty archive). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4));
  return head.equals(ZIP_LOCAL_HEADER) || head.equals(ZIP_EMPTY_ARCHIVE);
}

/**
 * Throws AttachmentExtractionError('tooLarge') when the archive declares, or turns out to hold, more than
 * `limits`; 'encrypted' for an encrypted entry; 'corrupt' when it is no zip yauzl can read. `what` names the file
 * for a person ("The Word file").
 */
export async function checkArchiveBounds(bytes: Uint8Array, what: string, limits: ArchiveLimits = ARCHIVE_LIMITS): Promise<ArchiveReport> {
  const yauzl = await import('yauzl');
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let zip: Awaited<ReturnType<typeof yauzl.fromBufferPromise>>;
  try {
    // decodeStrings off: entry names are never shown or used here, and a strange name is no reason to refuse.
    zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true });
  } catch (error) {
    throw new AttachmentExtractionError('corrupt', `${what} could not be read as a zip archive (${errorLine(error)}).`);
  }
  let inflatedBytes = 0;
  const tooLarge = (why: string) => new ArchiveBoundsError(`${what} was not read: ${why}.`, inflatedBytes);
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw tooLarge(`it holds ${count(zip.entryCount)} files, more than the ${count(limits.maxEntries)} a file may hold`);
    }
    const entries = [];
    let declaredBytes = 0;
    try {
      for await (const entry of zip.eachEntry()) {
        if (entry.uncompressedSize > limits.maxEntryBytes) {
          throw tooLarge(`one of its files declares ${megabytes(entry.uncompressedSize)} once unpacked, more than the ${megabytes(limits.maxEntryBytes)} one file may unpack to`);
        }
        declaredBytes += entry.uncompressedSize;
        if (declaredBytes > limits.maxTotalBytes) {
          throw tooLarge(`its files declare more than ${megabytes(limits.maxTotalBytes)} once unpacked, the most a file may unpack to`);
        }
        entries.push(entry);
      }
    } catch (error) {
      if (error instanceof AttachmentExtractionError) throw error;
      throw new AttachmentExtractionError('corrupt', `${what} could not be read as a zip archive (${errorLine(error)}).`);
    }
    for (const entry of entries) {
      if (entry.isEncrypted()) throw new AttachmentExtractionError('encrypted', `${what} is encrypted; its text cannot be read.`);
      let stream: Readable;
      try {
        stream = await zip.openReadStreamPromise(entry);
      } catch (error) {
        throw new AttachmentExtractionError('corrupt', `${what} could not be read as a zip archive (${errorLine(error)}).`);
      }
      try {
        for await (const chunk of stream) {
          inflatedBytes += (chunk as Buffer).byteLength;
          // yauzl already ends an entry past its declared size; this bounds the whole even if it did not.
          if (inflatedBytes > limits.maxTotalBytes) throw tooLarge(`its files unpack to more than ${megabytes(limits.maxTotalBytes)}, the most a file may unpack to`);
        }
      } catch (error) {
        stream.destroy();
        if (error instanceof AttachmentExtractionError) throw error;
        const message = errorLine(error);
        if (/too many bytes/i.test(message)) {
          throw tooLarge('one of its files unpacks to more bytes than the archive declares, the mark of a decompression bomb; reading stopped there');
        }
        throw new AttachmentExtractionError('corrupt', `${what} could not be read as a zip archive (${message}).`);
      }
    }
    return { entries: entries.length, declaredBytes, inflatedBytes };
  } finally {
    zip.close();
  }
}

/** An archive over a bound; `inflatedBytes` says how much was unpacked before it was refused (0: none, by its declarations alone). */
export class ArchiveBoundsError extends AttachmentExtractionError {
  constructor(
    message: string,
    readonly inflatedBytes: number,
  ) {
    super('tooLarge', message);
  }
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024).toLocaleString('en-US')} MB`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
