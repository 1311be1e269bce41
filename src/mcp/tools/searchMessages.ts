import * as z from 'zod';
import { messageSummaryOf } from '../../gmail/client';
import { UnreadableMessageError } from '../../gmail/unreadableMessage';
import { listingView, summaryLine, summaryView, type SummaryView } from '../../gmail/render';
import { cutAt } from '../../gmail/textHygiene';
import { briefRemoval, type RemovalReport } from '../../guard/sanitize';
import { defineTool } from '../server/toolDefinition';
import { labelIdSchema, strictInput } from '../server/schemas';
import { flagsField, inspectionFields, sanitizedField, untrustedContentSchema, type ContentFlag, type Inspection } from '../server/untrustedContent';

/** A hit's snippet says what the mail is about (Gmail's run to ~200 characters); read_message has the rest. */
const HIT_SNIPPET_CHARS = 46;

const inputSchema = strictInput({
  query: z
    .string()
    .max(2000)
    .optional()
    .describe('Omit to list recent mail.'),
  labelIds: z.array(labelIdSchema).max(20).optional().describe('Only messages with all of these labels.'),
  maxResults: z.number().int().min(1).max(50).default(20),
  pageToken: z
    .string()
    .max(512)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be the nextPageToken of a previous search_messages result')
    .optional(),
  includeSpamTrash: z.boolean().default(false),
});

const outputSchema = z.object({
  messages: z.array(
    z.object({
      id: z.string(),
      threadId: z.string().optional().describe('Absent when it equals id (the message that started its thread).'),
      date: z.string().describe('ISO 8601, UTC, to the minute.'),
      from: z.string(),
      subject: z.string(),
      snippet: z.string(),
      labels: z.array(z.string()).optional().describe('Absent when the message has none.'),
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
    'List messages matching a Gmail query, newest first: id, thread, date, sender, subject, snippet, labels. Read them with read_message, read_messages or read_thread.',
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
          return listingView(await ctx.parsedMessages.parseListed({ ...message, internalDate: m.internalDate !== undefined ? String(m.internalDate) : message.internalDate }, { signal: ctx.signal }));
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
    const lines = views.map((v) => summaryLine({ ...v, snippet: hitSnippet(v.snippet) }, labelName));
    const count = views.length;
    const header = count
      ? `${count} message${count === 1 ? '' : 's'} (id | thread | date | from | subject | snippet [labels]):`
      : 'No messages match.';
    const more = result.nextPageToken ? `More results: call search_messages again with pageToken "${result.nextPageToken}".` : '';
    const listing = count ? [guard.notice, header, guard.wrap(lines.join('\n')), ...notes] : [header];
    return {
      text: [...listing, more].filter(Boolean).join('\n'),
      structured: {
        // The model gets this JSON alone (VS Code drops the text when a tool has an output schema), once per hit:
        // what tells hits apart (sender, date, subject, a short snippet) and every flag, nothing said twice. The
        // recipients are the reader's own address on nearly every hit; read_message has them.
        messages: views.map((v) => ({
          id: v.id,
          ...(v.threadId !== v.id ? { threadId: v.threadId } : {}),
          date: toTheMinute(v.date),
          from: v.from,
          subject: v.subject,
          snippet: hitSnippet(v.snippet),
          ...(v.labelIds.length ? { labels: v.labelIds.map(labelName) } : {}),
          ...hitInspection(inspections.get(v.id), v.untrusted.removed),
        })),
        nextPageToken: result.nextPageToken,
        // Without a next page, Gmail's estimate is the count of the hits above.
        ...(result.nextPageToken ? { resultSizeEstimate: result.resultSizeEstimate } : {}),
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

/** "2026-08-31T03:12Z" for "2026-08-31T03:12:44Z": a listing tells mail apart by the minute; read_message has the second. */
function toTheMinute(isoDate: string): string {
  return isoDate.replace(/^(\d{4}-\d\d-\d\dT\d\d:\d\d):\d\d(?:\.\d+)?Z$/, '$1Z');
}

/**
 * A hit's flags, each distinct one once (a mail with five fake role tags says so once: the model learns nothing from
 * the repeats), and what the sanitiser removed in brief: only what hid something from the reader.
 */
function hitInspection(inspection: Inspection | undefined, removed: RemovalReport): { flags?: ContentFlag[]; sanitized?: string } {
  const { flags } = inspectionFields(inspection);
  const distinct = flags && [...new Map(flags.map((f) => [JSON.stringify([f.reason, f.message, f.severity, f.hidden]), f])).values()];
  const sanitized = briefRemoval(removed);
  return { ...(distinct ? { flags: distinct } : {}), ...(sanitized ? { sanitized } : {}) };
}

/** The snippet cut to HIT_SNIPPET_CHARS at a word boundary, so an amount or a name is whole or absent, never half. */
function hitSnippet(snippet: string): string {
  const cut = cutAt(snippet, HIT_SNIPPET_CHARS);
  if (cut === snippet) return snippet;
  const words = cut.slice(0, -1);
  const space = words.lastIndexOf(' ');
  return `${space > HIT_SNIPPET_CHARS / 2 ? words.slice(0, space) : words}…`;
}
