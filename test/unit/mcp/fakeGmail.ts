import type { gmail_v1 } from '@googleapis/gmail';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import type { AttachmentData, DraftList, GmailService, GmailWriter, MessageFormat, SearchParams, SearchResult } from '../../../src/gmail/client';
import { toGmailError } from '../../../src/gmail/errors';

interface StoredMessage {
  id: string;
  threadId: string;
  labelIds: string[];
  internalDate: number;
  snippet: string;
  headers: Array<{ name: string; value: string }>;
  raw: string;
}

/** Gmail's write methods, without the two draft reads (FakeGmail serves those from its own drafts). */
export type FakeGmailWrites = Omit<GmailWriter, 'getDraft' | 'listDrafts'>;

/**
 * An in-memory mailbox of our own GmailService interface: real MIME (nodemailer), no Google protocol. Its write
 * side refuses, unless it is given one: a RecordingWriter (test/unit/writes/pipelineHarness.ts) records each write
 * and stores nothing. Write tools end to end are tested through GmailClient against the fake Google
 * (test/fakeGoogle), where the request log shows what was written.
 */
export class FakeGmail implements GmailService {
  readonly calls: string[] = [];
  private readonly messages: StoredMessage[] = [];
  private readonly drafts: Array<{ id: string; message: { id: string; threadId: string; raw: string } }> = [];

  constructor(private readonly writes: FakeGmailWrites = REFUSED_WRITES) {}

  readonly sendMessage: GmailWriter['sendMessage'] = (...args) => this.writes.sendMessage(...args);
  readonly createDraft: GmailWriter['createDraft'] = (...args) => this.writes.createDraft(...args);
  readonly updateDraft: GmailWriter['updateDraft'] = (...args) => this.writes.updateDraft(...args);
  readonly deleteDraft: GmailWriter['deleteDraft'] = (...args) => this.writes.deleteDraft(...args);
  readonly sendDraft: GmailWriter['sendDraft'] = (...args) => this.writes.sendDraft(...args);
  readonly trashMessages: GmailWriter['trashMessages'] = (...args) => this.writes.trashMessages(...args);
  readonly untrashMessages: GmailWriter['untrashMessages'] = (...args) => this.writes.untrashMessages(...args);
  readonly modifyMessages: GmailWriter['modifyMessages'] = (...args) => this.writes.modifyMessages(...args);

  /** A saved draft, as getDraft and listDrafts read it. */
  async addDraft(id: string, message: { id: string; threadId: string }, mail: Mail.Options): Promise<void> {
    const bytes = await new Promise<Buffer>((resolve, reject) => new MailComposer(mail).compile().build((e, m) => (e ? reject(e) : resolve(m))));
    this.drafts.push({ id, message: { ...message, raw: bytes.toString('base64url') } });
  }

  async getDraft(draftId: string, format: 'raw' | 'metadata'): Promise<gmail_v1.Schema$Draft> {
    this.calls.push(`getDraft:${draftId}:${format}`);
    const draft = this.drafts.find((d) => d.id === draftId);
    if (!draft) throw notFound('drafts.get', `draft ${draftId}`);
    return { id: draft.id, message: { id: draft.message.id, threadId: draft.message.threadId, ...(format === 'raw' ? { raw: draft.message.raw } : {}) } };
  }

  async listDrafts(): Promise<DraftList> {
    this.calls.push('listDrafts');
    return { drafts: this.drafts.map((d) => ({ id: d.id, message: { id: d.message.id, threadId: d.message.threadId, labelIds: ['DRAFT'], snippet: '', headers: {} } })) };
  }

