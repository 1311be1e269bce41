import { parentPort } from 'node:worker_threads';
import { AttachmentExtractionError, type ExtractionLimits } from './extractedText';
import { extractText, type ExtractionInput } from './extractText';

/**
 * The extraction worker's entry (its own bundle, dist/attachmentWorker.js): one request, one answer, then the
 * main thread ends it. Parsing PDFs and Word files is CPU work on untrusted bytes; here it cannot stall the
 * extension host's event loop, and a file that makes pdf.js spin is ended by the caller's time limit.
 */
export interface ExtractionRequest {
  readonly input: ExtractionInput;
  readonly limits: ExtractionLimits;
}

parentPort?.once('message', (request: ExtractionRequest) => {
  extractText(request.input, request.limits).then(
    (result) => parentPort?.postMessage({ ok: true, result }),
    (error: unknown) =>
      parentPort?.postMessage({
        ok: false,
        failure: error instanceof AttachmentExtractionError ? error.failure : 'corrupt',
        message: error instanceof AttachmentExtractionError ? error.message : `The file could not be read (${error instanceof Error ? error.message : String(error)}).`,
      }),
  );
});
