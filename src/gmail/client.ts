import * as http from 'node:http';
import * as https from 'node:https';
import { gmail, type gmail_v1 } from '@googleapis/gmail';
import { bulkhead, type BulkheadPolicy, type RetryPolicy } from 'cockatiel';
import { LRUCache } from 'lru-cache';
import { GOOGLE_ENDPOINTS, type GoogleEndpoints } from './endpoints';
import { GmailApiError, toGmailError } from './errors';
import { QuotaLimiter, type GmailMethod, type QuotaOptions } from './quota';
import { createRetryPolicy, type RetryOptions } from './retryPolicy';
import type { TokenSource } from './tokenSource';

export type MessageFormat = 'raw' | 'full' | 'metadata' | 'minimal';
export type ThreadFormat = 'full' | 'metadata' | 'minimal';

export interface SearchParams {
  /** Gmail search syntax, as typed in Gmail's search box. */
  readonly query?: string;
  readonly labelIds?: readonly string[];
  readonly maxResults?: number;
  readonly pageToken?: string;
  readonly includeSpamTrash?: boolean;
}

/** One search hit: ids, labels, snippet and the headers a listing needs (lower-case names). */
export interface MessageSummary {
  readonly id: string;
  readonly threadId: string;
  readonly labelIds: readonly string[];
  readonly snippet: string;
  /** Milliseconds since the epoch, when Gmail received the message. */
  readonly internalDate?: number;
  readonly sizeEstimate?: number;
  readonly headers: Readonly<Record<string, string>>;
}

export interface SearchResult {
  readonly messages: readonly MessageSummary[];
  readonly nextPageToken?: string;
  readonly resultSizeEstimate?: number;
}

export interface AttachmentData {
  readonly data: Buffer;
  readonly size: number;
}

export interface CallOptions {
  /** Aborts waiting and the request (e.g. when the MCP client cancels the tool call). */
  readonly signal?: AbortSignal;
}

/**
 * What the read tools need from Gmail. The MCP room depends on this interface only, so its tests pass a
 * fake of our own service instead of mocking Google.
 */
export interface GmailReader {
  getProfile(options?: CallOptions): Promise<gmail_v1.Schema$Profile>;
  searchMessages(params: SearchParams, options?: CallOptions): Promise<SearchResult>;
  getMessage(id: string, format: MessageFormat, options?: CallOptions): Promise<gmail_v1.Schema$Message>;
  getThread(id: string, format?: ThreadFormat, options?: CallOptions): Promise<gmail_v1.Schema$Thread>;
  listLabels(options?: CallOptions): Promise<gmail_v1.Schema$Label[]>;
  getAttachment(messageId: string, attachmentId: string, options?: CallOptions): Promise<AttachmentData>;
}

export interface GmailClientOptions {
  readonly tokenSource: TokenSource;
  /** Defaults to Google's own endpoints; tests point it at the fake Google. */
  readonly endpoints?: GoogleEndpoints;
  /** Per-user quota budget (default 250 units a second). */
  readonly quota?: QuotaOptions;
  /** Requests in flight at once for this account (default 8); more wait in a queue. */
  readonly maxConcurrency?: number;
  readonly retry?: RetryOptions;
  /** Bytes of immutable message content kept in memory (default 32 MiB). */
  readonly cacheMaxBytes?: number;
  /** Per-request timeout (default 30 s). */
  readonly requestTimeoutMs?: number;
}

/** Headers a listing shows; asked for by name so Gmail sends nothing else. */
export const LISTING_HEADERS = ['From', 'To', 'Cc', 'Date', 'Subject'] as const;

const METADATA_FIELDS = 'id,threadId,labelIds,snippet,internalDate,sizeEstimate,payload/headers';
const CONTENT_FIELDS: Record<'raw' | 'full', string> = {
  raw: 'id,threadId,snippet,internalDate,sizeEstimate,historyId,raw',
  full: 'id,threadId,snippet,internalDate,sizeEstimate,historyId,payload',
};
const MAX_QUEUED_CALLS = 10_000;

/**
 * The Gmail API for one account, typed, paced and cached. Every request: a bulkhead slot (bounded
 * concurrency) -> quota units from the limiter -> a fresh access token -> the request on a keep-alive
 * connection, with retries (backoff + jitter, Retry-After honoured) for idempotent reads.
 *
 * Auth is a per-request Authorization header built from the TokenSource rather than an OAuth2Client with
 * a refreshHandler: the TokenSource already owns freshness, and an OAuth2Client would need an invented
 * expiry and would retry 401s with the same token. The header exists only in the request options.
 */
