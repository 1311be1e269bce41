import * as z from 'zod';
import { GmailApiError } from '../../gmail/errors';
import { resolveLabelChange } from '../../writes/labelChange';
import { selectMessages } from '../../writes/messageSelection';
import { plural } from '../../text/plural';
import { defineTool } from '../server/toolDefinition';
import { checkSelection, declineReasonSchema, failedChangeSchema, labelNameListSchema, selectionShape, strictInput } from './shared/schemas';
import { declinedOutcome } from './shared/writeOutcome';

const inputSchema = strictInput({
  ...selectionShape,
  archive: z.boolean().optional(),
  markRead: z.boolean().optional(),
  markUnread: z.boolean().optional(),
  star: z.boolean().optional(),
  unstar: z.boolean().optional(),
  addLabels: labelNameListSchema.optional().describe('Labels are not created.'),
  removeLabels: labelNameListSchema.optional(),
}).superRefine((args, ctx) => checkSelection(args, (message, path) => ctx.addIssue({ code: 'custom', message, path: [path] })));

const outputSchema = z.object({
  status: z.enum(['changed', 'declined']),
  reason: declineReasonSchema.optional().describe('Why nothing was changed, when declined.'),
  changed: z.array(z.string()).optional().describe('Ids whose labels were changed.'),
  addedLabelIds: z.array(z.string()).optional(),
  removedLabelIds: z.array(z.string()).optional(),
  failed: z.array(failedChangeSchema).optional(),
});

export const modifyLabels = defineTool({
  name: 'modify_labels',
  toolset: 'organize',
  title: 'Archive, mark, star or label emails',
  description:
    'Change labels after the user\'s approval: archive (leave Inbox), markRead/markUnread, star/unstar, addLabels/removeLabels (existing labels, by name or id). Pick messages by ids, threadIds, or a query with maxMessages.',
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  proposes: ['change'],
  async handler(args, ctx) {
    const labels = await ctx.gmail.listLabels({ signal: ctx.signal });
    const change = resolveLabelChange(args, labels);
    const messages = await selectMessages(ctx, args);
    const labelName = await ctx.labelNamer();
    const ids = messages.map((m) => m.id);
    const outcome = await ctx.writes.propose(
      {
        kind: 'change',
        tool: 'modify_labels',
        action: { type: 'labels', add: change.add, remove: change.remove, description: change.description },
        selected: messages,
        title: `${change.description[0].toUpperCase()}${change.description.slice(1)}: ${plural(ids.length, 'message')}`,
        labelName,
      },
    );
    if (outcome.status === 'declined') return declinedOutcome(outcome, 'changed', ids);
    const { result, undo } = outcome;
    if (result.changed.length === 0) throw new GmailApiError({ kind: 'unknown', message: `No message was changed: ${result.failed[0]?.error ?? 'Gmail refused'}` });
    const failedText = result.failed.length ? ` ${plural(result.failed.length, 'message')} could not be changed: ${result.failed.map((f) => `${f.id} (${f.error})`).join('; ')}` : '';
    return {
      text: `Done (${change.description}) for ${plural(result.changed.length, 'message')} (the user can undo this).${failedText}`,
      structured: {
        status: 'changed' as const,
        changed: [...result.changed],
        addedLabelIds: [...change.add],
        removedLabelIds: [...change.remove],
        failed: [...result.failed],
      },
      effect: { kind: 'labelsChanged', change: change.description, changed: result.changed.length, failed: result.failed.length },
      messageIds: result.changed,
      glance: { count: result.changed.length },
      ...(undo ? { undo } : {}),
    };
  },
});
