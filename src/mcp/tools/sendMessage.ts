import * as z from 'zod';
import { prepareOutgoing } from '../../writes/outgoingMessage';
import { defineTool } from '../server/toolDefinition';
import { addressListSchema, fromSchema, attachmentRefsSchema, bodyFormatSchema, bodySchema, filesSchema, declineReasonSchema, messageIdSchema, strictInput, subjectSchema } from './shared/schemas';
import { declinedOutcome, replyToSetAsideSchema, replyToSetAsideText } from './shared/writeOutcome';
import { outgoingGlance } from '../server/callGlance';

const inputSchema = strictInput({
  from: fromSchema.optional(),
  to: addressListSchema.optional(),
  cc: addressListSchema.optional(),
  bcc: addressListSchema.optional(),
  subject: subjectSchema.optional().describe('Required for a new message.'),
  body: bodySchema.describe('For a forward: the note above it.'),
  replyToMessageId: messageIdSchema.optional().describe('To its sender (or its Reply-To inside the sender\'s domain).'),
  replyAll: z.boolean().optional().describe('With replyToMessageId: also its To and Cc.'),
  forwardMessageId: messageIdSchema.optional(),
  attachments: attachmentRefsSchema.optional(),
  files: filesSchema.optional(),
  bodyFormat: bodyFormatSchema.optional(),
}).superRefine((args, ctx) => {
  if (args.replyToMessageId && args.forwardMessageId) ctx.addIssue({ code: 'custom', message: 'give replyToMessageId or forwardMessageId, not both', path: ['forwardMessageId'] });
  if (args.replyAll !== undefined && !args.replyToMessageId) ctx.addIssue({ code: 'custom', message: 'replyAll needs replyToMessageId', path: ['replyAll'] });
  if (!args.replyToMessageId && !(args.to?.length || args.cc?.length || args.bcc?.length)) {
    ctx.addIssue({ code: 'custom', message: 'at least one recipient (to, cc or bcc) is required', path: ['to'] });
  }
});

const outputSchema = z.object({
  status: z.enum(['sent', 'declined']),
  reason: declineReasonSchema.optional().describe('Why nothing was sent, when declined.'),
  id: z.string().optional().describe('Gmail id of the sent message.'),
  threadId: z.string().optional(),
  rfc822MessageId: z.string().optional(),
  edited: z.boolean().optional().describe('The user edited the message before approving; what was sent differs from the request.'),
  droppedAttachments: z.array(z.string()).optional().describe('Attachments the user removed before approving: not sent.'),
  replyToSetAside: replyToSetAsideSchema.optional(),
});

export const sendMessage = defineTool({
  name: 'send_message',
  toolset: 'send',
  title: 'Send an email',
  description:
    'Send an email after the user\'s approval: a new message, a reply (replyToMessageId: in its thread, "Re:" subject) or a forward (forwardMessageId: with the original and its attachments).',
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  proposes: ['send'],
  async handler(args, ctx) {
    const prepared = await prepareOutgoing(ctx, { ...args, appendSignature: ctx.appendSignature });
    const outcome = await ctx.writes.propose(
      { kind: 'send', tool: 'send_message', message: prepared.candidate, original: prepared.original, rebuild: prepared.rebuild },
    );
    if (outcome.status === 'declined') {
      const declined = declinedOutcome(outcome, 'sent', undefined, outgoingGlance(prepared.candidate.preview));
      if (!prepared.replyToSetAside.length) return declined;
      return { ...declined, text: declined.text + replyToSetAsideText(prepared.replyToSetAside, 'was addressed'), structured: { ...declined.structured, replyToSetAside: [...prepared.replyToSetAside] } };
    }
    const { sent, message: candidate, edited, droppedAttachments: dropped } = outcome;
    const to = [...candidate.preview.to, ...candidate.preview.cc, ...candidate.preview.bcc];
    const droppedText = dropped.map((name) => `"${name}"`).join(', ');
    return {
      text:
        `Sent "${candidate.preview.subject}" to ${to.join(', ')} (message ${sent.id}, thread ${sent.threadId}).` +
        (edited ? ' The user edited the message before sending: the sent version differs from the request.' : '') +
        (dropped.length ? ` The user removed ${dropped.length === 1 ? 'the attachment' : 'these attachments'} ${droppedText}: not sent.` : '') +
        (sent.recovered ? ' (Gmail did not answer the send, but the message was found in Sent: it was sent once.)' : '') +
        replyToSetAsideText(prepared.replyToSetAside, 'went'),
      structured: {
        status: 'sent' as const,
        id: sent.id,
        threadId: sent.threadId,
        rfc822MessageId: candidate.messageId,
        ...(edited ? { edited: true } : {}),
        ...(dropped.length ? { droppedAttachments: [...dropped] } : {}),
        ...(prepared.replyToSetAside.length ? { replyToSetAside: [...prepared.replyToSetAside] } : {}),
      },
      effect: { kind: 'sent', subject: candidate.preview.subject, recipients: to.length, edited, droppedAttachments: dropped },
      messageIds: [sent.id],
      edited,
      glance: outgoingGlance(candidate.preview),
    };
  },
});
