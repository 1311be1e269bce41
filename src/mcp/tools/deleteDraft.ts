import * as z from 'zod';
import { defineTool } from '../server/toolDefinition';
import { declinedOutcome } from './shared/writeOutcome';
import { outgoingGlance } from '../server/callGlance';
import { loadDraftCandidate } from './shared/draftCandidate';
import { declineReasonSchema, draftIdSchema, strictInput } from './shared/schemas';

const inputSchema = strictInput({ draftId: draftIdSchema });

const outputSchema = z.object({
  status: z.enum(['deleted', 'declined']),
  reason: declineReasonSchema.optional().describe('Why nothing was deleted, when declined.'),
  draftId: z.string(),
});

/**
 * drafts.delete is permanent (drafts have no trash), so every deletion is confirmed, the agent's own drafts
 * included, and nothing is listed for Undo.
 */
export const deleteDraft = defineTool({
  name: 'delete_draft',
  toolset: 'drafts',
  title: 'Delete an email draft',
  description: 'Delete a draft for good (no Undo), after the user\'s approval.',
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  proposes: ['deleteDraft'],
  async handler(args, ctx) {
    const { candidate, message } = await loadDraftCandidate(ctx, args.draftId);
    const outcome = await ctx.writes.propose({ kind: 'deleteDraft', tool: 'delete_draft', draftId: args.draftId, message: candidate });
    if (outcome.status === 'declined') return { ...declinedOutcome(outcome, 'deleted', undefined, outgoingGlance(candidate.preview)), structured: { status: 'declined' as const, reason: outcome.reason, draftId: args.draftId } };
    const subject = candidate.preview.subject;
    return {
      text: `Draft ${outcome.draftId} ("${subject}") deleted for good: Gmail keeps no copy, so this cannot be undone.`,
      structured: { status: 'deleted' as const, draftId: outcome.draftId },
      effect: { kind: 'draftDeleted', draftId: outcome.draftId, subject },
      messageIds: message.id ? [message.id] : [],
      glance: outgoingGlance(candidate.preview),
    };
  },
});
