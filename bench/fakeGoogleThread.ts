/**
 * The fake Google in a worker thread of its own, for benchmarks that measure the event loop of the process that
 * calls it (H1): in the extension the Gmail API is on another machine, so the fake's own work (encoding megabytes of
 * raw mail, building metadata) must not be counted as the extension host's. The thread builds the fake from a module
 * that exports `messages()` (raw RFC 5322 messages) and answers with what the caller needs of it.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { GoogleEndpoints } from '../src/gmail/endpoints';
import { createFakeGoogle, DEFAULT_ACCOUNT, type FakeGoogle, type OAuthClient, type QuotaSettings } from '../test/fakeGoogle';

interface ThreadOptions {
  /** A module whose `messages()` returns the mailbox (Buffers cannot be handed to a thread as functions). */
  readonly messagesModule: string;
  readonly latencyMs: number;
  readonly quota: Partial<QuotaSettings>;
}

export interface StoredMessage {
  readonly id: string;
  readonly threadId: string;
  readonly subject: string;
  readonly raw: Buffer;
}

interface Ready {
  readonly baseUrl: string;
  readonly endpoints: GoogleEndpoints;
  readonly client: OAuthClient;
  readonly accounts: readonly string[];
  readonly messages: ReadonlyArray<Omit<StoredMessage, 'raw'> & { raw: Uint8Array }>;
}

export interface FakeGoogleThread {
  /** Enough of FakeGoogle for signInToFake (the thread's fake consents on its own). */
  readonly fake: Pick<FakeGoogle, 'baseUrl' | 'endpoints' | 'client' | 'accounts' | 'settings'>;
  readonly messages: readonly StoredMessage[];
  close(): Promise<void>;
}

export async function startFakeGoogleThread(options: ThreadOptions): Promise<FakeGoogleThread> {
  const worker = new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(__filename)});`, { eval: true, workerData: options });
  const ready = await new Promise<Ready>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    fake: { ...ready, settings: { autoConsent: true } as FakeGoogle['settings'] },
    messages: ready.messages.map((m) => ({ ...m, raw: Buffer.from(m.raw.buffer, m.raw.byteOffset, m.raw.byteLength) })),
    close: async () => {
      await worker.terminate();
    },
  };
}

async function serve(options: ThreadOptions): Promise<void> {
  // require, not import(): the thread registered tsx's CommonJS loader only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { messages } = require(options.messagesModule) as { messages(): Buffer[] };
  const fake = await createFakeGoogle({ accounts: [{ address: DEFAULT_ACCOUNT, messages: messages() }], latencyMs: options.latencyMs, quota: options.quota });
  fake.settings.autoConsent = true;
  const stored = fake.mailbox().allMessages().map((m) => ({ id: m.id, threadId: m.threadId, subject: m.normalizedSubject, raw: new Uint8Array(m.raw) }));
  parentPort?.postMessage({ baseUrl: fake.baseUrl, endpoints: fake.endpoints, client: fake.client, accounts: fake.accounts, messages: stored } satisfies Ready);
}

if (!isMainThread && (workerData as ThreadOptions | undefined)?.messagesModule) void serve(workerData as ThreadOptions);
