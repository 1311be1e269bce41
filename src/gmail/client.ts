import * as http from 'node:http';
import * as https from 'node:https';
import { Readable } from 'node:stream';
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
  /**
   * 'raw': each hit comes with its raw message (format=raw, the same 5 quota units a hit as format=metadata),
   * so a listing can show the visible text instead of Gmail's snippet, which is built from hidden elements
   * too. The raw message is kept in the client's content cache for a following read. Every hit's raw message is
   * held at once until the result is returned, so a caller that reads many hits asks for 'ids' instead.
   * 'ids': the hits' ids and threads alone (messages.list, no call per hit): the caller fetches each hit itself, as
   * many at a time as it can hold (search_messages). Default 'metadata'.
   */
  readonly content?: 'metadata' | 'raw' | 'ids';
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
  /** The raw message (base64url), when the search asked for content 'raw'; headers are then empty. */
  readonly raw?: string;
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

export interface LabelListOptions extends CallOptions {
  /**
   * Accept a list this client read at most this long ago (default 0: read now). For showing label names,
   * where a rename made in Gmail a minute ago may show late; never for resolving names the user typed.
   */
  readonly maxAgeMs?: number;
}

/**
 * What the read tools need from Gmail. The MCP room depends on this interface only, so its tests pass a
 * fake of our own service instead of mocking Google.
 */
export interface GmailReader {
  getProfile(options?: CallOptions): Promise<gmail_v1.Schema$Profile>;
  /** users.settings.sendAs.list (gmail.readonly allows it): the primary address and the aliases, verified or not. */
  listSendAs(options?: CallOptions): Promise<gmail_v1.Schema$SendAs[]>;
  searchMessages(params: SearchParams, options?: CallOptions): Promise<SearchResult>;
  getMessage(id: string, format: MessageFormat, options?: CallOptions): Promise<gmail_v1.Schema$Message>;
  getThread(id: string, format?: ThreadFormat, options?: CallOptions): Promise<gmail_v1.Schema$Thread>;
  listLabels(options?: LabelListOptions): Promise<gmail_v1.Schema$Label[]>;
  getAttachment(messageId: string, attachmentId: string, options?: CallOptions): Promise<AttachmentData>;
}

/** A message Gmail created by a send: where it landed. */
export interface SentMessageRef {
  readonly id: string;
  readonly threadId: string;
  readonly labelIds: readonly string[];
}

export interface SendResult extends SentMessageRef {
  /** Requests that went out (2 when an ambiguous first attempt was found not sent and retried once). */
  readonly attempts: number;
  /** The send answer was lost (timeout, reset, 5xx) but the message was found in Sent by its Message-ID. */
  readonly recovered: boolean;
}

/** A raw RFC 5322 message ready to go; messageId is its Message-ID header, used to look for it in Sent. */
export interface OutgoingRaw {
  readonly raw: Buffer;
  /** `<id@host>`; undefined when the message has none (then an ambiguous failure is reported, never retried). */
  readonly messageId: string | undefined;
  /** The thread a reply joins. */
  readonly threadId?: string;
}

export interface DraftRef {
  readonly id: string;
  readonly message: SentMessageRef;
}

export interface DraftSummary {
  readonly id: string;
  readonly message: MessageSummary;
}

export interface DraftList {
  readonly drafts: readonly DraftSummary[];
  readonly nextPageToken?: string;
  readonly resultSizeEstimate?: number;
}

export interface ListDraftsParams {
  readonly query?: string;
  readonly maxResults?: number;
  readonly pageToken?: string;
}

/** Per-message outcome of a bulk change: Gmail may refuse some ids (deleted meanwhile) and accept the rest. */
export interface BulkChangeResult {
  readonly changed: readonly string[];
  readonly failed: ReadonlyArray<{ readonly id: string; readonly error: string }>;
}

/**
 * The write side. Sends are never retried blindly (see sendMessage); trash, untrash and label changes are
 * idempotent and retried like reads. No message is ever deleted permanently (gmail.modify cannot, and we never
 * ask for a scope that can); a draft can be (drafts.delete, which gmail.compose allows: drafts have no trash).
 */
