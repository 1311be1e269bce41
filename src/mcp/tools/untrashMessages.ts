import * as z from 'zod';
import { GmailApiError } from '../../gmail/errors';
import { selectMessages } from '../../writes/messageSelection';
import { plural } from '../../text/plural';
import { defineTool } from '../server/toolDefinition';
import { declineReasonSchema, failedChangeSchema, messageIdListSchema, strictInput } from './shared/schemas';
import { declinedOutcome } from './shared/writeOutcome';

const inputSchema = strictInput({ ids: messageIdListSchema });

const outputSchema = z.object({
  status: z.enum(['restored', 'declined']),
  reason: declineReasonSchema.optional().describe('Why nothing was changed, when declined.'),
  restored: z.array(z.string()).optional().describe('Ids taken out of Trash.'),
  failed: z.array(failedChangeSchema).optional(),
});

export const untrashMessages = defineTool({
  name: 'untrash_messages',
  toolset: 'organize',
  title: 'Restore emails from Trash',
  description: 'Take messages out of Trash, after the user\'s approval.',
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  proposes: ['change'],
  async handler(args, ctx) {
    const messages = await selectMessages(ctx, args);
    const labelName = await ctx.labelNamer();
    const ids = messages.map((m) => m.id);
    const outcome = await ctx.writes.propose(
      { kind: 'change', tool: 'untrash_messages', action: { type: 'untrash' }, selected: messages, title: `Restore ${plural(ids.length, 'message')} from Trash`, labelName },
    );
    if (outcome.status === 'declined') return declinedOutcome(outcome, 'changed', ids);
    const { result } = outcome;
    if (result.changed.length === 0) throw new GmailApiError({ kind: 'unknown', message: `No message was restored: ${result.failed[0]?.error ?? 'Gmail refused'}` });
    const failedText = result.failed.length ? ` ${plural(result.failed.length, 'message')} could not be restored: ${result.failed.map((f) => `${f.id} (${f.error})`).join('; ')}` : '';
    return {
      text: `Restored ${plural(result.changed.length, 'message')} from Trash.${failedText}`,
      structured: { status: 'restored' as const, restored: [...result.changed], failed: [...result.failed] },
      effect: { kind: 'restored', changed: result.changed.length, failed: result.failed.length },
      messageIds: result.changed,
      glance: { count: result.changed.length },
    };
  },
});
