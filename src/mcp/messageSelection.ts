import * as z from 'zod';
import { messageSummaryOf, type MessageSummary } from '../gmail/client';
import { summaryView, type LabelNamer } from '../gmail/render';
import { oneLine } from '../gmail/textHygiene';
import type { MessageLine } from './confirmer';
import { messageIdListSchema } from './schemas';
import { ToolInputError, type ToolContext } from './toolDefinition';

/** The selection fields shared by trash_messages and modify_labels: ids, or a query with a cap. */
export const selectionShape = {
  ids: messageIdListSchema.optional().describe('Message ids from search_messages / read_message.'),
  query: z
    .string()
    .min(1)
    .max(1000)
    .optional()
    .describe('Instead of ids: a Gmail search (Gmail search syntax); needs maxMessages.'),
  maxMessages: z
    .number()
    .int()
    .min(1)
    .max(500)
    .optional()
    .describe('With query: the most messages the call may affect (the user sets the upper limit); more matches are refused, not cut.'),
};

export interface Selection {
  readonly ids?: readonly string[];
  readonly query?: string;
  readonly maxMessages?: number;
}

export function checkSelection(args: Selection, addIssue: (message: string, path: string) => void): void {
  if ((args.ids === undefined) === (args.query === undefined)) addIssue('give either ids or query (with maxMessages)', 'ids');
  if (args.query !== undefined && args.maxMessages === undefined) addIssue('a query needs maxMessages, the most messages it may affect', 'maxMessages');
  if (args.query === undefined && args.maxMessages !== undefined) addIssue('maxMessages goes with query', 'maxMessages');
}

/**
 * The messages a change would affect, with the headers the confirmation shows. By ids: each read with
 * format=metadata (a missing id fails the call before anything is asked). By query: refused when it matches
 * more than maxMessages, so the user never approves a list that was silently cut.
 */
export async function selectMessages(ctx: ToolContext, args: Selection, includeSpamTrash = false): Promise<MessageSummary[]> {
  if (args.ids) {
    const unique = [...new Set(args.ids)];
    return Promise.all(unique.map(async (id) => messageSummaryOf(await ctx.gmail.getMessage(id, 'metadata', { signal: ctx.signal }))));
  }
  const cap = args.maxMessages ?? 0;
  const limit = ctx.gate.limits.maxQueryMessages;
  if (cap > limit) throw new ToolInputError(`maxMessages is ${cap}, but the user allows at most ${limit} messages to be picked by a query. Use a narrower query or ids.`);
  const found = await ctx.gmail.searchMessages({ query: args.query, maxResults: cap + 1, includeSpamTrash }, { signal: ctx.signal });
  if (found.messages.length > cap || found.nextPageToken) {
    throw new ToolInputError(`The query matches more than ${cap} messages (maxMessages); nothing was changed. Narrow the query, or list the ids.`);
  }
  if (found.messages.length === 0) throw new ToolInputError(`The query matches no messages; nothing was changed.`);
  return [...found.messages];
}

/** One line per message for the diff: date, from, subject, label names (one line each, invisible characters removed). */
export function messageLine(summary: MessageSummary, labelIds: readonly string[], labelName: LabelNamer): MessageLine {
  const view = summaryView(summary);
  return {
    id: summary.id,
    date: view.date,
    from: oneLine(view.from, 120),
    subject: oneLine(view.subject, 200),
    labels: labelIds.map(labelName),
  };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