export interface GmailWriter {
  sendMessage(message: OutgoingRaw, options?: CallOptions): Promise<SendResult>;
  createDraft(message: OutgoingRaw, options?: CallOptions): Promise<DraftRef>;
  updateDraft(draftId: string, message: OutgoingRaw, options?: CallOptions): Promise<DraftRef>;
  getDraft(draftId: string, format: 'raw' | 'metadata', options?: CallOptions): Promise<gmail_v1.Schema$Draft>;
  listDrafts(params: ListDraftsParams, options?: CallOptions): Promise<DraftList>;
  /** Sends the draft with exactly this content (drafts.send with the message), so what was approved is what goes. */
  sendDraft(draftId: string, message: OutgoingRaw, options?: CallOptions): Promise<SendResult>;
  /** drafts.delete: permanent. */
  deleteDraft(draftId: string, options?: CallOptions): Promise<void>;
  trashMessages(ids: readonly string[], options?: CallOptions): Promise<BulkChangeResult>;
  untrashMessages(ids: readonly string[], options?: CallOptions): Promise<BulkChangeResult>;
  modifyMessages(ids: readonly string[], add: readonly string[], remove: readonly string[], options?: CallOptions): Promise<BulkChangeResult>;
}

export type GmailService = GmailReader & GmailWriter;

export interface SendRecoveryOptions {
  /** Searches of Sent for the Message-ID after an ambiguous failure, before concluding it was not sent (default 3). */
  readonly lookups?: number;
  /** Wait between those searches, for Gmail's index to catch up (default 1500 ms). */
  readonly lookupDelayMs?: number;
}

export interface GmailClientOptions {
  readonly tokenSource: TokenSource;
  /** Defaults to Google's own endpoints; tests point it at the fake Google. */
  readonly endpoints?: GoogleEndpoints;
  /** The account's per-user quota (default Gmail's 6,000 units a minute for new projects: see quota.ts). */
  readonly quota?: QuotaOptions;
  /** Requests in flight at once for this account (default 8); more wait in a queue. */
  readonly maxConcurrency?: number;
  readonly retry?: RetryOptions;
  /** Bytes of immutable message content kept in memory (default 32 MiB). */
  readonly cacheMaxBytes?: number;
  /** Per-request timeout (default 30 s). */
  readonly requestTimeoutMs?: number;
  readonly sendRecovery?: SendRecoveryOptions;
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
 * connection, with retries (backoff + jitter, Retry-After honoured) for idempotent reads. Any rate-limit answer,
 * a send's included, slows the limiter for a while (quota.ts).
 *
 * Auth is a per-request Authorization header built from the TokenSource rather than an OAuth2Client with
 * a refreshHandler: the TokenSource already owns freshness, and an OAuth2Client would need an invented
 * expiry and would retry 401s with the same token. The header exists only in the request options.
 */
export class GmailClient implements GmailService {
  private readonly api: gmail_v1.Gmail;
  private readonly tokenSource: TokenSource;
  private readonly limiter: QuotaLimiter;
  private readonly concurrency: BulkheadPolicy;
  private readonly readRetry: RetryPolicy;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly timeoutMs: number;
  private readonly rootUrl: string;
  /** Message content never changes once delivered; labels do, so they are never cached. */
  private readonly contentCache: LRUCache<string, gmail_v1.Schema$Message>;
  /** The newest label list, for callers that accept one of a given age (label names shown with mail). */
  private lastLabelList: { readonly readAt: number; readonly labels: readonly gmail_v1.Schema$Label[] } | undefined;
  private readonly userId = 'me';
  private readonly sendRecovery: Required<SendRecoveryOptions>;

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
    this.rootUrl = endpoints.gmailRootUrl;
    this.sendRecovery = { lookups: 3, lookupDelayMs: 1500, ...options.sendRecovery };
    if (!Number.isInteger(this.sendRecovery.lookups) || this.sendRecovery.lookups < 1) {
      throw new RangeError(`sendRecovery.lookups must be a positive integer, got ${this.sendRecovery.lookups}`);
    }
  }

  async getProfile(options?: CallOptions): Promise<gmail_v1.Schema$Profile> {
    return this.read('users.getProfile', undefined, options, (o) => this.api.users.getProfile({ userId: this.userId }, o));
  }

  async listSendAs(options?: CallOptions): Promise<gmail_v1.Schema$SendAs[]> {
    const res = await this.read('settings.sendAs.list', undefined, options, (o) => this.api.users.settings.sendAs.list({ userId: this.userId }, o));
    return res.sendAs ?? [];
  }

