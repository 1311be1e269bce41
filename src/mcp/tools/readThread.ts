import * as z from 'zod';
import { rawMailSlots } from '../server/rawMailSlots';
import { messageSummaryOf } from '../../gmail/client';
import { decodeCursor } from '../../mail/cursor';
import { listingView, overlaps, pageFields, pageOf, renderThreadText, sameTopic, sliceOnPage, summaryView, threadLayout, type SummaryView } from '../../mail/render';
import type { MessageSummary } from '../../gmail/client';
import type { ToolContext } from '../server/toolDefinition';
import { defineTool } from '../server/toolDefinition';
import { senderName } from '../server/callGlance';
import { attachmentSchema, cursorSchema, pageSchema, strictInput, threadIdSchema } from './shared/schemas';
import { flagsField, sanitizedField, untrustedContentSchema, inspectionFields, type Inspection } from '../server/untrustedContentInspector';

const inputSchema = strictInput({
  threadId: threadIdSchema,
  cursor: cursorSchema.optional(),
});

/**
 * The structured result holds each message once, as an object: the newest with its headers and body, the earlier
 * ones with a snippet (their own words; quoted history cut off). The text rendering, which says the same, is the
 * text content only (clients that ignore structured content read it).
 */
const outputSchema = z.object({
  threadId: z.string(),
  subject: z.string(),
  messageCount: z.number().int(),
  newestMessageId: z.string(),
  messages: z
    .array(
      z.object({
        id: z.string(),
        date: z.string().describe('ISO 8601, UTC.'),
        from: z.string(),
        to: z.string().optional().describe('The newest message only.'),
        cc: z.string().optional().describe('The newest message only, when it has one.'),
        subject: z.string().optional().describe("Present only when it is not the thread's subject (apart from Re:/Fwd: prefixes)."),
        labels: z.array(z.string()),
        attachments: z.array(attachmentSchema).optional().describe('The newest message only, when it has any.'),
        body: z
          .string()
          .optional()
          .describe('The newest message: this page of its body (quoted history collapsed), inside an untrusted-content block.'),
        snippet: z.string().optional().describe('Earlier messages: the start of the text, without quoted history (read_message <id> for all of it).'),
        flags: flagsField,
        sanitized: sanitizedField,
      }),
    )
    .describe('The messages this page shows, newest first; a long thread continues on the next page.'),
  page: pageSchema.optional().describe('Present when the thread is longer than one page.'),
  nextCursor: z.string().optional(),
  untrustedContent: untrustedContentSchema,
});

export const readThread = defineTool({
  name: 'read_thread',
  toolset: 'read',
  title: 'Read a Gmail thread',
  description: 'Read a conversation: the newest message in full, earlier ones condensed to one entry each (read_message has any in full).',
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
      ctx.gmail.getMessage(newestSummary.id, 'raw', { signal: ctx.signal }).then((m) => ctx.parsedMessages.parse(m, { nextPage: args.cursor !== undefined, signal: ctx.signal })),
      ctx.labelNamer(),
    ]);
    const views = (await earlierViews(members, newestSummary.id, ctx)).reverse();
    const earlier = views.filter((v) => v.id !== newestSummary.id);
    const byId = new Map(earlier.map((v) => [v.id, v]));
    // Like Gmail, the thread is named after its first message (views are newest first).
    const subject = views[views.length - 1]?.subject || newest.headers.subject;
    const layout = threadLayout(newest, earlier, labelName, subject);
    const page = pageOf(layout.text, offset, ctx.budget.threadChars, { scope: 'thread', id: args.threadId });
    if (page.nextCursor) ctx.parsedMessages.keepForPaging(newest);
    const guard = ctx.untrusted.response();
    const inspections = new Map<string, Inspection>();
    const notes: string[] = [];
    for (const view of views) {
      // The newest is read in full: inspect everything of it, the others as far as they are shown.
      const isNewest = view.id === newestSummary.id;
      const inspection = guard.inspect(view.id, isNewest ? newest.untrusted : view.untrusted, isNewest ? newest.headers.from : view.from);
      if (isNewest) await guard.remember(view.id, newest.labelIds, newest.headers, newest.untrusted, { threadId: args.threadId });
      else await guard.remember(view.id, view.labelIds, { from: view.from, to: view.to, subject: view.subject }, view.untrusted, { threadId: args.threadId });
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
        messages: [
          ...(overlaps(layout.newest, page)
            ? [
                {
                  id: newest.id || newestSummary.id,
                  date: newest.headers.date,
                  from: newest.headers.from,
                  to: newest.headers.to,
                  ...(newest.headers.cc ? { cc: newest.headers.cc } : {}),
                  ...(sameTopic(newest.headers.subject, subject) ? {} : { subject: newest.headers.subject }),
                  labels: newest.labelIds.map(labelName),
                  ...(newest.attachments.length ? { attachments: newest.attachments.map((a) => ({ ...a })) } : {}),
                  ...(overlaps(layout.newestBody, page) ? { body: guard.wrap(sliceOnPage(layout.text, layout.newestBody, page)) } : {}),
                  ...inspectionFields(inspections.get(newestSummary.id)),
                },
              ]
            : []),
          ...layout.earlier
            .filter((entry) => entry.start >= page.start && entry.start < page.end)
            .map((entry) => byId.get(entry.id))
            .filter((v): v is SummaryView => v !== undefined)
            .map((v) => ({
              id: v.id,
              date: v.date,
              from: v.from,
              ...(sameTopic(v.subject, subject) ? {} : { subject: v.subject }),
              labels: v.labelIds.map(labelName),
              snippet: v.snippet,
              ...inspectionFields(inspections.get(v.id)),
            })),
        ],
        ...pageFields(page),
        untrustedContent: guard.notice,
      },
      effect: { kind: 'threadRead', threadId: args.threadId, subject, messages: members.length },
      messageIds: members.map((m) => m.id),
      // The newest message is the one read whole here; the earlier ones are listed by their headers.
      ...(newest.attachments.some((a) => !a.inline) ? { attachmentMessageIds: [newest.id || newestSummary.id] } : {}),
      messagesRead: 1,
      // The newest message's sender, as the resource picker lists the thread a person attaches.
      glance: { subject, from: senderName(newest.headers.from), count: members.length },
      flags: guard.observerFlags(),
      flaggedContent: guard.flaggedDescription,
      withheld: guard.withheldText,
    };
  },
});


/**
 * Earlier messages are listed with a snippet of their visible body, never Gmail's snippet (built from hidden
 * elements too): each is read raw (5 quota units, like a search hit), the most recent EARLIER_WITH_SNIPPET of them;
 * older ones are listed without a snippet (read_message gives their text). The newest is read in full anyway.
 */
const EARLIER_WITH_SNIPPET = 20;

async function earlierViews(members: readonly MessageSummary[], newestId: string, ctx: Pick<ToolContext, 'gmail' | 'parsedMessages' | 'signal'>): Promise<SummaryView[]> {
  const earlier = members.filter((m) => m.id !== newestId);
  const withSnippet = new Set(earlier.slice(-EARLIER_WITH_SNIPPET).map((m) => m.id));
  const slots = rawMailSlots();
  return Promise.all(
    members.map(async (m) => {
      if (!withSnippet.has(m.id)) return summaryView({ ...m, snippet: '' });
      return slots.execute(async () => {
        const message = await ctx.gmail.getMessage(m.id, 'raw', { signal: ctx.signal });
        return listingView(await ctx.parsedMessages.parseListed(message, { signal: ctx.signal }));
      }, ctx.signal);
    }),
  );
}
