import { z } from 'zod';
import { decodeCursor } from '../../gmail/cursor';
import { pageOf, parseMessage, renderMessageText } from '../../gmail/render';
import { UNTRUSTED_TOOL_NOTE } from '../../guard/spotlight';
import { defineTool } from '../toolDefinition';
import { attachmentSchema, cursorSchema, messageIdSchema, pageSchema, strictInput } from '../schemas';
import { flagsField, sanitizedField, untrustedContentSchema, inspectionFields } from '../untrustedContent';

const inputSchema = strictInput({
  id: messageIdSchema,
  cursor: cursorSchema.optional(),
});

const outputSchema = z.object({
  id: z.string(),
  threadId: z.string(),
  labels: z.array(z.string()),
  from: z.string(),
  to: z.string(),
  cc: z.string(),
  replyTo: z.string(),
  date: z.string().describe('ISO 8601, UTC.'),
  subject: z.string(),
  rfc822MessageId: z.string().describe('The Message-ID header (for replies).'),
  attachments: z.array(attachmentSchema),
  bodySource: z.enum(['text/plain', 'text/html', 'none']),
  body: z.string().describe('This page of the body text (quoted history collapsed), inside an untrusted-content block.'),
  collapsedQuotedLines: z.number().int(),
  page: pageSchema,
  nextCursor: z.string().optional(),
  untrustedContent: untrustedContentSchema,
  flags: flagsField,
  sanitized: sanitizedField,
});

export const readMessage = defineTool({
  name: 'read_message',
  toolset: 'read',
  title: 'Read a Gmail message',
  description:
    'Read one message: headers (from, to, cc, date, subject, labels, attachments) and the body as text (HTML converted, ' +
    'quoted history collapsed). Long bodies come in pages: pass nextCursor back as cursor to continue. ' +
    UNTRUSTED_TOOL_NOTE,
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: true, openWorldHint: false, idempotentHint: true, destructiveHint: false },
  async handler(args, ctx) {
    const offset = args.cursor ? decodeCursor(args.cursor, { scope: 'message', id: args.id }).offset : 0;
    const message = await ctx.gmail.getMessage(args.id, 'raw', { signal: ctx.signal });
    const parsed = await parseMessage(message);
    const labelName = await ctx.labelNamer();
    const page = pageOf(parsed.body, offset, ctx.budget.messageChars, { scope: 'message', id: parsed.id || args.id });
    const guard = ctx.untrusted.response();
    const inspection = guard.inspect(parsed.id, parsed.untrusted);
    guard.remember(parsed.id, parsed.labelIds, parsed.headers, parsed.untrusted.text);
    const frame = { notice: guard.notice, wrap: guard.wrap.bind(guard), notes: guard.textNotes(parsed.id, inspection) };
    return {
      text: renderMessageText(parsed, page, labelName, frame),
      structured: {
        id: parsed.id,
        threadId: parsed.threadId,
        labels: parsed.labelIds.map(labelName),
        from: parsed.headers.from,
        to: parsed.headers.to,
        cc: parsed.headers.cc,
        replyTo: parsed.headers.replyTo,
        date: parsed.headers.date,
        subject: parsed.headers.subject,
        rfc822MessageId: parsed.headers.messageId,
        attachments: parsed.attachments.map((a) => ({ ...a })),
        bodySource: parsed.bodySource,
        body: guard.wrap(page.text),
        collapsedQuotedLines: parsed.collapsedQuotedLines,
        page: { start: page.start, end: page.end, totalChars: page.totalChars },
        nextCursor: page.nextCursor,
        untrustedContent: guard.marker,
        ...inspectionFields(inspection),
      },
      summary: `message ${parsed.id}: '${parsed.headers.subject}'${page.start > 0 ? ` (from character ${page.start})` : ''}`,
      messageIds: [parsed.id],
      messagesRead: 1,
      flags: guard.observerFlags(),
      flaggedContent: guard.flaggedDescription,
    };
  },
});