  async searchMessages(params: SearchParams, options?: CallOptions): Promise<SearchResult> {
    const list = await this.read('messages.list', undefined, options, (o) =>
      this.api.users.messages.list(
        {
          userId: this.userId,
          q: params.query || undefined,
          labelIds: params.labelIds?.length ? [...params.labelIds] : undefined,
          maxResults: pageSize(params.maxResults),
          pageToken: params.pageToken || undefined,
          includeSpamTrash: params.includeSpamTrash ?? false,
          fields: 'messages(id,threadId),nextPageToken,resultSizeEstimate',
        },
        o,
      ),
    );
    const ids = (list.messages ?? []).map((m) => m.id).filter((id): id is string => typeof id === 'string');
    if (params.content === 'ids') {
      const threads = new Map((list.messages ?? []).map((m) => [m.id, m.threadId ?? '']));
      return {
        messages: ids.map((id) => ({ id, threadId: threads.get(id) ?? '', labelIds: [], snippet: '', headers: {} })),
        nextPageToken: list.nextPageToken ?? undefined,
        resultSizeEstimate: list.resultSizeEstimate ?? undefined,
      };
    }
    // Fan-out: every get waits for a bulkhead slot and its quota units, so 50 hits go out paced, not at once.
    const messages = await Promise.all(
      ids.map(async (id) => {
        if (params.content === 'raw') {
          const m = await this.getMessage(id, 'raw', options);
          return { ...messageSummaryOf(m), raw: m.raw ?? '' };
        }
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

  async listLabels(options?: LabelListOptions): Promise<gmail_v1.Schema$Label[]> {
    const maxAgeMs = options?.maxAgeMs ?? 0;
    if (maxAgeMs > 0 && this.lastLabelList && Date.now() - this.lastLabelList.readAt <= maxAgeMs) return [...this.lastLabelList.labels];
    const readAt = Date.now();
    const res = await this.read('labels.list', undefined, options, (o) =>
      this.api.users.labels.list({ userId: this.userId, fields: 'labels(id,name,type)' }, o),
    );
    const labels = res.labels ?? [];
    this.lastLabelList = { readAt, labels };
    return [...labels];
  }

  async getAttachment(messageId: string, attachmentId: string, options?: CallOptions): Promise<AttachmentData> {
    const res = await this.read('messages.attachments.get', `attachment of message ${messageId}`, options, (o) =>
      this.api.users.messages.attachments.get({ userId: this.userId, messageId, id: attachmentId }, o),
    );
    const data = Buffer.from(res.data ?? '', 'base64url');
    return { data, size: res.size ?? data.length };
  }

  /**
   * messages.send, never retried blindly. After an ambiguous failure (timeout, connection reset after the
   * request went out, 5xx, an unreadable answer) Gmail may or may not have sent the message, so Sent is searched
   * for its Message-ID first: found means it was sent (success, no duplicate); not found means one more attempt.
   */
  async sendMessage(message: OutgoingRaw, options?: CallOptions): Promise<SendResult> {
    return this.sendOnceOrRecover('messages.send', message, options, (o) =>
      this.api.users.messages.send(
        { userId: this.userId, ...messageBody(message, (m) => m), fields: 'id,threadId,labelIds' },
        o,
      ),
    );
  }

  /** drafts.send carrying the content, so an update of the draft after the approval cannot change what goes. */
  async sendDraft(draftId: string, message: OutgoingRaw, options?: CallOptions): Promise<SendResult> {
    return this.sendOnceOrRecover('drafts.send', message, options, (o) =>
      this.api.users.drafts.send(
        { userId: this.userId, ...messageBody(message, (m) => ({ id: draftId, message: m })), fields: 'id,threadId,labelIds' },
        o,
      ),
    );
  }

  /** Not retried: a second create after a lost answer would leave a duplicate draft. */
  async createDraft(message: OutgoingRaw, options?: CallOptions): Promise<DraftRef> {
    const draft = await this.once('drafts.create', undefined, options, (o) =>
      this.api.users.drafts.create(
        { userId: this.userId, ...messageBody(message, (m) => ({ message: m })) },
        o,
      ),
    );
    return draftRefOf(draft);
  }

  /** A PUT of the whole content: repeating it changes nothing, so it is retried like a read. */
  async updateDraft(draftId: string, message: OutgoingRaw, options?: CallOptions): Promise<DraftRef> {
    const draft = await this.read('drafts.update', `draft ${draftId}`, options, (o) =>
      this.api.users.drafts.update(
        { userId: this.userId, id: draftId, ...messageBody(message, (m) => ({ id: draftId, message: m })) },
        o,
      ),
    );
    return draftRefOf(draft);
  }

  async getDraft(draftId: string, format: 'raw' | 'metadata', options?: CallOptions): Promise<gmail_v1.Schema$Draft> {
    return this.read('drafts.get', `draft ${draftId}`, options, (o) => this.api.users.drafts.get({ userId: this.userId, id: draftId, format }, o));
  }

  /**
   * drafts.delete: gone for good (drafts have no trash; "Immediately and permanently deletes the specified draft",
   * developers.google.com/workspace/gmail/api/reference/rest/v1/users.drafts/delete). Retried like a read, since
   * deleting twice deletes once; but, as RFC 9110 §9.2.2 says of idempotent methods, the repeat's answer may
   * differ: when an attempt went unanswered (reset, timeout, 5xx), Gmail may have deleted the draft, and the
   * retry's 404 then means it is gone, which is what was asked. A 404 with no unanswered attempt before it is
   * still "no such draft". The maintainer's live smoke test uses this to clean up.
   */
  async deleteDraft(draftId: string, options?: CallOptions): Promise<void> {
    let earlierAttemptUnanswered = false;
    await this.readRetry.execute(async () => {
      try {
        await this.once('drafts.delete', `draft ${draftId}`, options, (o) => this.api.users.drafts.delete({ userId: this.userId, id: draftId }, o));
      } catch (error) {
        if (earlierAttemptUnanswered && error instanceof GmailApiError && error.kind === 'notFound') return;
        if (error instanceof GmailApiError && error.kind === 'unavailable') earlierAttemptUnanswered = true;
        throw error;
      }
    }, options?.signal);
  }

  async listDrafts(params: ListDraftsParams, options?: CallOptions): Promise<DraftList> {
    const list = await this.read('drafts.list', undefined, options, (o) =>
      this.api.users.drafts.list(
        { userId: this.userId, q: params.query || undefined, maxResults: pageSize(params.maxResults), pageToken: params.pageToken || undefined },
        o,
      ),
    );
    const ids = (list.drafts ?? []).map((d) => d.id).filter((id): id is string => typeof id === 'string');
    // drafts.get rather than messages.get: gmail.compose may read drafts but not other mail.
    const drafts = await Promise.all(
      ids.map(async (id) => {
        const draft = await this.getDraft(id, 'metadata', options);
        return { id, message: messageSummaryOf(draft.message ?? {}) };
      }),
    );
    return { drafts, nextPageToken: list.nextPageToken ?? undefined, resultSizeEstimate: list.resultSizeEstimate ?? undefined };
  }

  async trashMessages(ids: readonly string[], options?: CallOptions): Promise<BulkChangeResult> {
    return this.eachMessage(ids, options, (id, o) => this.api.users.messages.trash({ userId: this.userId, id, fields: 'id' }, o), 'messages.trash');
  }

  async untrashMessages(ids: readonly string[], options?: CallOptions): Promise<BulkChangeResult> {
    return this.eachMessage(ids, options, (id, o) => this.api.users.messages.untrash({ userId: this.userId, id, fields: 'id' }, o), 'messages.untrash');
  }

  /** One message: messages.modify (5 units, reports a missing id); more: batchModify in chunks of Gmail's 1000-id cap (50 units each). */
  async modifyMessages(ids: readonly string[], add: readonly string[], remove: readonly string[], options?: CallOptions): Promise<BulkChangeResult> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return { changed: [], failed: [] };
    if (add.length === 0 && remove.length === 0) throw new RangeError('modifyMessages: nothing to add or remove');
    const requestBody = { addLabelIds: add.length ? [...add] : undefined, removeLabelIds: remove.length ? [...remove] : undefined };
    if (unique.length === 1) {
      return this.eachMessage(unique, options, (id, o) => this.api.users.messages.modify({ userId: this.userId, id, requestBody, fields: 'id' }, o), 'messages.modify');
    }
    const changed: string[] = [];
    const failed: Array<{ id: string; error: string }> = [];
    for (let i = 0; i < unique.length; i += MAX_BATCH_IDS) {
      const chunk = unique.slice(i, i + MAX_BATCH_IDS);
      try {
        await this.read('messages.batchModify', `${chunk.length} messages`, options, (o) =>
          this.api.users.messages.batchModify({ userId: this.userId, requestBody: { ids: chunk, ...requestBody } }, o),
        );
        changed.push(...chunk);
      } catch (error) {
        if (!(error instanceof GmailApiError)) throw error;
        for (const id of chunk) failed.push({ id, error: error.message });
      }
    }
    return { changed, failed };
  }

  /** Messages in Sent (trash and spam included) with this Message-ID header. */
  async findSentByMessageId(messageId: string, options?: CallOptions): Promise<SentMessageRef | undefined> {
    const bare = messageId.trim().replace(/^<|>$/g, '');
    const list = await this.read('messages.list', undefined, options, (o) =>
      this.api.users.messages.list(
        { userId: this.userId, q: `rfc822msgid:${bare} in:sent`, includeSpamTrash: true, maxResults: 5, fields: 'messages(id,threadId)' },
        o,
      ),
    );
    const hit = list.messages?.find((m) => typeof m.id === 'string');
    return hit ? { id: hit.id as string, threadId: hit.threadId ?? '', labelIds: ['SENT'] } : undefined;
  }

  private async sendOnceOrRecover(
    method: 'messages.send' | 'drafts.send',
    message: OutgoingRaw,
    options: CallOptions | undefined,
    call: (requestOptions: RequestOptions) => Promise<{ data: gmail_v1.Schema$Message }>,
  ): Promise<SendResult> {
    for (let attempt = 1; ; attempt++) {
      let failure: GmailApiError;
      try {
        const sent = await this.once(method, undefined, options, call);
        if (typeof sent?.id === 'string' && sent.id) {
          return { id: sent.id, threadId: sent.threadId ?? '', labelIds: sent.labelIds ?? [], attempts: attempt, recovered: false };
        }
        failure = new GmailApiError({ kind: 'unavailable', message: `Gmail's answer to ${method} could not be read.`, retryable: true });
      } catch (error) {
        if (error instanceof GmailApiError && error.kind === 'rateLimited') throw refusedSend(method, error);
        if (!isAmbiguousSendFailure(error, options?.signal)) throw error;
        failure = error as GmailApiError;
      }
      if (!message.messageId) throw uncertainSend(method, failure, 'the message has no Message-ID to look for in Sent');
      let found: SentMessageRef | undefined;
      try {
        found = await this.lookForSent(message.messageId, options);
      } catch (lookupError) {
        const why = lookupError instanceof GmailApiError && lookupError.kind === 'insufficientScope'
          ? 'the granted scopes do not allow searching Sent'
          : 'Sent could not be searched';
        throw uncertainSend(method, failure, why);
      }
      if (found) return { ...found, attempts: attempt, recovered: true };
      if (attempt >= 2) throw failure;
    }
  }

  private async lookForSent(messageId: string, options: CallOptions | undefined): Promise<SentMessageRef | undefined> {
    for (let i = 0; i < this.sendRecovery.lookups; i++) {
      if (i > 0) await delay(this.sendRecovery.lookupDelayMs, options?.signal);
      const found = await this.findSentByMessageId(messageId, options);
      if (found) return found;
    }
    return undefined;
  }

  /** Idempotent per-message calls, retried like reads; bounded by the client's bulkhead and paced by the quota. */
  private async eachMessage(
    ids: readonly string[],
    options: CallOptions | undefined,
    call: (id: string, requestOptions: RequestOptions) => Promise<{ data: unknown }>,
    method: GmailMethod,
  ): Promise<BulkChangeResult> {
    const unique = [...new Set(ids)];
    const outcomes = await Promise.allSettled(unique.map((id) => this.read(method, `message ${id}`, options, (o) => call(id, o))));
    const changed: string[] = [];
    const failed: Array<{ id: string; error: string }> = [];
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'fulfilled') changed.push(unique[i]);
      else if (outcome.reason instanceof GmailApiError) failed.push({ id: unique[i], error: outcome.reason.message });
      else throw outcome.reason;
    });
    return { changed, failed };
  }

