import { messageSummaryOf, type MessageSummary } from '../gmail/client';
import { summaryView, type LabelNamer } from '../mail/render';
import { stripInvisible } from '../mail/textHygiene';
import { oneLine } from '../text/oneLine';
import type { MessageLine } from './confirmer';
import { ProposalError } from './errors';
import type { MailSource } from './mailSource';

/** How a change picks its messages: ids, every message of some threads, or a query with the most it may match. */
export interface Selection {
  readonly ids?: readonly string[];
  readonly threadIds?: readonly string[];
  readonly query?: string;
  readonly maxMessages?: number;
}

/**
 * The messages a change would affect, with the headers the confirmation shows: what the pipeline counts
 * against the user's cap. By ids: each read with format=metadata (a missing id fails the call before anything
 * is asked). By threads: every message of each thread. By query: refused when it matches more than
 * maxMessages, so the user never approves a list that was silently cut.
 */
export async function selectMessages(source: MailSource, args: Selection, includeSpamTrash = false): Promise<MessageSummary[]> {
  const options = { signal: source.signal };
  if (args.ids) {
    const unique = [...new Set(args.ids)];
    return Promise.all(unique.map(async (id) => messageSummaryOf(await source.gmail.getMessage(id, 'metadata', options))));
  }
  if (args.threadIds) {
    const threads = await Promise.all([...new Set(args.threadIds)].map((id) => source.gmail.getThread(id, 'metadata', options)));
    const byId = new Map<string, MessageSummary>();
    for (const message of threads.flatMap((t) => t.messages ?? [])) if (message.id) byId.set(message.id, messageSummaryOf(message));
    if (byId.size === 0) throw new ProposalError('The threads hold no messages; nothing was changed.');
    return [...byId.values()];
  }
  const cap = args.maxMessages ?? 0;
  const found = await source.gmail.searchMessages({ query: args.query, maxResults: cap + 1, includeSpamTrash }, options);
  if (found.messages.length > cap || found.nextPageToken) {
    throw new ProposalError(`The query matches more than ${cap} messages (maxMessages), so nothing was changed. Narrow the query, or pass the ids.`);
  }
  if (found.messages.length === 0) throw new ProposalError('The query matches no messages, so nothing was changed. Check the query with search_messages.');
  return [...found.messages];
}

/** One line per message for the diff: date, from, subject, label names (one line each, invisible characters removed). */
export function messageLine(summary: MessageSummary, labelIds: readonly string[], labelName: LabelNamer): MessageLine {
  const view = summaryView(summary);
  return {
    id: summary.id,
    date: view.date,
    from: oneLine(stripInvisible(view.from), 120),
    subject: oneLine(stripInvisible(view.subject), 200),
    labels: labelIds.map(labelName),
  };
}

