import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { UnreadableMessageError, doInGmailInstead, type MailUse } from '../unreadableMessage';
import type { ParsedMessage } from '../render';
import type { ComposeSource } from './composeSource';
import type { MessageReadRequest } from './mailProcessing';
import type { MailProcessor } from './mailProcessor';
import type { MailJob, MailWorkerAnswer } from './mailWorker';
import { rawFieldsOf } from './rawGmailMessage';

/** A mail that was still being processed when its time budget ran out; its worker was ended. */
export class MailTooSlowError extends UnreadableMessageError {
  constructor(subject: { readonly id: string; readonly use: MailUse }, budgetMs: number) {
    const limit = budgetMs >= 1000 ? `${Math.round(budgetMs / 1000)} s` : `${budgetMs} ms`;
    super(`Message ${subject.id} took too long to process safely (over ${limit}) and was stopped, so VS Code stays responsive; ${doInGmailInstead(subject.use)}.`);
    this.name = 'MailTooSlowError';
  }
}

export interface MailWorkerPoolOptions {
  /** Workers at most (default 2); each starts when a mail finds no idle one. */
  readonly maxWorkers?: number;
  /** Time one mail may take in a worker before the worker is ended (default 10 s, well above bench H1's slowest hostile shape). */
  readonly budgetMs?: number;
  /** A worker with nothing to do for this long is ended, giving its memory back (default 60 s). */
  readonly idleMs?: number;
  /** The heap of one worker (default 512 MB): a mail that needs more fails inside it, never in the host. */
  readonly maxHeapMb?: number;
  /** The worker's code (default: dist/mailWorker.js beside the bundle, or mailWorker.ts under tsx). */
  readonly workerFile?: string;
}

interface Job {
  readonly job: MailJob;
  readonly subject: { readonly id: string; readonly use: MailUse };
  readonly signal?: AbortSignal;
  resolve(value: unknown): void;
  reject(error: Error): void;
  onAbort?: () => void;
}

interface PoolWorker {
  readonly worker: Worker;
  ready: boolean;
  running?: { readonly jobId: number; readonly job: Job; readonly timer: NodeJS.Timeout };
  idleTimer?: NodeJS.Timeout;
}

/**
 * Where the worker's code is: dist/mailWorker.js beside the bundle (its own esbuild entry), or the TypeScript
 * source when running from src under tsx.
 */
function defaultWorkerFile(): string {
  for (const name of ['mailWorker.js', 'mailWorker.ts']) {
    const file = join(__dirname, name);
    if (existsSync(file)) return file;
  }
  throw new UnreadableMessageError('The mail reader is missing from this installation (mailWorker.js); reinstall the extension.');
}

/**
 * The extension's MailProcessor: mail is parsed and guarded in worker threads, one mail per worker at a time, so
 * the extension host only copies the request over and the guarded result back. Each mail has a time budget; past
 * it the worker is terminated (the only way to stop a regex or a parser in the middle) and the call gets
 * MailTooSlowError; a worker that dies (out of its heap) fails its mail the same way. Either way the next mail
 * gets a fresh worker.
 */
export class MailWorkerPool implements MailProcessor {
  private readonly workers = new Set<PoolWorker>();
  private readonly queue: Job[] = [];
  private nextJobId = 1;
  private readonly maxWorkers: number;
  /** The time budget of one mail; a change applies to mail handed to a worker after it. */
  budgetMs: number;
  private readonly idleMs: number;

  constructor(private readonly options: MailWorkerPoolOptions = {}) {
    this.maxWorkers = Math.max(1, options.maxWorkers ?? 2);
    this.budgetMs = options.budgetMs ?? 10_000;
    this.idleMs = options.idleMs ?? 60_000;
  }

  /** Workers running now (started, busy or idle): for tests and benchmarks. */
  get workerCount(): number {
    return this.workers.size;
  }

  async readMessage(request: MessageReadRequest, options: { readonly signal?: AbortSignal } = {}): Promise<ParsedMessage> {
    const message = rawFieldsOf(request.message);
    return (await this.submit({ kind: 'read', request: { ...request, message } }, { id: message.id ?? '?', use: 'read' }, options.signal)) as ParsedMessage;
  }

  async htmlText(html: string, options: { readonly signal?: AbortSignal } = {}): Promise<string> {
    return (await this.submit({ kind: 'htmlText', html }, { id: '(HTML)', use: 'read' }, options.signal)) as string;
  }