  /** Releases pooled connections; in-flight calls finish first. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
    this.contentCache.clear();
    this.lastLabelList = undefined;
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
              // Per request too: the generated methods build the upload URI (mediaUrl) from the request's rootUrl only.
              rootUrl: this.rootUrl,
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
        const failure = toGmailError(error, { method, resource });
        if (failure instanceof GmailApiError && failure.kind === 'rateLimited') this.limiter.rateLimited();
        throw failure;
      }
    }, options?.signal);
  }

  /** Units a second this account's calls are paced at now (lower for a while after Gmail answered "rate limit exceeded"). */
  quotaUnitsPerSecond(): number {
    return this.limiter.unitsPerSecond();
  }
}

/** Gmail's cap on ids in one messages.batchModify. */
export const MAX_BATCH_IDS = 1000;

/** Gmail's largest page for messages.list and drafts.list: a larger maxResults is not an error but is cut to this. */
export const MAX_PAGE_SIZE = 500;

function pageSize(asked: number | undefined): number | undefined {
  return asked === undefined ? undefined : Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(asked)));
}

/**
 * Raw messages above this go through the media upload URI (/upload/gmail/v1/..., the client library's `media`
 * option, sent as uploadType=multipart with the resource as JSON metadata). Google's upload guide
 * (developers.google.com/workspace/gmail/api/guides/uploads) keeps the plain URI and simple uploads for "5 MB or
 * less", and the plain URI answers 413 above that: base64 makes a raw message a third larger in the JSON, so the
 * cut is well below 5 MB of message.
 */
