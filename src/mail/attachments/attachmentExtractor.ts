import { bulkhead, BulkheadRejectedError, TaskCancelledError, type BulkheadPolicy } from 'cockatiel';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DetectionContext } from '../../guard/injection';
import { AttachmentExtractionError, type ExtractionFailure, type ExtractionLimits } from './extractedText';
import type { ExtractionInput } from './extractText';
import type { AttachmentReading } from './guardedAttachment';

export type ExtractionResult = AttachmentReading;

/**
 * Reads the text of an attachment and guards it (guardedAttachment.ts); with a detection context the result carries
 * the detector's findings. The MCP room depends on this interface, so tests may run it in-thread.
 */
export interface AttachmentTextExtractor {
  extract(input: ExtractionInput, limits: ExtractionLimits, options?: { signal?: AbortSignal; detection?: DetectionContext }): Promise<ExtractionResult>;
}

/**
 * Where the worker's code is: beside the extension bundle (dist/attachmentWorker.js, its own esbuild entry, so
 * pdf.js and mammoth never load with the extension), or the TypeScript source when running from src under tsx.
 */
function workerFile(): string {
  for (const name of ['attachmentWorker.js', 'extractionWorker.ts']) {
    const file = join(__dirname, name);
    if (existsSync(file)) return file;
  }
  throw new AttachmentExtractionError('unsupported', 'The attachment reader is missing from this installation (attachmentWorker.js).');
}

/**
 * One worker_threads worker per extraction, ended when it answers, when the time limit passes or when the call
 * is cancelled: a file that hangs the parser costs its worker, never the extension host. The worker's heap is
 * capped too, so a decompression bomb fails inside it.
 */
export class WorkerAttachmentExtractor implements AttachmentTextExtractor {
  constructor(private readonly options: { timeLimitMs: number; maxHeapMb?: number } = { timeLimitMs: 20_000 }) {}

  extract(input: ExtractionInput, limits: ExtractionLimits, options: { signal?: AbortSignal; detection?: DetectionContext } = {}): Promise<ExtractionResult> {
    return new Promise((resolve, reject) => {
      const file = workerFile();
      const resourceLimits = { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 512 };
      // From source (tests, the standalone server under tsx) the worker registers tsx's loader before the entry.
      const worker = file.endsWith('.ts')
        ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(file)});`, { eval: true, resourceLimits })
        : new Worker(file, { resourceLimits });
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        // Settled once the worker is gone, so a bounded caller starts the next one only after its memory is freed.
        void worker.terminate().finally(outcome);
      };
      const fail = (failure: ExtractionFailure, message: string) => finish(() => reject(new AttachmentExtractionError(failure, message)));
      const timer = setTimeout(() => fail('timeout', `Reading the file took longer than ${Math.round(this.options.timeLimitMs / 1000)} s and was stopped.`), this.options.timeLimitMs);
      const onAbort = () => fail('timeout', 'Reading the file was cancelled.');
      options.signal?.addEventListener('abort', onAbort, { once: true });
      worker.once('message', (answer: { ok: true; result: ExtractionResult } | { ok: false; failure: ExtractionFailure; message: string }) => {
        if (answer.ok) finish(() => resolve(answer.result));
        else fail(answer.failure, answer.message);
      });
      worker.once('error', (error: Error & { code?: string }) => (error.code === 'ERR_WORKER_OUT_OF_MEMORY' || /heap|memory/i.test(error.message) ? fail('tooLarge', `The file needs more memory to read than an attachment may use (${this.options.maxHeapMb ?? 512} MB); its reader was stopped. Open it in Gmail instead.`) : fail('corrupt', `The file could not be read (${error.message.slice(0, 200)}).`)));
      worker.once('exit', (code) => fail('corrupt', `The attachment reader stopped unexpectedly (exit code ${code}).`));
      worker.postMessage({ input, limits, ...(options.detection ? { detection: options.detection } : {}) });
    });
  }
}

/**
 * Another extractor, at most `maxConcurrent` files at a time (default 2) and `maxWaiting` waiting (default 16; past
 * it a call is refused at once). Each WorkerAttachmentExtractor call is a worker that may grow to its heap cap (and
 * pdf.js's typed arrays, outside the heap, beside it), so a burst of attachment reads adds a bounded amount of
 * memory, not one worker per file.
 */
export class BoundedAttachmentExtractor implements AttachmentTextExtractor {
  private readonly slots: BulkheadPolicy;
  private running = 0;
  private peak = 0;

  constructor(
    private readonly inner: AttachmentTextExtractor,
    options: { readonly maxConcurrent?: number; readonly maxWaiting?: number } = {},
  ) {
    this.slots = bulkhead(Math.max(1, options.maxConcurrent ?? 2), Math.max(0, options.maxWaiting ?? 16));
  }

  /** Most files read at once so far: for tests and benchmarks. */
  get peakConcurrent(): number {
    return this.peak;
  }

  async extract(...[input, limits, options]: Parameters<AttachmentTextExtractor['extract']>): Promise<ExtractionResult> {
    try {
      return await this.slots.execute(async () => {
        this.peak = Math.max(this.peak, ++this.running);
        try {
          return await this.inner.extract(input, limits, options);
        } finally {
          this.running -= 1;
        }
      }, options?.signal);
    } catch (error) {
      if (error instanceof BulkheadRejectedError) {
        throw new AttachmentExtractionError('timeout', 'Too many attachments are being read at once; read this one again when the others have finished.');
      }
      if (error instanceof TaskCancelledError) throw new AttachmentExtractionError('timeout', 'Reading the file was cancelled.');
      throw error;
    }
  }
}
