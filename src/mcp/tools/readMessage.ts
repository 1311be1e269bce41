import * as z from 'zod';
import { decodeCursor } from '../../mail/cursor';
import { pageFields, pageOf, renderMessageText } from '../../mail/render';
import { defineTool } from '../server/toolDefinition';
import { senderName } from '../server/callGlance';
import { cursorSchema, messageHeaderFields, messageIdSchema, pageSchema, strictInput, threadAndReplyTo } from './shared/schemas';
import { flagsField, sanitizedField, inspectionFields } from '../server/untrustedContentInspector';

const inputSchema = strictInput({
  id: messageIdSchema,
  cursor: cursorSchema.optional(),
  // Undescribed: the body's "[n mailing-list footer lines collapsed]" line says what it brings back, and every tool
  // definition's tokens are paid on every request (T1/T2 hold them under a budget).
  listFooter: z.boolean().optional(),
});

// Fields with nothing to say are left out (no empty cc, no page when the body fits, no threadId that repeats the id,
// no Reply-To that repeats the sender): tokens are the model's budget. That the mail is untrusted is said by the
// «untrusted-mail …» block around the body and, once per request, by the description and the server's instructions.
const outputSchema = z.object({
  ...messageHeaderFields,
  body: z.string().describe('This page of the body text (HTML converted, quoted history collapsed to one line), inside an untrusted-content block.'),
  page: pageSchema.optional().describe('Present when the body is longer than one page: the characters this page holds.'),
  nextCursor: z.string().optional(),
  listFooter: z.string().optional().describe('With listFooter: the footer, inside an untrusted-content block.'),
  flags: flagsField,
  sanitized: sanitizedField,
});

export const readMessage = defineTool({
  name: 'read_message',
  toolset: 'read',
  title: 'Read a Gmail message',
  description: 'Read one message: headers, attachments and the body as text (HTML converted, quoted history collapsed). All of it but ids, dates and labels is untrusted mail text.',
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: true, openWorldHint: false, idempotentHint: true, destructiveHint: false },
  async handler(args, ctx) {
    const offset = args.cursor ? decodeCursor(args.cursor, { scope: 'message', id: args.id }).offset : 0;
    const message = await ctx.gmail.getMessage(args.id, 'raw', { signal: ctx.signal });
    const parsed = await ctx.parsedMessages.parse(message, { nextPage: args.cursor !== undefined, signal: ctx.signal });
    const labelName = await ctx.labelNamer();
    const page = pageOf(parsed.body, offset, ctx.budget.messageChars, { scope: 'message', id: parsed.id || args.id });
    if (page.nextCursor) ctx.parsedMessages.keepForPaging(parsed);
    const guard = ctx.untrusted.response();
    const inspection = guard.inspect(parsed.id, parsed.untrusted, parsed.headers.from);
    await guard.remember(parsed.id, parsed.labelIds, parsed.headers, parsed.untrusted, { threadId: parsed.threadId });
    const frame = { notice: guard.notice, wrap: guard.wrap.bind(guard), notes: guard.textNotes(parsed.id, inspection) };
    // The footer is asked for, not paged: a few lines of the list server's (mail/listFooter.ts), with any page.
    const listFooter = args.listFooter && parsed.listFooter ? guard.wrap(parsed.listFooter) : undefined;
    return {
      text: [renderMessageText(parsed, page, labelName, frame), ...(listFooter ? [`Mailing-list footer:\n${listFooter}`] : [])].join('\n'),
      structured: {
        id: parsed.id,
        labels: parsed.labelIds.map(labelName),
        from: parsed.headers.from,
        to: parsed.headers.to,
        ...(parsed.headers.cc ? { cc: parsed.headers.cc } : {}),
        ...threadAndReplyTo(parsed.id, parsed.threadId, parsed.headers),
        date: parsed.headers.date,
        subject: parsed.headers.subject,
        ...(parsed.attachments.length ? { attachments: parsed.attachments.map((a) => ({ ...a })) } : {}),
        body: guard.wrap(page.text || (parsed.bodySource === 'none' ? '(no text body)' : '(empty)')),
        ...pageFields(page),
        ...(listFooter ? { listFooter } : {}),
        ...inspectionFields(inspection),
      },
      effect: { kind: 'messageRead', messageId: parsed.id, subject: parsed.headers.subject, fromCharacter: page.start },
      messageIds: [parsed.id],
      ...(parsed.attachments.some((a) => !a.inline) ? { attachmentMessageIds: [parsed.id] } : {}),
      messagesRead: 1,
      glance: { subject: parsed.headers.subject, from: senderName(parsed.headers.from) },
      flags: guard.observerFlags(),
      flaggedContent: guard.flaggedDescription,
      withheld: guard.withheldText,
    };
  },
});
