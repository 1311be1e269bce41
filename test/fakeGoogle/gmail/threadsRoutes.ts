import type { gmail_v1 } from '@googleapis/gmail';
import { searchMessages } from '../search/searchMailbox';
import type { StoredMessage } from '../mailbox/storedMessage';
import { errors } from './apiErrors';
import type { GmailRoute } from './gmailRoute';
import { toMessageResource } from './messageResource';
import { checkId, pageOf } from './queryParams';
import { readFormat, readListFilter } from './readOptions';

export const threadsRoutes: GmailRoute[] = [
  {
    httpMethod: 'GET',
    path: 'threads',
    method: 'threads.list',
    params: ['q', 'labelIds', 'maxResults', 'pageToken', 'includeSpamTrash'],
    handle: (call): gmail_v1.Schema$ListThreadsResponse => {
      const filter = readListFilter(call);
      // A thread matches when one of its messages does; threads come newest-match first.
      const threadIds = [...new Set(searchMessages(call.mailbox, { ...filter, now: call.state.now() }).map((m) => m.threadId))];
      const { page, nextPageToken: next } = pageOf(threadIds, call.ctx.url.searchParams);
      return {
        ...(page.length
          ? {
              threads: page.map((id) => {
                const messages = call.mailbox.getThread(id)!;
                const latest = messages[messages.length - 1];
                return { id, snippet: latest.snippet, historyId: String(threadHistoryId(messages)) };
              }),
            }
          : {}),
        ...(next ? { nextPageToken: next } : {}),
        resultSizeEstimate: threadIds.length,
      };
    },
  },
  {
    httpMethod: 'GET',
    path: 'threads/:id',
    method: 'threads.get',
    params: ['format', 'metadataHeaders'],
    handle: (call): gmail_v1.Schema$Thread => {
      const { format, metadataHeaders } = readFormat(call, ['minimal', 'metadata', 'full']);
      const messages = call.mailbox.getThread(checkId(call.params.id));
      if (!messages) throw errors.notFound();
      return {
        id: call.params.id.toLowerCase(),
        historyId: String(threadHistoryId(messages)),
        messages: messages.map((m) => toMessageResource(m, format, metadataHeaders)),
      };
    },
  },
];

function threadHistoryId(messages: readonly StoredMessage[]): number {
  return Math.max(...messages.map((m) => m.historyId));
}
