import type { gmail_v1 } from '@googleapis/gmail';
import type { Mailbox } from '../mailbox/mailbox';
import type { StoredMessage } from '../mailbox/storedMessage';
import { searchMessages } from '../search/searchMailbox';
import { errors } from './apiErrors';
import { NO_CONTENT, type GmailCall, type GmailRoute } from './gmailRoute';
import { checkFields, objectField, readMessageRequest } from './messageRequest';
import { toMessageResource } from './messageResource';
import { booleanParam, pageOf } from './queryParams';
import { readFormat } from './readOptions';
import { MESSAGE_FIELDS, MISSING_RAW } from './sendRoutes';
import { parseRequestMessage, requestedThread, sendMessage } from './sending';

const DRAFT_FIELDS = ['id', 'message'];

export const draftsRoutes: GmailRoute[] = [
  {
    httpMethod: 'POST',
    path: 'drafts',
    method: 'drafts.create',
    params: [],
    upload: true,
    handle: async (call): Promise<gmail_v1.Schema$Draft> => {
      const { raw, threadId } = await readDraftRequest(call);
      if (!raw) throw errors.badRequest(MISSING_RAW);
      const message = await storeDraftMessage(call, raw, threadId);
      const id = call.mailbox.drafts.create(message.id);
      call.ctx.note = `${call.ctx.note} draft ${id}${noteMessageId(message)}`;
      return { id, message: minimal(message) };
    },
  },
  {
    httpMethod: 'GET',
    path: 'drafts',
    method: 'drafts.list',
    params: ['maxResults', 'pageToken', 'q', 'includeSpamTrash'],
    handle: (call): gmail_v1.Schema$ListDraftsResponse => {
      const params = call.ctx.url.searchParams;
      const draftOf = new Map(call.mailbox.drafts.entries().map(([draft, message]) => [message, draft]));
      const matches = searchMessages(call.mailbox, { q: params.get('q') ?? undefined, includeSpamTrash: booleanParam(params, 'includeSpamTrash'), now: call.state.now() }).filter((m) => draftOf.has(m.id));
      const { page, nextPageToken: next } = pageOf(matches, params);
      return {
        ...(page.length ? { drafts: page.map((m) => ({ id: draftOf.get(m.id), message: { id: m.id, threadId: m.threadId } })) } : {}),
        ...(next ? { nextPageToken: next } : {}),
        resultSizeEstimate: matches.length,
      };
    },
  },
  {
    httpMethod: 'GET',
    path: 'drafts/:id',
    method: 'drafts.get',
    params: ['format'],
    handle: (call): gmail_v1.Schema$Draft => {
      const { format } = readFormat(call);
      const { id, message } = findDraft(call.mailbox, call.params.id);
      return { id, message: toMessageResource(message, format) };
    },
  },
  {
    httpMethod: 'PUT',
    path: 'drafts/:id',
    method: 'drafts.update',
    params: [],
    upload: true,
    handle: async (call): Promise<gmail_v1.Schema$Draft> => {
      const { id, message: old } = findDraft(call.mailbox, call.params.id);
      const { raw, threadId } = await readDraftRequest(call);
      if (!raw) throw errors.badRequest(MISSING_RAW);
      const message = await storeDraftMessage(call, raw, threadId);
      call.mailbox.drafts.replace(id, message.id);
      call.mailbox.removeMessage(old.id);
      call.ctx.note = `${call.ctx.note} draft ${id}${noteMessageId(message)}`;
      return { id, message: minimal(message) };
    },
  },
  {
    httpMethod: 'DELETE',
    path: 'drafts/:id',
    method: 'drafts.delete',
    params: [],
    handle: (call) => {
      const { id, message } = findDraft(call.mailbox, call.params.id);
      call.mailbox.drafts.delete(id);
      call.mailbox.removeMessage(message.id);
      call.ctx.note = `${call.ctx.note} draft ${id}`;
      return NO_CONTENT;
    },
  },
  {
    httpMethod: 'POST',
    path: 'drafts/send',
    method: 'drafts.send',
    params: [],
    upload: true,
    handle: async (call): Promise<gmail_v1.Schema$Message> => {
      const { resource, raw } = await readMessageRequest(call, 'message.raw');
      checkFields(resource, DRAFT_FIELDS);
      // On the upload URI the draft id comes in the JSON metadata part.
      if (typeof resource.id !== 'string' || resource.id === '') throw errors.badRequest('Invalid draft: the draft id is required');
      const { id, message: draft } = findDraft(call.mailbox, resource.id);
      const message = objectField(resource, 'message');
      // With a message, the call is an update and a send in one: Gmail's threading rules apply to the new content.
      // Without one, the draft's content goes, staying in the thread the draft was filed in.
      const sent = raw
        ? await sendMessage(call, { raw, threadId: message?.threadId })
        : await sendMessage(call, { raw: draft.raw, threadId: undefined, keepThread: sharesThread(call.mailbox, draft) ? draft.threadId : undefined });
      call.mailbox.drafts.delete(id);
      call.mailbox.removeMessage(draft.id);
      call.ctx.note = `${call.ctx.note} draft ${id}`;
      return { id: sent.id, threadId: sent.threadId, labelIds: [...sent.labelIds] };
    },
  },
];

async function readDraftRequest(call: GmailCall): Promise<{ raw: Buffer | undefined; threadId: unknown }> {
  const { resource, raw } = await readMessageRequest(call, 'message.raw');
  checkFields(resource, DRAFT_FIELDS);
  const message = objectField(resource, 'message');
  if (message) checkFields(message, MESSAGE_FIELDS, 'message');
  return { raw, threadId: message?.threadId };
}

/** A draft is a message labelled DRAFT; Gmail's threading rules for API messages apply to it as to a send. */
async function storeDraftMessage(call: GmailCall, raw: Buffer, threadId: unknown): Promise<StoredMessage> {
  const parsed = await parseRequestMessage(raw, call.state.now());
  return call.mailbox.addMessage(parsed, ['DRAFT'], requestedThread(call, threadId, parsed));
}

function findDraft(mailbox: Mailbox, draftId: string): { id: string; message: StoredMessage } {
  if (!/^r-?\d{1,20}$/.test(draftId)) throw errors.invalidArgument('Invalid draft id value');
  const messageId = mailbox.drafts.messageId(draftId);
  const message = messageId ? mailbox.getMessage(messageId) : undefined;
  if (!message) throw errors.notFound();
  return { id: draftId, message };
}

function sharesThread(mailbox: Mailbox, draft: StoredMessage): boolean {
  return (mailbox.getThread(draft.threadId)?.length ?? 0) > 1;
}

function minimal(m: StoredMessage): gmail_v1.Schema$Message {
  return { id: m.id, threadId: m.threadId, labelIds: [...m.labelIds] };
}

function noteMessageId(m: StoredMessage): string {
  return m.messageIdHeader ? ` Message-ID ${m.messageIdHeader}` : '';
}
