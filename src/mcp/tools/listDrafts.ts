import * as z from 'zod';
import { summaryView } from '../../gmail/render';
import { defineTool } from '../server/toolDefinition';
import { strictInput } from '../server/schemas';

const inputSchema = strictInput({
  query: z.string().max(1000).optional(),
  maxResults: z.number().int().min(1).max(50).default(20),
  pageToken: z.string().min(1).max(512).optional(),
});

const outputSchema = z.object({
  drafts: z.array(
    z.object({
      draftId: z.string(),
      messageId: z.string(),
      threadId: z.string(),
      to: z.string(),
      subject: z.string(),
      date: z.string(),
      snippet: z.string(),
    }),
  ),
  nextPageToken: z.string().optional(),
});

export const listDrafts = defineTool({
  name: 'list_drafts',
  toolset: 'drafts',
  title: 'List email drafts',
  description: 'List the account\'s drafts (id, to, subject, date, snippet), newest first.',
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(args, ctx) {
    const list = await ctx.gmail.listDrafts({ query: args.query, maxResults: args.maxResults, pageToken: args.pageToken }, { signal: ctx.signal });
    const drafts = list.drafts.map((d) => {
      const view = summaryView(d.message);
      return {
        draftId: d.id,
        messageId: d.message.id,
        threadId: d.message.threadId,
        to: view.to,
        subject: view.subject,
        date: view.date,
        snippet: view.snippet,
      };
    });
    const lines = drafts.map((d) => `${d.draftId} | ${d.date} | to ${d.to || '(nobody yet)'} | ${d.subject} | ${d.snippet}`);
    const more = list.nextPageToken ? `\nMore drafts: pass pageToken "${list.nextPageToken}".` : '';
    return {
      text: `${drafts.length} draft${drafts.length === 1 ? '' : 's'}${drafts.length ? `:\n${lines.join('\n')}` : '.'}${more}`,
      structured: { drafts, ...(list.nextPageToken ? { nextPageToken: list.nextPageToken } : {}) },
      summary: `${drafts.length} draft${drafts.length === 1 ? '' : 's'}`,
      messageIds: drafts.map((d) => d.messageId),
      glance: { count: drafts.length, ...(list.nextPageToken ? { more: true } : {}) },
    };
  },
});
