import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AttachmentKind } from './attachmentKind';
import { AttachmentExtractionError, type ExtractedText, type ExtractionFailure, type ExtractionLimits } from './extractedText';
import type { ExtractionInput } from './extractText';

export type ExtractionResult = ExtractedText & { readonly kind: AttachmentKind };

/** Reads the text of an attachment; the MCP room depends on this interface, so tests may run it in-thread. */
export interface AttachmentTextExtractor {
  extract(input: ExtractionInput, limits: ExtractionLimits, options?: { signal?: AbortSignal }): Promise<ExtractionResult>;
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

  extract(input: ExtractionInput, limits: ExtractionLimits, options: { signal?: AbortSignal } = {}): Promise<ExtractionResult> {
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
        void worker.terminate();
        outcome();
      };
      const fail = (failure: ExtractionFailure, message: string) => finish(() => reject(new AttachmentExtractionError(failure, message)));
      const timer = setTimeout(() => fail('timeout', `Reading the file took longer than ${Math.round(this.options.timeLimitMs / 1000)} s and was stopped.`), this.options.timeLimitMs);
      const onAbort = () => fail('timeout', 'Reading the file was cancelled.');
      options.signal?.addEventListener('abort', onAbort, { once: true });
      worker.once('message', (answer: { ok: true; result: ExtractionResult } | { ok: false; failure: ExtractionFailure; message: string }) => {
        if (answer.ok) finish(() => resolve(answer.result));
        else fail(answer.failure, answer.message);
      });
      worker.once('error', (error) => fail(/heap|memory/i.test(error.message) ? 'tooLarge' : 'corrupt', `The file could not be read (${error.message.slice(0, 200)}).`));
      worker.once('exit', (code) => fail('corrupt', `The attachment reader stopped unexpectedly (exit code ${code}).`));
      worker.postMessage({ input, limits });
    });
  }
}
