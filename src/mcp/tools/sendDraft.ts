import * as z from 'zod';
import { ToolInputError, defineTool } from '../server/toolDefinition';
import { declineReasonSchema, draftIdSchema, strictInput } from './shared/schemas';
import { declinedOutcome } from './shared/writeOutcome';
import { outgoingGlance } from '../server/callGlance';
import { loadDraftCandidate } from './shared/draftCandidate';

const inputSchema = strictInput({ draftId: draftIdSchema });

const outputSchema = z.object({
  status: z.enum(['sent', 'declined']),
  reason: declineReasonSchema.optional().describe('Why nothing was sent, when declined.'),
  id: z.string().optional().describe('Gmail id of the sent message.'),
  threadId: z.string().optional(),
});

export const sendDraft = defineTool({
  name: 'send_draft',
  toolset: 'drafts',
  title: 'Send an email draft',
  description: 'Send a draft as it is, after the user\'s approval.',
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  proposes: ['send'],
  async handler(args, ctx) {
    const { candidate } = await loadDraftCandidate(ctx, args.draftId);
    if (candidate.preview.to.length + candidate.preview.cc.length + candidate.preview.bcc.length === 0) {
      throw new ToolInputError(`Draft ${args.draftId} has no recipients; add them with update_draft first.`);
    }
    // The approved bytes go with the call, so a change to the draft after the approval cannot change what is sent.
    const outcome = await ctx.writes.propose({ kind: 'send', tool: 'send_draft', message: candidate, draftId: args.draftId });
    if (outcome.status === 'declined') return declinedOutcome(outcome, 'sent', undefined, outgoingGlance(candidate.preview));
    const { sent } = outcome;
    const to = [...candidate.preview.to, ...candidate.preview.cc, ...candidate.preview.bcc];
    return {
      text:
        `Sent draft ${args.draftId}: "${candidate.preview.subject}" to ${to.join(', ')} (message ${sent.id}, thread ${sent.threadId}).` +
        (sent.recovered ? ' (Gmail did not answer the send, but the message was found in Sent: it was sent once.)' : ''),
      structured: { status: 'sent' as const, id: sent.id, threadId: sent.threadId },
      effect: { kind: 'sent', draftId: args.draftId, subject: candidate.preview.subject, recipients: to.length },
      messageIds: [sent.id],
      glance: outgoingGlance(candidate.preview),
    };
  },
});
