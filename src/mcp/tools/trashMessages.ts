import * as z from 'zod';
import { GmailApiError } from '../../gmail/errors';
import { selectMessages } from '../../writes/messageSelection';
import { plural } from '../../text/plural';
import { defineTool } from '../server/toolDefinition';
import { checkSelection, declineReasonSchema, failedChangeSchema, selectionShape, strictInput } from './shared/schemas';
import { declinedOutcome } from './shared/writeOutcome';

const inputSchema = strictInput(selectionShape).superRefine((args, ctx) =>
  checkSelection(args, (message, path) => ctx.addIssue({ code: 'custom', message, path: [path] })),
);

const outputSchema = z.object({
  status: z.enum(['trashed', 'declined']),
  reason: declineReasonSchema.optional().describe('Why nothing was changed, when declined.'),
  trashed: z.array(z.string()).optional().describe('Ids moved to Trash.'),
  failed: z.array(failedChangeSchema).optional(),
});

export const trashMessages = defineTool({
  name: 'trash_messages',
  toolset: 'organize',
  title: 'Move emails to Trash',
  description:
    'Move messages to Trash (Gmail deletes them after 30 days), after the user\'s approval. Pick them by ids, threadIds, or a query with maxMessages.',
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  proposes: ['change'],
  async handler(args, ctx) {
    const messages = await selectMessages(ctx, args);
    const labelName = await ctx.labelNamer();
    const ids = messages.map((m) => m.id);
    const outcome = await ctx.writes.propose(
      { kind: 'change', tool: 'trash_messages', action: { type: 'trash' }, selected: messages, title: `Move ${plural(ids.length, 'message')} to Trash`, labelName },
    );
    if (outcome.status === 'declined') return declinedOutcome(outcome, 'changed', ids);
    const { result, undo } = outcome;
    if (result.changed.length === 0) throw new GmailApiError({ kind: 'unknown', message: `No message was moved to Trash: ${result.failed[0]?.error ?? 'Gmail refused'}` });
    const failedText = result.failed.length ? ` ${plural(result.failed.length, 'message')} could not be moved: ${result.failed.map((f) => `${f.id} (${f.error})`).join('; ')}` : '';
    return {
      text: `Moved ${plural(result.changed.length, 'message')} to Trash (the user can undo this).${failedText}`,
      structured: { status: 'trashed' as const, trashed: [...result.changed], failed: [...result.failed] },
      effect: { kind: 'trashed', changed: result.changed.length, failed: result.failed.length },
      messageIds: result.changed,
      glance: { count: result.changed.length },
      ...(undo ? { undo } : {}),
    };
  },
});
