import type { Mailbox } from '../mailbox/mailbox';
import type { StoredMessage } from '../mailbox/storedMessage';
import { parseQuery } from './queryParser';
import { matchesQuery, queryMentionsSpamOrTrash } from './queryMatcher';

export interface MessageFilter {
  q?: string;
  labelIds?: readonly string[];
  includeSpamTrash?: boolean;
  now: number;
}

/** Messages matching a messages.list filter, newest first. */
export function searchMessages(mailbox: Mailbox, filter: MessageFilter): StoredMessage[] {
  const query = filter.q && filter.q.trim() !== '' ? parseQuery(filter.q) : undefined;
  const asksForSpamTrash = filter.labelIds?.some((id) => id === 'SPAM' || id === 'TRASH') || (query !== undefined && queryMentionsSpamOrTrash(query));
  const hideSpamTrash = !filter.includeSpamTrash && !asksForSpamTrash;
  const ctx = { accountAddress: mailbox.address, labels: mailbox.labels, now: filter.now };
  return mailbox.allMessages().filter((m) => {
    if (hideSpamTrash && (m.labelIds.has('SPAM') || m.labelIds.has('TRASH'))) return false;
    if (filter.labelIds && !filter.labelIds.every((id) => m.labelIds.has(id))) return false;
    return query ? matchesQuery(query, m, ctx) : true;
  });
}
