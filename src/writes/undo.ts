import * as z from 'zod';
import { GMAIL_ID_PATTERN } from '../gmail/gmailId';

/**
 * The inverse of a finished trash or label change, offered as Undo. The person starts it (from the tree view), so it
 * needs no confirmation; it is still a change like any other: it goes through the writes pipeline
 * (WritePipeline.undo: the user's limits, the record of what changed, the audit log), never through a Gmail client
 * handed to the UI, and never through the agent.
 */
export interface WriteUndo {
  readonly tool: 'untrash_messages' | 'modify_labels';
  readonly args: Readonly<Record<string, unknown>>;
}

/** An Undo read back as the changes it makes: untrash these ids, or per group add and remove these labels. */
export type UndoChanges =
  | { readonly action: 'untrash'; readonly ids: readonly string[] }
  | { readonly action: 'labels'; readonly changes: ReadonlyArray<{ readonly ids: readonly string[]; readonly addLabelIds: readonly string[]; readonly removeLabelIds: readonly string[] }> };

const messageIdSchema = z.string().regex(GMAIL_ID_PATTERN);

const untrashArgs = z.strictObject({ ids: z.array(messageIdSchema).min(1).max(1000) });
const labelIdList = z.array(z.string().regex(GMAIL_ID_PATTERN)).max(50);
const modifyArgs = z.strictObject({
  changes: z
    .array(z.strictObject({ ids: z.array(messageIdSchema).min(1).max(1000), addLabelIds: labelIdList, removeLabelIds: labelIdList }))
    .min(1)
    .max(100),
});

/** The arguments checked all the same (they travelled through the extension's records); throws on anything else. */
export function readUndo(undo: WriteUndo): UndoChanges {
  if (undo.tool === 'untrash_messages') return { action: 'untrash', ids: untrashArgs.parse(undo.args).ids };
  if (undo.tool === 'modify_labels') return { action: 'labels', changes: modifyArgs.parse(undo.args).changes };
  throw new TypeError(`readUndo: no undo for ${(undo as { tool: string }).tool}`);
}