  async openForCompose(raw: Buffer, subject: { readonly id: string; readonly use: MailUse }, options: { readonly signal?: AbortSignal } = {}): Promise<ComposeSource> {
    const source = (await this.submit({ kind: 'compose', raw, subject }, subject, options.signal)) as ComposeSource;
    // Buffers arrive as Uint8Arrays; the message builders want Buffers (a view of the same memory, no copy).
    return { ...source, attachments: source.attachments.map((a) => ({ ...a, content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength) })) };
  }

  /**
   * Starts a worker ahead of the first mail, so the first read does not wait for the worker's code to load (that
   * load runs on the worker's thread, not the caller's).
   */
  warm(): void {
    if (this.workers.size === 0) this.spawn();
  }

  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) this.settle(job, () => job.reject(new Error('The mail reader was stopped.')));
    await Promise.all([...this.workers].map((w) => this.retire(w, new Error('The mail reader was stopped.'))));
  }

  private submit(job: MailJob, subject: Job['subject'], signal?: AbortSignal): Promise<unknown> {
    signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const entry: Job = { job, subject, signal, resolve, reject };
      if (signal) {
        entry.onAbort = () => this.abort(entry);
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      this.queue.push(entry);
      this.dispatch();
    });
  }

  /** Hands queued mail to idle ready workers, and starts a worker when mail waits and there is room for one. */
  private dispatch(): void {
    for (const w of this.workers) {
      if (this.queue.length === 0) return;
      if (w.ready && !w.running) this.start(w, this.queue.shift() as Job);
    }
    const starting = [...this.workers].filter((w) => !w.ready).length;
    if (this.queue.length > starting && this.workers.size < this.maxWorkers) this.spawn();
  }

  private start(w: PoolWorker, job: Job): void {
    clearTimeout(w.idleTimer);
    const jobId = this.nextJobId++;
    const timer = setTimeout(() => void this.retire(w, new MailTooSlowError(job.subject, this.budgetMs)), this.budgetMs);
    w.running = { jobId, job, timer };
    w.worker.ref();
    w.worker.postMessage({ jobId, job: job.job });
  }

  private spawn(): void {
    const file = this.options.workerFile ?? defaultWorkerFile();
    const resourceLimits = { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 512 };
    // From source (tests, the standalone server under tsx) the worker registers tsx's loader before the entry.
    const worker = file.endsWith('.ts')
      ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(file)});`, { eval: true, resourceLimits })
      : new Worker(file, { resourceLimits });
    const w: PoolWorker = { worker, ready: false };
    this.workers.add(w);
    worker.on('message', (answer: MailWorkerAnswer) => this.answered(w, answer));
    worker.on('error', (error) => void this.retire(w, this.crashError(w, error)));
    worker.on('exit', () => void this.retire(w, this.crashError(w)));
  }

  private answered(w: PoolWorker, answer: MailWorkerAnswer): void {
    if ('ready' in answer) {
      w.ready = true;
    } else if (w.running && w.running.jobId === answer.jobId) {
      const { job, timer } = w.running;
      clearTimeout(timer);
      w.running = undefined;
      if (answer.ok) this.settle(job, () => job.resolve(answer.value));
      else this.settle(job, () => job.reject(rebuiltError(answer.error)));
    }
    if (!w.running) {
      // An idle worker never keeps the process alive (tests, the standalone server, VS Code shutting down).
      w.worker.unref();
      clearTimeout(w.idleTimer);
      w.idleTimer = setTimeout(() => void this.retire(w), this.idleMs);
      w.idleTimer.unref();
    }
    this.dispatch();
  }

  /** Ends a worker; the mail it was working on, if any, fails with `error`. Mail still queued goes to the others. */
  private async retire(w: PoolWorker, error?: Error): Promise<void> {
    if (!this.workers.delete(w)) return;
    clearTimeout(w.idleTimer);
    const running = w.running;
    w.running = undefined;
    if (running) {
      clearTimeout(running.timer);
      this.settle(running.job, () => running.job.reject(error ?? new Error('The mail reader stopped.')));
    }
    if (!w.ready && error) {
      // It died before it could take any mail (its code is missing or broken): starting another would fail the
      // same way, so the mail waiting for it fails now.
      const failure = new UnreadableMessageError(`The mail reader could not start (${error.message.slice(0, 200)}); reinstall the extension, or open the mail in Gmail.`);
      for (const job of this.queue.splice(0)) this.settle(job, () => job.reject(failure));
    }
    this.dispatch();
    await w.worker.terminate();
  }

  private crashError(w: PoolWorker, error?: Error): Error {
    const subject = w.running?.job.subject;
    const what = subject ? `Message ${subject.id}` : 'A message';
    const why = error && /heap|memory/i.test(`${error.message} ${(error as { code?: string }).code ?? ''}`) ? 'needs more memory than one mail may use' : 'stopped the mail reader';
    return new UnreadableMessageError(`${what} could not be processed safely (it ${why}); ${doInGmailInstead(subject?.use)}.`);
  }

  private abort(job: Job): void {
    const reason = job.signal?.reason instanceof Error ? job.signal.reason : new Error('The call was cancelled.');
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(job, () => job.reject(reason));
      return;
    }
    for (const w of this.workers) if (w.running?.job === job) void this.retire(w, reason);
  }

  private settle(job: Job, outcome: () => void): void {
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    outcome();
  }
}

/** The worker's error as the host's own class, so the tools map it the same way (UnreadableMessageError: a clear message). */
function rebuiltError(error: { readonly name: string; readonly message: string }): Error {
  if (error.name === 'UnreadableMessageError') return new UnreadableMessageError(error.message);
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}
