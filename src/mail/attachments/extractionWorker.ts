import { parentPort } from 'node:worker_threads';
import { AttachmentExtractionError } from './extractedText';
import { readAttachment, type AttachmentReadRequest } from './guardedAttachment';

/**
 * The extraction worker's entry (its own bundle, dist/attachmentWorker.js): one request, one answer, then the
 * main thread ends it. Parsing PDFs and Word files, withholding their hidden text and running the injection
 * detector on the rest is CPU work on untrusted bytes; here it cannot stall the extension host's event loop, and a
 * file that makes pdf.js spin is ended by the caller's time limit.
 */
parentPort?.once('message', (request: AttachmentReadRequest) => {
  readAttachment(request).then(
    (result) => parentPort?.postMessage({ ok: true, result }),
    (error: unknown) =>
      parentPort?.postMessage({
        ok: false,
        failure: error instanceof AttachmentExtractionError ? error.failure : 'corrupt',
        message: error instanceof AttachmentExtractionError ? error.message : `The file could not be read (${error instanceof Error ? error.message : String(error)}).`,
      }),
  );
});
