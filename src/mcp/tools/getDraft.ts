import * as z from 'zod';
import { decodeCursor } from '../../mail/cursor';
import { headerBlock, pageFields, pageOf } from '../../mail/render';
import { ToolInputError, defineTool } from '../server/toolDefinition';
import { attachmentSchema, cursorSchema, draftIdSchema, pageSchema, strictInput } from './shared/schemas';
import { flagsField, inspectionFields, sanitizedField, untrustedContentSchema } from '../server/untrustedContentInspector';

const inputSchema = strictInput({
  draftId: draftIdSchema,
  cursor: cursorSchema.optional(),
});

const outputSchema = z.object({
  draftId: z.string(),
  messageId: z.string(),
  threadId: z.string(),
  from: z.string(),
  to: z.string(),
  cc: z.string().optional(),
  bcc: z.string().optional(),
  replyTo: z.string().optional(),
  date: z.string().describe('ISO 8601, UTC.'),
  subject: z.string(),
  attachments: z.array(attachmentSchema).optional(),
  body: z.string().describe('This page of the body text (quoted history collapsed), inside an untrusted-content block.'),
  page: pageSchema.optional().describe('Present when the body is longer than one page.'),
  nextCursor: z.string().optional(),
  untrustedContent: untrustedContentSchema,
  flags: flagsField,
  sanitized: sanitizedField,
});

/**
 * A draft is read like a message: what it quotes of mail from others, and whatever an agent put into it, goes
 * through the same guard (spotlight, withheld hidden text, flags, provenance). Through drafts.get, which
 * gmail.compose allows, so the drafts toolset needs no read scope for it.
 */
export const getDraft = defineTool({
  name: 'get_draft',
  toolset: 'drafts',
  title: 'Read an email draft',
  description: 'Read one draft: headers, attachments and the body as text.',
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: true, openWorldHint: false, idempotentHint: true, destructiveHint: false },
  async handler(args, ctx) {
    const draft = await ctx.gmail.getDraft(args.draftId, 'raw', { signal: ctx.signal });
    const message = draft.message;
    if (!message?.raw || !message.id) throw new ToolInputError(`Gmail returned draft ${args.draftId} without its content.`);
    // A draft's message id changes with every update: a cursor from before an update_draft no longer fits.
    const offset = args.cursor ? decodeCursor(args.cursor, { scope: 'message', id: message.id }).offset : 0;
    const parsed = await ctx.parsedMessages.parse(message, { nextPage: args.cursor !== undefined, signal: ctx.signal });
    const labelName = await ctx.labelNamer();
    const page = pageOf(parsed.body, offset, ctx.budget.messageChars, { scope: 'message', id: message.id });
    if (page.nextCursor) ctx.parsedMessages.keepForPaging(parsed);
    const guard = ctx.untrusted.response();
    const inspection = guard.inspect(parsed.id, parsed.untrusted);
    await guard.remember(parsed.id, parsed.labelIds, parsed.headers, parsed.untrusted, { threadId: parsed.threadId });
    const bodyText = page.text || (parsed.bodySource === 'none' ? '(no text body)' : '(empty)');
    const head = page.start === 0 ? headerBlock(parsed, labelName) : `Message ${parsed.id} (continued): ${parsed.headers.subject}`;
    const more = page.nextCursor
      ? `[more: characters ${page.start}–${page.end} of ${page.totalChars} shown; call get_draft again with cursor "${page.nextCursor}"]`
      : '';
    const text = [guard.notice, `Draft ${args.draftId}:`, guard.wrap(`${head}\n\n${bodyText}`), ...guard.textNotes(parsed.id, inspection), more]
      .filter(Boolean)
      .join('\n');
    const h = parsed.headers;
    return {
      text,
      structured: {
        draftId: draft.id ?? args.draftId,
        messageId: parsed.id,
        threadId: parsed.threadId,
        from: h.from,
        to: h.to,
        ...(h.cc ? { cc: h.cc } : {}),
        ...(h.bcc ? { bcc: h.bcc } : {}),
        ...(h.replyTo ? { replyTo: h.replyTo } : {}),
        date: h.date,
        subject: h.subject,
        ...(parsed.attachments.length ? { attachments: parsed.attachments.map((a) => ({ ...a })) } : {}),
        body: guard.wrap(bodyText),
        ...pageFields(page),
        untrustedContent: guard.notice,
        ...inspectionFields(inspection),
      },
      effect: { kind: 'draftRead', draftId: args.draftId, subject: h.subject, fromCharacter: page.start },
      messageIds: [parsed.id],
      messagesRead: 1,
      glance: { subject: h.subject },
      flags: guard.observerFlags(),
      flaggedContent: guard.flaggedDescription,
    };
  },
});
