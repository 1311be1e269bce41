import { strict as assert } from 'node:assert';
import { ARCHIVE_LIMITS, ArchiveBoundsError, checkArchiveBounds } from '../../../src/mail/attachments/archiveBounds';
import { AttachmentExtractionError } from '../../../src/mail/attachments/extractedText';
import { extractText } from '../../../src/mail/attachments/extractText';
import { checkPdfBounds, PDF_JS_BOUNDS, PDF_LIMITS } from '../../../src/mail/attachments/pdfBounds';
import { bombDocx, bombPdf, imagePdf, plainDocx, zipArchive } from './hostileFiles';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const LIMITS = { maxPages: 50, maxChars: 100_000 };
const MB = 1024 * 1024;
/** As the worker receives them: a Uint8Array (pdf.js refuses a Buffer). */
const bytesOf = (file: Buffer) => new Uint8Array(file.buffer, file.byteOffset, file.byteLength);

async function rejection(promise: Promise<unknown>): Promise<AttachmentExtractionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof AttachmentExtractionError, `expected a refusal, got ${String(error)}`);
  return error;
}

describe('attachments: archive and PDF bounds before parsing (issue 23)', () => {
  it('an ordinary .docx passes: every entry inflated once, exactly as declared, and its text is read', async () => {
    const file = plainDocx('Quarterly figures\nRevenue rose by 4%.');
    const report = await checkArchiveBounds(file, 'The Word file');
    assert.equal(report.entries, 3);
    assert.equal(report.inflatedBytes, report.declaredBytes);
    const text = await extractText({ bytes: bytesOf(file), mimeType: DOCX_TYPE, filename: 'q.docx' }, LIMITS);
    assert.match(text.visibleText, /Revenue rose by 4%\./);
  });

  it('a zip bomb declaring 40 MB in one file is refused by its central directory, before a byte is inflated', async () => {
    const file = bombDocx({ megabytes: 40 });
    assert.ok(file.length < 200_000, `the bomb is small (${file.length} bytes)`);
    const error = await rejection(checkArchiveBounds(file, 'The Word file'));
    assert.ok(error instanceof ArchiveBoundsError);
    assert.equal(error.failure, 'tooLarge');
    assert.equal(error.inflatedBytes, 0, 'nothing inflated');
    assert.match(error.message, /^The Word file was not read: one of its files declares 40 MB once unpacked, more than the 32 MB/);
  });

  it('files that are each small but together too large are refused by the total they declare', async () => {
    const file = zipArchive(Array.from({ length: 5 }, (_, i) => ({ name: `part${i}.xml`, content: Buffer.alloc(MB, 0x61) })));
    const error = await rejection(checkArchiveBounds(file, 'The Word file', { ...ARCHIVE_LIMITS, maxEntryBytes: 2 * MB, maxTotalBytes: 3 * MB }));
    assert.equal((error as ArchiveBoundsError).inflatedBytes, 0);
    assert.match(error.message, /its files declare more than 3 MB once unpacked/);
  });

  it('an archive of too many files is refused by its entry count alone', async () => {
    const file = bombDocx({ megabytes: 0.01, extraEntries: ARCHIVE_LIMITS.maxEntries + 1 });
    const error = await rejection(checkArchiveBounds(file, 'The Word file'));
    assert.equal((error as ArchiveBoundsError).inflatedBytes, 0);
    assert.match(error.message, /it holds 5,004 files, more than the 5,000 a file may hold/);
  });

  it('a lying archive (1 KB declared, 20 MB inside) is stopped while inflating, near what it declared', async () => {
    const file = bombDocx({ megabytes: 20, declaredSize: 1024 });
    const error = await rejection(checkArchiveBounds(file, 'The Word file'));
    assert.equal(error.failure, 'tooLarge');
    assert.match(error.message, /unpacks to more bytes than the archive declares/);
    const inflated = (error as ArchiveBoundsError).inflatedBytes;
    // The honest entries and at most one inflated chunk of the lying one: nowhere near its 20 MB.
    assert.ok(inflated < 256 * 1024, `inflated ${inflated} bytes before stopping`);
  });

  it('extractText refuses the lying .docx before the Word reader sees it', async () => {
    const file = bombDocx({ megabytes: 20, declaredSize: 1024 });
    const error = await rejection(extractText({ bytes: bytesOf(file), mimeType: DOCX_TYPE, filename: 'bomb.docx' }, LIMITS));
    assert.match(error.message, /^The Word file was not read: .*declares/);
  });

  it('a PDF whose page stream unpacks past the cap is refused before pdf.js reads it; an ordinary one is read', async () => {
    const bomb = bombPdf(3);
    const small = { ...PDF_LIMITS, maxStreamBytes: MB, maxTotalBytes: 4 * MB };
    assert.throws(() => checkPdfBounds(bomb, small), (e: unknown) => e instanceof AttachmentExtractionError && e.failure === 'tooLarge' && /one of its compressed streams unpacks to more than 1 MB/.test(e.message));
    const ordinary = bombPdf(0.01);
    const report = checkPdfBounds(ordinary, small);
    assert.equal(report.flateStreams, 1);
    assert.ok(report.inflatedBytes > 10_000);
    const text = await extractText({ bytes: bytesOf(ordinary), mimeType: 'application/pdf', filename: 'ok.pdf' }, LIMITS);
    assert.match(text.visibleText, /Hello from a compressed page/);
  });

  it('extractText refuses a PDF bomb of 100 MB of page operators with the default bounds', async () => {
    const bomb = bombPdf(100);
    assert.ok(bomb.length < 500_000, `the bomb is small (${bomb.length} bytes)`);
    const error = await rejection(extractText({ bytes: bytesOf(bomb), mimeType: 'application/pdf', filename: 'bomb.pdf' }, LIMITS));
    assert.equal(error.failure, 'tooLarge');
    assert.match(error.message, new RegExp(`more than ${PDF_LIMITS.maxStreamBytes / MB} MB`));
  });

  it('a PDF image of more pixels than may be decoded refuses the file by its dictionary; a smaller one does not', async () => {
    const pdf = (file: Buffer) => extractText({ bytes: bytesOf(file), mimeType: 'application/pdf', filename: 'scan.pdf' }, LIMITS);
    // 8,000 x 8,000 grey: under the stream bound (64,000,000 bytes unpacked), over the pixel bound.
    const huge = imagePdf(8000, 8000);
    assert.ok(huge.length < 200_000, `the file is small (${huge.length} bytes)`);
    const error = await rejection(pdf(huge));
    assert.equal(error.failure, 'tooLarge');
    assert.equal(error.message, `The PDF was not read: one of its images has 64,000,000 pixels, more than the 50,000,000 an image may have, so decoding it could exhaust memory.`);
    assert.equal(PDF_JS_BOUNDS.maxImageSize, PDF_LIMITS.maxImagePixels, 'pdf.js\'s option says the same bound');
    const byReference = await rejection(pdf(imagePdf(8000, 8000, { sizeByReference: true })));
    assert.equal(byReference.message, error.message, 'a size given by reference is looked up');
    assert.match((await pdf(imagePdf(200, 200))).visibleText, /Caption under the picture/);
    assert.match((await pdf(imagePdf(200, 200, { sizeByReference: true }))).visibleText, /Caption under the picture/);
  });
});
