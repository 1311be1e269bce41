import * as z from 'zod';
import { humanSize } from '../../writes/outgoingDocument';
import { prepareOutgoing } from '../../writes/outgoingMessage';
import { defineTool } from '../server/toolDefinition';
import { outgoingGlance } from '../server/callGlance';
import { declinedText } from '../../writes/declined';
import { WriteRefusedError } from '../../writes/errors';
import { replyToSetAsideSchema, replyToSetAsideText } from './shared/writeOutcome';
import { addressListSchema, fromSchema, attachmentRefsSchema, bodyFormatSchema, bodySchema, filesSchema, messageIdSchema, strictInput, subjectSchema } from './shared/schemas';

const inputSchema = strictInput({
  from: fromSchema.optional(),
  to: addressListSchema.optional(),
  cc: addressListSchema.optional(),
  bcc: addressListSchema.optional(),
  subject: subjectSchema.optional().describe('Required for a new message.'),
  body: bodySchema,
  inReplyToMessageId: messageIdSchema.optional(),
  replyAll: z.boolean().optional().describe('With inReplyToMessageId: also its To and Cc.'),
  attachments: attachmentRefsSchema.optional(),
  files: filesSchema.optional(),
  bodyFormat: bodyFormatSchema.optional(),
}).superRefine((args, ctx) => {
  if (args.replyAll !== undefined && !args.inReplyToMessageId) ctx.addIssue({ code: 'custom', message: 'replyAll needs inReplyToMessageId', path: ['replyAll'] });
  if (!args.inReplyToMessageId && !(args.to?.length || args.cc?.length || args.bcc?.length)) {
    ctx.addIssue({ code: 'custom', message: 'at least one recipient (to, cc or bcc) is required', path: ['to'] });
  }
});

const outputSchema = z.object({
  draftId: z.string(),
  messageId: z.string().describe('Gmail id of the draft message.'),
  threadId: z.string(),
  subject: z.string(),
  replyToSetAside: replyToSetAsideSchema.optional(),
});

export const createDraft = defineTool({
  name: 'create_draft',
  toolset: 'drafts',
  title: 'Create an email draft',
  description: 'Save a draft (nothing is sent): a new message or a reply (inReplyToMessageId: in its thread, "Re:" subject). send_draft sends it.',
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  proposes: ['draft'],
  async handler(args, ctx) {
    const { candidate, original, replyToSetAside } = await prepareOutgoing(ctx, { ...args, replyToMessageId: args.inReplyToMessageId, appendSignature: ctx.appendSignature });
    const outcome = await ctx.writes.propose({ kind: 'draft', tool: 'create_draft', message: candidate, ...(original ? { original } : {}) });
    // A new draft is confirmed only when it carries danger evidence (the person may send it from Gmail later).
    if (outcome.status === 'declined') throw new WriteRefusedError(declinedText(outcome.reason, 'saved'));
    const { draft } = outcome;
    return {
      text:
        `Draft ${draft.id} saved: "${candidate.preview.subject}" to ${[...candidate.preview.to, ...candidate.preview.cc, ...candidate.preview.bcc].join(', ')}` +
        (candidate.preview.attachments.length ? `, attached: ${candidate.preview.attachments.map((a) => `"${a.filename}" (${humanSize(a.size)})`).join(', ')}` : '') +
        '. Nothing was sent.' +
        replyToSetAsideText(replyToSetAside, 'is addressed'),
      structured: {
        draftId: draft.id,
        messageId: draft.message.id,
        threadId: draft.message.threadId,
        subject: candidate.preview.subject,
        ...(replyToSetAside.length ? { replyToSetAside: [...replyToSetAside] } : {}),
      },
      effect: { kind: 'draftSaved', draftId: draft.id, subject: candidate.preview.subject },
      messageIds: draft.message.id ? [draft.message.id] : [],
      glance: outgoingGlance(candidate.preview),
    };
  },
});
