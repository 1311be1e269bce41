import type { gmail_v1 } from '@googleapis/gmail';
import { applyLabelChange, checkLabelChange, LabelChangeError, type LabelChange } from '../mailbox/labelChange';
import type { Mailbox } from '../mailbox/mailbox';
import type { StoredMessage } from '../mailbox/storedMessage';
import { errors } from './apiErrors';
import { NO_CONTENT, type GmailCall, type GmailRoute } from './gmailRoute';
import { checkFields, jsonBody, stringList } from './messageRequest';
import { toMessageResource } from './messageResource';
import { checkId } from './queryParams';

/** Gmail's cap on ids in one batchModify / batchDelete. */
export const MAX_BATCH_IDS = 1000;

const TRASH: LabelChange = { add: ['TRASH'], remove: [] };
const UNTRASH: LabelChange = { add: [], remove: ['TRASH'] };

export const organizeRoutes: GmailRoute[] = [
  {
    httpMethod: 'POST',
    path: 'messages/:id/modify',
    method: 'messages.modify',
    params: [],
    handle: (call): gmail_v1.Schema$Message => {
      const message = findMessage(call.mailbox, call.params.id);
      const change = readLabelChange(call, ['addLabelIds', 'removeLabelIds']);
      relabel(call.mailbox, [message], change);
      return toMessageResource(message, 'minimal');
    },
  },
  {
    httpMethod: 'POST',
    path: 'messages/:id/trash',
    method: 'messages.trash',
    params: [],
    handle: (call): gmail_v1.Schema$Message => {
      const message = findMessage(call.mailbox, call.params.id);
      relabel(call.mailbox, [message], TRASH);
      return toMessageResource(message, 'minimal');
    },
  },
  {
    httpMethod: 'POST',
    path: 'messages/:id/untrash',
    method: 'messages.untrash',
    params: [],
    handle: (call): gmail_v1.Schema$Message => {
      const message = findMessage(call.mailbox, call.params.id);
      relabel(call.mailbox, [message], UNTRASH);
      return toMessageResource(message, 'minimal');
    },
  },
  {
    httpMethod: 'POST',
    path: 'messages/batchModify',
    method: 'messages.batchModify',
    params: [],
    handle: (call) => {
      const body = jsonBody(call);
      checkFields(body, ['ids', 'addLabelIds', 'removeLabelIds']);
      const ids = batchIds(body);
      const change = { add: stringList(body, 'addLabelIds'), remove: stringList(body, 'removeLabelIds') };
      checkChange(call.mailbox, change);
      // Gmail applies a batch to the ids it finds and skips the others without saying so.
      const found = ids.map((id) => call.mailbox.getMessage(id)).filter((m): m is StoredMessage => m !== undefined);
      relabel(call.mailbox, found, change);
      call.ctx.note = `${call.ctx.note} ${found.length} of ${ids.length} ids found`;
      return NO_CONTENT;
    },
  },
  {
    httpMethod: 'DELETE',
    path: 'messages/:id',
    method: 'messages.delete',
    params: [],
    handle: (call) => {
      const message = findMessage(call.mailbox, call.params.id);
      call.mailbox.removeMessage(message.id);
      return NO_CONTENT;
    },
  },
  {
    httpMethod: 'POST',
    path: 'messages/batchDelete',
    method: 'messages.batchDelete',
    params: [],
    handle: (call) => {
      const body = jsonBody(call);
      checkFields(body, ['ids']);
      for (const id of batchIds(body)) call.mailbox.removeMessage(id);
      return NO_CONTENT;
    },
  },
  {
    httpMethod: 'POST',
    path: 'threads/:id/modify',
    method: 'threads.modify',
    params: [],
    handle: (call): gmail_v1.Schema$Thread => {
      const { id, messages } = findThread(call.mailbox, call.params.id);
      relabel(call.mailbox, messages, readLabelChange(call, ['addLabelIds', 'removeLabelIds']));
      return threadResource(id, messages);
    },
  },
  {
    httpMethod: 'POST',
    path: 'threads/:id/trash',
    method: 'threads.trash',
    params: [],
    handle: (call): gmail_v1.Schema$Thread => {
      const { id, messages } = findThread(call.mailbox, call.params.id);
      relabel(call.mailbox, messages, TRASH);
      return threadResource(id, messages);
    },
  },
  {
    httpMethod: 'POST',
    path: 'threads/:id/untrash',
    method: 'threads.untrash',
    params: [],
    handle: (call): gmail_v1.Schema$Thread => {
      const { id, messages } = findThread(call.mailbox, call.params.id);
      relabel(call.mailbox, messages, UNTRASH);
      return threadResource(id, messages);
    },
  },
  {
    httpMethod: 'DELETE',
    path: 'threads/:id',
    method: 'threads.delete',
    params: [],
    handle: (call) => {
      const { messages } = findThread(call.mailbox, call.params.id);
      for (const m of messages) call.mailbox.removeMessage(m.id);
      return NO_CONTENT;
    },
  },
];

function readLabelChange(call: GmailCall, fields: readonly string[]): LabelChange {
  const body = jsonBody(call);
  checkFields(body, fields);
  const change = { add: stringList(body, 'addLabelIds'), remove: stringList(body, 'removeLabelIds') };
  checkChange(call.mailbox, change);
  return change;
}

function checkChange(mailbox: Mailbox, change: LabelChange): void {
  try {
    checkLabelChange(mailbox.labels, change);
  } catch (err) {
    if (err instanceof LabelChangeError) throw errors.invalidArgument(err.message);
    throw err;
  }
}

function relabel(mailbox: Mailbox, messages: readonly StoredMessage[], change: LabelChange): void {
  for (const m of messages) {
    const next = applyLabelChange(m.labelIds, change);
    if (next.size !== m.labelIds.size || [...next].some((l) => !m.labelIds.has(l))) mailbox.setLabels(m, next);
  }
}

function batchIds(body: Record<string, unknown>): string[] {
  const ids = stringList(body, 'ids');
  if (ids.length === 0) throw errors.invalidArgument('ids must not be empty');
  if (ids.length > MAX_BATCH_IDS) throw errors.invalidArgument(`Number of ids cannot exceed ${MAX_BATCH_IDS}`);
  return ids.map(checkId);
}

function findMessage(mailbox: Mailbox, id: string): StoredMessage {
  const message = mailbox.getMessage(checkId(id));
  if (!message) throw errors.notFound();
  return message;
}

function findThread(mailbox: Mailbox, id: string): { id: string; messages: StoredMessage[] } {
  const threadId = checkId(id);
  const messages = mailbox.getThread(threadId);
  if (!messages) throw errors.notFound();
  return { id: threadId, messages };
}

function threadResource(id: string, messages: readonly StoredMessage[]): gmail_v1.Schema$Thread {
  return { id, historyId: String(Math.max(...messages.map((m) => m.historyId))), messages: messages.map((m) => toMessageResource(m, 'minimal')) };
}