export const UPLOAD_ABOVE_BYTES = 2 * 1024 * 1024;

/**
 * The request body of a method that takes a message: small ones as JSON with `raw` (base64url), large ones as
 * the message itself on the upload URI with the rest of the resource (threadId, draft id) as metadata.
 */
function messageBody<R>(message: OutgoingRaw, wrap: (m: gmail_v1.Schema$Message) => R): { requestBody: R; media?: { mimeType: string; body: Readable } } {
  if (message.raw.length <= UPLOAD_ABOVE_BYTES) return { requestBody: wrap({ raw: message.raw.toString('base64url'), threadId: message.threadId }) };
  // A fresh stream each time: the library pipes it into the multipart body, and a retried request needs its own.
  return { requestBody: wrap({ threadId: message.threadId }), media: { mimeType: 'message/rfc822', body: Readable.from([message.raw]) } };
}

/**
 * A failure after which a send may or may not have happened: no answer (timeout, reset), a 5xx or 408. A 4xx,
 * 429 included, is a definite refusal (Gmail refused before sending: sending again is a new send the person did
 * not approve for that moment), and a cancellation by the caller ends the call.
 */
function isAmbiguousSendFailure(error: unknown, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted) return false;
  return error instanceof GmailApiError && error.kind === 'unavailable';
}

