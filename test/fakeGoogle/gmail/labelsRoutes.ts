import type { gmail_v1 } from '@googleapis/gmail';
import { toLabelResource } from '../mailbox/labels';
import { errors } from './apiErrors';
import type { GmailRoute } from './gmailRoute';

export const labelsRoutes: GmailRoute[] = [
  {
    httpMethod: 'GET',
    path: 'labels',
    method: 'labels.list',
    params: [],
    handle: ({ mailbox }): gmail_v1.Schema$ListLabelsResponse => ({ labels: mailbox.labels.all().map(toLabelResource) }),
  },
  {
    httpMethod: 'GET',
    path: 'labels/:id',
    method: 'labels.get',
    params: [],
    handle: ({ mailbox, params }): gmail_v1.Schema$Label => {
      const label = mailbox.labels.get(params.id);
      if (!label) throw errors.notFound();
      const messages = mailbox.allMessages().filter((m) => m.labelIds.has(label.id));
      const unread = messages.filter((m) => m.labelIds.has('UNREAD'));
      return {
        ...toLabelResource(label),
        messagesTotal: messages.length,
        messagesUnread: unread.length,
        threadsTotal: new Set(messages.map((m) => m.threadId)).size,
        threadsUnread: new Set(unread.map((m) => m.threadId)).size,
      };
    },
  },
];
