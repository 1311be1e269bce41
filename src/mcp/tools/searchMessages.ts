import * as z from 'zod';
import { messageSummaryOf } from '../../gmail/client';
import { UnreadableMessageError } from '../../gmail/mailParsing';
import { listingView, summaryLine, summaryView, type SummaryView } from '../../gmail/render';
import { UNTRUSTED_TOOL_NOTE } from '../../guard/spotlight';
import { defineTool } from '../server/toolDefinition';
import { labelIdSchema, strictInput } from '../server/schemas';
import { flagsField, inspectionFields, sanitizedField, untrustedContentSchema, type Inspection } from '../server/untrustedContent';

const inputSchema = strictInput({
  query: z
    .string()
    .max(2000)
    .optional()
    .describe('Gmail search syntax, as in Gmail\'s search box, e.g. "from:alice@example.com is:unread newer_than:7d". Omit to list recent mail.'),
  labelIds: z.array(labelIdSchema).max(20).optional().describe('Only messages with all of these label ids (see list_labels).'),
  maxResults: z.number().int().min(1).max(50).default(20).describe('How many messages to return (1-50, default 20).'),
  pageToken: z
    .string()
    .max(512)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be the nextPageToken of a previous search_messages result')
    .optional()
    .describe('nextPageToken from a previous search_messages result, to get the next page.'),
  includeSpamTrash: z.boolean().default(false).describe('Also search Spam and Trash (default false).'),
});

const outputSchema = z.object({
  messages: z.array(
    z.object({
      id: z.string(),
      threadId: z.string(),
      date: z.string().describe('ISO 8601, UTC.'),
      from: z.string(),
      to: z.string(),
      subject: z.string(),
      snippet: z.string(),
      labels: z.array(z.string()),
      flags: flagsField,
      sanitized: sanitizedField,
    }),
  ),
  nextPageToken: z.string().optional(),
  resultSizeEstimate: z.number().int().optional(),
  untrustedContent: untrustedContentSchema,
});

export const searchMessages = defineTool({
  name: 'search_messages',
  toolset: 'read',
  title: 'Search Gmail',
  description:
    'Search the mailbox with Gmail search syntax and list matching messages, newest first: one line each with id, thread id, ' +
    'date, sender, subject, snippet and labels. Use read_message or read_thread with the ids to read the content. ' +
    UNTRUSTED_TOOL_NOTE,
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: true, openWorldHint: false, idempotentHint: true, destructiveHint: false },
  async handler(args, ctx) {
    const result = await ctx.gmail.searchMessages(
      {
        query: args.query,
        labelIds: args.labelIds,
        maxResults: args.maxResults,
        pageToken: args.pageToken,
        includeSpamTrash: args.includeSpamTrash,
        // Each hit's raw message (the same quota units as metadata): the snippet is cut from its visible body,
        // never Gmail's snippet, which is built from hidden elements too; the parse then serves a following read.
        content: 'raw',
      },
      { signal: ctx.signal },
    );
    const labelName = await ctx.labelNamer();
    const views: SummaryView[] = await Promise.all(
      result.messages.map(async (m) => {
        const message = m.raw !== undefined ? { id: m.id, threadId: m.threadId, labelIds: [...m.labelIds], raw: m.raw } : await ctx.gmail.getMessage(m.id, 'raw', { signal: ctx.signal });
        try {
          return listingView(await ctx.parsedMessages.parseListed({ ...message, internalDate: m.internalDate !== undefined ? String(m.internalDate) : message.internalDate }));
        } catch (error) {
          if (!(error instanceof UnreadableMessageError)) throw error;
          // Past the parser's limits: listed by its headers alone, without a snippet (never Gmail's).
          const metadata = await ctx.gmail.getMessage(m.id, 'metadata', { signal: ctx.signal });
          return summaryView({ ...messageSummaryOf(metadata), snippet: '' });
        }
      }),
    );
    const guard = ctx.untrusted.response();
    const inspections = new Map<string, Inspection>();
    const notes: string[] = [];
    for (const v of views) {
      const inspection = guard.inspect(v.id, v.untrusted, v.from);
      guard.remember(v.id, v.labelIds, { from: v.from, to: v.to }, v.untrusted);
      inspections.set(v.id, inspection);
      notes.push(...guard.textNotes(v.id, inspection));
    }
    const lines = views.map((v) => summaryLine(v, labelName));
    const count = views.length;
    const header = count
      ? `${count} message${count === 1 ? '' : 's'} (id | thread | date | from | subject | snippet [labels]):`
      : 'No messages match.';
    const more = result.nextPageToken ? `More results: call search_messages again with pageToken "${result.nextPageToken}".` : '';
    const listing = count ? [guard.notice, header, guard.wrap(lines.join('\n')), ...notes] : [header];
    return {
      text: [...listing, more].filter(Boolean).join('\n'),
      structured: {
        messages: views.map((v) => ({
          id: v.id,
          threadId: v.threadId,
          date: v.date,
          from: v.from,
          to: v.to,
          subject: v.subject,
          snippet: v.snippet,
          labels: v.labelIds.map(labelName),
          ...inspectionFields(inspections.get(v.id)),
        })),
        nextPageToken: result.nextPageToken,
        resultSizeEstimate: result.resultSizeEstimate,
        untrustedContent: guard.notice,
      },
      summary: `${count} message${count === 1 ? '' : 's'}${result.nextPageToken ? ' (more available)' : ''}`,
      messageIds: views.map((v) => v.id),
      flags: guard.observerFlags(),
      flaggedContent: guard.flaggedDescription,
      withheld: guard.withheldText,
    };
  },
});
