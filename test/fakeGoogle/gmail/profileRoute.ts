import type { gmail_v1 } from '@googleapis/gmail';
import type { GmailRoute } from './gmailRoute';

export const profileRoutes: GmailRoute[] = [
  {
    httpMethod: 'GET',
    path: 'profile',
    method: 'getProfile',
    params: [],
    handle: ({ mailbox }): gmail_v1.Schema$Profile => ({
      emailAddress: mailbox.address,
      messagesTotal: mailbox.messageCount,
      threadsTotal: mailbox.threadCount,
      historyId: String(mailbox.historyId),
    }),
  },
];
