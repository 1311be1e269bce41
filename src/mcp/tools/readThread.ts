import { z } from 'zod';
import { messageSummaryOf } from '../../gmail/client';
import { decodeCursor } from '../../gmail/cursor';
import { pageOf, parseMessage, renderThreadText, summaryView, threadDocument } from '../../gmail/render';
import { UNTRUSTED_TOOL_NOTE } from '../../guard/spotlight';
import { defineTool } from '../toolDefinition';
import { cursorSchema, pageSchema, strictInput, threadIdSchema } from '../schemas';
import { flagsField, sanitizedField, untrustedContentSchema, inspectionFields, type Inspection } from '../untrustedContent';

const inputSchema = strictInput({
  threadId: threadIdSchema,
  cursor: cursorSchema.optional(),
});

const outputSchema = z.object({
  threadId: z.string(),
  subject: z.string(),
  messageCount: z.number().int(),
  newestMessageId: z.string(),
  messages: z
    .array(
      z.object({
        id: z.string(),
        date: z.string(),
        from: z.string(),
        subject: z.string(),
        snippet: z.string(),
        labels: z.array(z.string()),
        flags: flagsField,
        sanitized: sanitizedField,
      }),
    )
    .describe('Every message of the thread, newest first.'),
  text: z.string().describe('This page of the rendering (the newest message in full, then earlier ones condensed), inside an untrusted-content block.'),
  page: pageSchema,
  nextCursor: z.string().optional(),
  untrustedContent: untrustedContentSchema,
});

export const readThread = defineTool({
  name: 'read_thread',
  toolset: 'read',
  title: 'Read a Gmail thread',
  description:
    'Read a conversation: the newest message in full (quoted history collapsed), then the earlier messages condensed to ' +
    'one entry each (use read_message for any of them in full). Long threads come in pages: pass nextCursor back as cursor. ' +
    UNTRUSTED_TOOL_NOTE,
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: true, openWorldHint: false, idempotentHint: true, destructiveHint: false },
  async handler(args, ctx) {
    const offset = args.cursor ? decodeCursor(args.cursor, { scope: 'thread', id: args.threadId }).offset : 0;
    const thread = await ctx.gmail.getThread(args.threadId, 'metadata', { signal: ctx.signal });
    const members = (thread.messages ?? []).map(messageSummaryOf);
    if (members.length === 0) throw new Error(`thread ${args.threadId} has no messages`);
    // The newest delivered message; an unsent draft at the end of a thread is not what the agent reads first.
    const delivered = members.filter((m) => !m.labelIds.includes('DRAFT'));
    const newestSummary = (delivered.length ? delivered : members)[(delivered.length ? delivered : members).length - 1];
    const [newest, labelName] = await Promise.all([
      ctx.gmail.getMessage(newestSummary.id, 'raw', { signal: ctx.signal }).then((m) => parseMessage(m)),
      ctx.labelNamer(),
    ]);
    const views = members.map(summaryView).reverse();
    const earlier = views.filter((v) => v.id !== newestSummary.id);
    const document = threadDocument(newest, earlier, labelName);
    const page = pageOf(document, offset, ctx.budget.threadChars, { scope: 'thread', id: args.threadId });
    // Like Gmail, the thread is named after its first message (views are newest first).
    const subject = views[views.length - 1]?.subject || newest.headers.subject;
    const guard = ctx.untrusted.response();
    const inspections = new Map<string, Inspection>();
    const notes: string[] = [];
    for (const view of views) {
      // The newest is read in full: inspect everything of it, the others as far as they are shown.
      const isNewest = view.id === newestSummary.id;
      const inspection = guard.inspect(view.id, isNewest ? newest.untrusted : view.untrusted);
      if (isNewest) guard.remember(view.id, newest.labelIds, newest.headers, newest.untrusted.text);
      else guard.remember(view.id, view.labelIds, { from: view.from, to: view.to }, view.untrusted.text);
      inspections.set(view.id, inspection);
      notes.push(...guard.textNotes(view.id, inspection));
    }
    const frame = { notice: guard.notice, wrap: guard.wrap.bind(guard), notes };
    return {
      text: renderThreadText(args.threadId, subject, members.length, page, frame),
      structured: {
        threadId: args.threadId,
        subject,
        messageCount: members.length,
        newestMessageId: newestSummary.id,
        messages: views.map((v) => ({
          id: v.id,
          date: v.date,
          from: v.from,
          subject: v.subject,
          snippet: v.snippet,
          labels: v.labelIds.map(labelName),
          ...inspectionFields(inspections.get(v.id)),
        })),
        text: guard.wrap(page.text),
        page: { start: page.start, end: page.end, totalChars: page.totalChars },
        nextCursor: page.nextCursor,
        untrustedContent: guard.marker,
      },
      summary: `thread ${args.threadId}: '${subject}' (${members.length} message${members.length === 1 ? '' : 's'})`,
      messageIds: members.map((m) => m.id),
      messagesRead: 1,
      flags: guard.observerFlags(),
      flaggedContent: guard.flaggedDescription,
    };
  },
});