  async add(id: string, threadId: string, mail: Mail.Options & { date: Date }, labelIds = ['INBOX']): Promise<void> {
    const bytes = await new Promise<Buffer>((resolve, reject) =>
      new MailComposer(mail).compile().build((e, m) => (e ? reject(e) : resolve(m))),
    );
    const text = typeof mail.text === 'string' ? mail.text : '';
    this.messages.push({
      id,
      threadId,
      labelIds,
      internalDate: mail.date.getTime(),
      snippet: text.slice(0, 100).replace(/'/g, '&#39;'),
      headers: [
        { name: 'From', value: String(mail.from) },
        { name: 'To', value: String(mail.to) },
        { name: 'Subject', value: String(mail.subject) },
        { name: 'Date', value: mail.date.toUTCString() },
      ],
      raw: bytes.toString('base64url'),
    });
  }

  async getProfile(): Promise<gmail_v1.Schema$Profile> {
    this.calls.push('getProfile');
    return { emailAddress: 'me@example.com', messagesTotal: this.messages.length, threadsTotal: new Set(this.messages.map((m) => m.threadId)).size, historyId: '42' };
  }

  async listSendAs(): Promise<gmail_v1.Schema$SendAs[]> {
    this.calls.push('listSendAs');
    return [{ sendAsEmail: 'me@example.com', displayName: 'Me', signature: '', isPrimary: true, isDefault: true }];
  }

  async searchMessages(params: SearchParams): Promise<SearchResult> {
    this.calls.push(`search:${params.query ?? ''}:${params.maxResults}`);
    const q = (params.query ?? '').toLowerCase();
    const hits = [...this.messages]
      .sort((a, b) => b.internalDate - a.internalDate)
      .filter((m) => !q || m.headers.some((h) => h.value.toLowerCase().includes(q)))
      .filter((m) => !params.labelIds?.length || params.labelIds.every((l) => m.labelIds.includes(l)));
    const start = params.pageToken ? Number(params.pageToken) : 0;
    const max = params.maxResults ?? 20;
    const page = hits.slice(start, start + max);
    return {
      messages: page.map((m) => ({
        id: m.id,
        threadId: m.threadId,
        labelIds: m.labelIds,
        snippet: m.snippet,
        internalDate: m.internalDate,
        headers: params.content === 'raw' ? {} : Object.fromEntries(m.headers.map((h) => [h.name.toLowerCase(), h.value])),
        ...(params.content === 'raw' ? { raw: m.raw } : {}),
      })),
      nextPageToken: start + max < hits.length ? String(start + max) : undefined,
      resultSizeEstimate: hits.length,
    };
  }

  async getMessage(id: string, format: MessageFormat): Promise<gmail_v1.Schema$Message> {
    this.calls.push(`getMessage:${id}:${format}`);
    const m = this.find('messages.get', `message ${id}`, (x) => x.id === id);
    return { id: m.id, threadId: m.threadId, labelIds: m.labelIds, internalDate: String(m.internalDate), snippet: m.snippet, raw: format === 'raw' ? m.raw : undefined };
  }

  async getThread(id: string): Promise<gmail_v1.Schema$Thread> {
    this.calls.push(`getThread:${id}`);
    this.find('threads.get', `thread ${id}`, (x) => x.threadId === id);
    const members = this.messages.filter((m) => m.threadId === id).sort((a, b) => a.internalDate - b.internalDate);
    return {
      id,
      messages: members.map((m) => ({ id: m.id, threadId: m.threadId, labelIds: m.labelIds, snippet: m.snippet, internalDate: String(m.internalDate), payload: { headers: m.headers } })),
    };
  }

  async listLabels(): Promise<gmail_v1.Schema$Label[]> {
    this.calls.push('listLabels');
    return [
      { id: 'INBOX', name: 'INBOX', type: 'system' },
      { id: 'UNREAD', name: 'UNREAD', type: 'system' },
      { id: 'Label_7', name: 'Receipts', type: 'user' },
    ];
  }

  async getAttachment(): Promise<AttachmentData> {
    throw new Error('not used');
  }

  private find(method: string, resource: string, match: (m: StoredMessage) => boolean): StoredMessage {
    const m = this.messages.find(match);
    if (!m) throw notFound(method, resource);
    return m;
  }
}

function notFound(method: string, resource: string): Error {
  return toGmailError({ response: { status: 404, data: { error: { code: 404, message: 'Requested entity was not found.' } } } }, { method, resource });
}

async function refused(): Promise<never> {
  throw new Error('FakeGmail has no write side; give it a RecordingWriter, or test writes against the fake Google');
}

const REFUSED_WRITES: FakeGmailWrites = {
  sendMessage: refused,
  createDraft: refused,
  updateDraft: refused,
  deleteDraft: refused,
  sendDraft: refused,
  trashMessages: refused,
  untrashMessages: refused,
  modifyMessages: refused,
};
