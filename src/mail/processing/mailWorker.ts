import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { MailUse } from '../unreadableMessage';
import { sanitizeHtml } from '../visibility/sanitize';
import { openForCompose, readGuardedMessage, type MessageReadRequest } from './mailProcessing';

/**
 * The mail worker's entry (its own bundle, dist/mailWorker.js): it parses and guards one mail at a time for
 * MailWorkerPool and answers with the guarded result only. It says 'ready' once its code is loaded, so the pool's
 * time budget counts the work on a mail, not the worker's start.
 */
export type MailJob =
  | { readonly kind: 'read'; readonly request: MessageReadRequest }
  | { readonly kind: 'compose'; readonly raw: Uint8Array; readonly subject: { readonly id: string; readonly use: MailUse } }
  | { readonly kind: 'htmlText'; readonly html: string };

export type MailWorkerRequest = { readonly jobId: number; readonly job: MailJob };

export type MailWorkerAnswer =
  | { readonly ready: true }
  | { readonly jobId: number; readonly ok: true; readonly value: unknown }
  | { readonly jobId: number; readonly ok: false; readonly error: { readonly name: string; readonly message: string } };

function run(job: MailJob): Promise<unknown> {
  if (job.kind === 'read') return readGuardedMessage(job.request);
  if (job.kind === 'htmlText') return Promise.resolve(sanitizeHtml(job.html).text);
  return openForCompose(Buffer.from(job.raw.buffer, job.raw.byteOffset, job.raw.byteLength), job.subject);
}

/**
 * On Linux the nice value belongs to the thread (setpriority(2), "Linux/NPTL": per-thread), so this thread gives way
 * to the extension host's own when both want the CPU: parsing a hostile mail slows down, the host does not. Elsewhere
 * the same call would lower the whole extension host, so it is left alone there.
 */
function yieldToTheHost(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(10);
  } catch {
    // Not allowed (a sandbox): the worker runs at the host's priority, as it would elsewhere.
  }
}

const port = parentPort;
if (port) {
  yieldToTheHost();
  port.on('message', ({ jobId, job }: MailWorkerRequest) => {
    run(job).then(
      (value) => port.postMessage({ jobId, ok: true, value } satisfies MailWorkerAnswer),
      (error: unknown) =>
        port.postMessage({
          jobId,
          ok: false,
          error: error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) },
        } satisfies MailWorkerAnswer),
    );
  });
  port.postMessage({ ready: true } satisfies MailWorkerAnswer);
}