export class GmailClient implements GmailReader {
  private readonly api: gmail_v1.Gmail;
  private readonly tokenSource: TokenSource;
  private readonly limiter: QuotaLimiter;
  private readonly concurrency: BulkheadPolicy;
  private readonly readRetry: RetryPolicy;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly timeoutMs: number;
  /** Message content never changes once delivered; labels do, so they are never cached. */
  private readonly contentCache: LRUCache<string, gmail_v1.Schema$Message>;
  private readonly userId = 'me';

  constructor(options: GmailClientOptions) {
    const endpoints = options.endpoints ?? GOOGLE_ENDPOINTS;
    const maxConcurrency = options.maxConcurrency ?? 8;
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) {
      throw new RangeError(`maxConcurrency must be a positive integer, got ${maxConcurrency}`);
    }
    this.tokenSource = options.tokenSource;
    this.limiter = new QuotaLimiter(options.quota);
    this.concurrency = bulkhead(maxConcurrency, MAX_QUEUED_CALLS);
    this.readRetry = createRetryPolicy(options.retry);
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: maxConcurrency });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: maxConcurrency });
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.contentCache = new LRUCache({
      maxSize: options.cacheMaxBytes ?? 32 * 1024 * 1024,
      sizeCalculation: (m) => Math.max(1, (m.raw?.length ?? 0) + JSON.stringify(m.payload ?? null).length),
    });
    this.api = gmail({ version: 'v1', rootUrl: endpoints.gmailRootUrl });
  }

  async getProfile(options?: CallOptions): Promise<gmail_v1.Schema$Profile> {
    return this.read('users.getProfile', undefined, options, (o) => this.api.users.getProfile({ userId: this.userId }, o));
  }

  async searchMessages(params: SearchParams, options?: CallOptions): Promise<SearchResult> {
    const list = await this.read('messages.list', undefined, options, (o) =>
      this.api.users.messages.list(
        {
          userId: this.userId,
          q: params.query || undefined,
          labelIds: params.labelIds?.length ? [...params.labelIds] : undefined,
          maxResults: params.maxResults,
          pageToken: params.pageToken || undefined,
          includeSpamTrash: params.includeSpamTrash ?? false,
          fields: 'messages(id,threadId),nextPageToken,resultSizeEstimate',
        },
        o,
      ),
    );
    const ids = (list.messages ?? []).map((m) => m.id).filter((id): id is string => typeof id === 'string');
    // Fan-out: every get waits for a bulkhead slot and its quota units, so 50 hits go out paced, not at once.
    const messages = await Promise.all(
      ids.map(async (id) => {
        const m = await this.read('messages.get', `message ${id}`, options, (o) =>
          this.api.users.messages.get(
            { userId: this.userId, id, format: 'metadata', metadataHeaders: [...LISTING_HEADERS], fields: METADATA_FIELDS },
            o,
          ),
        );
        return messageSummaryOf(m);
      }),
    );
    return {
      messages,
      nextPageToken: list.nextPageToken ?? undefined,
      resultSizeEstimate: list.resultSizeEstimate ?? undefined,
    };
  }

  async getMessage(id: string, format: MessageFormat, options?: CallOptions): Promise<gmail_v1.Schema$Message> {
    const resource = `message ${id}`;
    if (format === 'metadata' || format === 'minimal') {
      return this.read('messages.get', resource, options, (o) =>
        this.api.users.messages.get(
          {
            userId: this.userId,
            id,
            format,
            metadataHeaders: format === 'metadata' ? [...LISTING_HEADERS] : undefined,
            fields: format === 'metadata' ? METADATA_FIELDS : 'id,threadId,labelIds,snippet,internalDate,sizeEstimate',
          },
          o,
        ),
      );
    }
    const key = `${id}:${format}`;
    const cached = this.contentCache.get(key);
    if (cached) {
      // Labels change (read, archived, starred): re-read them with the cheapest call.
      const fresh = await this.read('messages.get', resource, options, (o) =>
        this.api.users.messages.get({ userId: this.userId, id, format: 'minimal', fields: 'id,threadId,labelIds' }, o),
      );
      return { ...cached, labelIds: fresh.labelIds ?? [] };
    }
    const message = await this.read('messages.get', resource, options, (o) =>
      this.api.users.messages.get({ userId: this.userId, id, format, fields: `${CONTENT_FIELDS[format]},labelIds` }, o),
    );
    const { labelIds, ...content } = message;
    this.contentCache.set(key, content);
    return { ...content, labelIds: labelIds ?? [] };
  }

  async getThread(id: string, format: ThreadFormat = 'metadata', options?: CallOptions): Promise<gmail_v1.Schema$Thread> {
    return this.read('threads.get', `thread ${id}`, options, (o) =>
      this.api.users.threads.get(
        {
          userId: this.userId,
          id,
          format,
          metadataHeaders: format === 'metadata' ? [...LISTING_HEADERS] : undefined,
          fields: format === 'full' ? undefined : `id,historyId,messages(${METADATA_FIELDS})`,
        },
        o,
      ),
    );
  }

  async listLabels(options?: CallOptions): Promise<gmail_v1.Schema$Label[]> {
    const res = await this.read('labels.list', undefined, options, (o) =>
      this.api.users.labels.list({ userId: this.userId, fields: 'labels(id,name,type)' }, o),
    );
    return res.labels ?? [];
  }

  async getAttachment(messageId: string, attachmentId: string, options?: CallOptions): Promise<AttachmentData> {
    const res = await this.read('messages.attachments.get', `attachment of message ${messageId}`, options, (o) =>
      this.api.users.messages.attachments.get({ userId: this.userId, messageId, id: attachmentId }, o),
    );
    const data = Buffer.from(res.data ?? '', 'base64url');
    return { data, size: res.size ?? data.length };
  }

  /** Releases pooled connections; in-flight calls finish first. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
    this.contentCache.clear();
  }

  /** An idempotent read: retried on transient failures. */
  private read<T>(
    method: GmailMethod,
    resource: string | undefined,
    options: CallOptions | undefined,
    call: (requestOptions: RequestOptions) => Promise<{ data: T }>,
  ): Promise<T> {
    return this.readRetry.execute(() => this.once(method, resource, options, call), options?.signal);
  }

  /** One request: a concurrency slot, its quota units, a token, the call; errors mapped and token-free. */
  private once<T>(
    method: GmailMethod,
    resource: string | undefined,
    options: CallOptions | undefined,
    call: (requestOptions: RequestOptions) => Promise<{ data: T }>,
  ): Promise<T> {
    return this.concurrency.execute(async () => {
      try {
        await this.limiter.spend(method);
        options?.signal?.throwIfAborted();
        const send = async (token: string) =>
          (
            await call({
              headers: { Authorization: `Bearer ${token}` },
              retry: false,
              timeout: this.timeoutMs,
              agent: (url: URL) => (url.protocol === 'http:' ? this.httpAgent : this.httpsAgent),
              signal: options?.signal,
            })
          ).data;
        const token = await this.tokenSource.getAccessToken();
        try {
          return await send(token);
        } catch (error) {
          // Google can end an access token before its expiry (password change, security event): a 401 was
          // refused before any processing, so one retry with a freshly refreshed token is safe for any method.
          if (httpStatusOf(error) !== 401 || !this.tokenSource.invalidate) throw error;
          this.tokenSource.invalidate(token);
          return await send(await this.tokenSource.getAccessToken());
        }
      } catch (error) {
        if (options?.signal?.aborted) {
          throw new GmailApiError({ kind: 'unknown', message: `Gmail call ${method} was cancelled.` });
        }
        throw toGmailError(error, { method, resource });
      }
    }, options?.signal);
  }
}

function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { response?: { status?: unknown }; status?: unknown })?.response?.status ?? (error as { status?: unknown })?.status;
  return typeof status === 'number' ? status : undefined;
}

interface RequestOptions {
  headers: Record<string, string>;
  retry: false;
  timeout: number;
  agent: (url: URL) => http.Agent;
  signal?: AbortSignal;
}

/** The listing view of a message fetched with format=metadata (also used for thread members). */
export function messageSummaryOf(m: gmail_v1.Schema$Message): MessageSummary {
  const headers: Record<string, string> = {};
  for (const h of m.payload?.headers ?? []) {
    if (h.name && typeof h.value === 'string') {
      const name = h.name.toLowerCase();
      // The first occurrence wins, as in mail clients (a forged second From: must not replace the real one).
      if (!(name in headers)) headers[name] = h.value;
    }
  }
  const internalDate = m.internalDate ? Number(m.internalDate) : undefined;
  return {
    id: m.id ?? '',
    threadId: m.threadId ?? '',
    labelIds: m.labelIds ?? [],
    snippet: m.snippet ?? '',
    internalDate: Number.isFinite(internalDate) ? internalDate : undefined,
    sizeEstimate: m.sizeEstimate ?? undefined,
    headers,
  };
}