/** A 429 on a send, said as what it is: nothing went, and when the account may send again. */
function refusedSend(method: string, failure: GmailApiError): GmailApiError {
  const when = failure.retryAt ? ` until ${failure.retryAt.toISOString()}` : ' for now';
  return new GmailApiError({
    kind: 'rateLimited',
    status: failure.status,
    reason: failure.reason,
    retryAfterMs: failure.retryAfterMs,
    retryAt: failure.retryAt,
    retryable: false,
    message: `Gmail refused ${method}: this account is rate limited${when}. The message was not sent, and it will not be sent again automatically.`,
  });
}

function uncertainSend(method: string, failure: GmailApiError, why: string): GmailApiError {
  return new GmailApiError({
    kind: 'unknown',
    status: failure.status,
    message:
      `Gmail did not confirm ${method} (${failure.message.replace(/\.$/, '')}), and ${why}: the message may or may not have been sent. ` +
      'It was not sent again, to avoid a duplicate. Ask the user to check the Sent folder before trying again.',
  });
}

function draftRefOf(draft: gmail_v1.Schema$Draft): DraftRef {
  if (!draft.id) throw new GmailApiError({ kind: 'unknown', message: "Gmail's answer did not name the draft." });
  const m = draft.message ?? {};
  return { id: draft.id, message: { id: m.id ?? '', threadId: m.threadId ?? '', labelIds: m.labelIds ?? [] } };
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new GmailApiError({ kind: 'unknown', message: 'The call was cancelled.' }));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new GmailApiError({ kind: 'unknown', message: 'The call was cancelled.' }));
    }, { once: true });
  });
}

function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { response?: { status?: unknown }; status?: unknown })?.response?.status ?? (error as { status?: unknown })?.status;
  return typeof status === 'number' ? status : undefined;
}

interface RequestOptions {
  headers: Record<string, string>;
  rootUrl: string;
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
