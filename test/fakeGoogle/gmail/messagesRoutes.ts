import type { gmail_v1 } from '@googleapis/gmail';
import { searchMessages } from '../search/searchMailbox';
import { errors } from './apiErrors';
import type { GmailRoute } from './gmailRoute';
import { toMessageResource } from './messageResource';
import { checkId, pageOf } from './queryParams';
import { readFormat, readListFilter } from './readOptions';

export const messagesRoutes: GmailRoute[] = [
  {
    httpMethod: 'GET',
    path: 'messages',
    method: 'messages.list',
    params: ['q', 'labelIds', 'maxResults', 'pageToken', 'includeSpamTrash'],
    handle: (call): gmail_v1.Schema$ListMessagesResponse => {
      const filter = readListFilter(call);
      const matches = searchMessages(call.mailbox, { ...filter, now: call.state.now() });
      const { page, nextPageToken: next } = pageOf(matches, call.ctx.url.searchParams);
      return {
        ...(page.length ? { messages: page.map((m) => ({ id: m.id, threadId: m.threadId })) } : {}),
        ...(next ? { nextPageToken: next } : {}),
        resultSizeEstimate: matches.length,
      };
    },
  },
  {
    httpMethod: 'GET',
    path: 'messages/:id',
    method: 'messages.get',
    params: ['format', 'metadataHeaders'],
    handle: (call): gmail_v1.Schema$Message => {
      const { format, metadataHeaders } = readFormat(call);
      const message = call.mailbox.getMessage(checkId(call.params.id));
      if (!message) throw errors.notFound();
      return toMessageResource(message, format, metadataHeaders);
    },
  },
  {
    httpMethod: 'GET',
    path: 'messages/:messageId/attachments/:id',
    method: 'messages.attachments.get',
    params: [],
    handle: (call): gmail_v1.Schema$MessagePartBody => {
      const message = call.mailbox.getMessage(checkId(call.params.messageId));
      if (!message) throw errors.notFound();
      const part = message.attachments.get(call.params.id);
      if (!part) throw errors.invalidArgument('Invalid attachment token');
      return { attachmentId: call.params.id, size: part.content.length, data: part.content.toString('base64url') };
    },
  },
];
