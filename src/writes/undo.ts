import * as z from 'zod';
import type { BulkChangeResult, CallOptions, GmailWriter } from '../gmail/client';

/**
 * The inverse of a finished trash or label change, offered as Undo. The extension runs it itself (through the
 * account's GmailClient, without a confirmation: the user asked for it), never through the agent.
 */
export interface WriteUndo {
  readonly tool: 'untrash_messages' | 'modify_labels';
  readonly args: Readonly<Record<string, unknown>>;
}

const messageIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);

const untrashArgs = z.strictObject({ ids: z.array(messageIdSchema).min(1).max(1000) });
const labelIdList = z.array(z.string().regex(/^[A-Za-z0-9_-]{1,128}$/)).max(50);
const modifyArgs = z.strictObject({
  changes: z
    .array(z.strictObject({ ids: z.array(messageIdSchema).min(1).max(1000), addLabelIds: labelIdList, removeLabelIds: labelIdList }))
    .min(1)
    .max(100),
});

/**
 * Runs the Undo a finished trash or label change offered (ToolCallFinished.undo), when the user clicks it in the
 * tree view. The user asked for it, so there is no confirmation; the arguments are checked all the same, since
 * they travelled through the extension's records.
 */
export async function runUndo(gmail: Pick<GmailWriter, 'untrashMessages' | 'modifyMessages'>, undo: WriteUndo, options?: CallOptions): Promise<BulkChangeResult> {
  if (undo.tool === 'untrash_messages') {
    const { ids } = untrashArgs.parse(undo.args);
    return gmail.untrashMessages(ids, options);
  }
  if (undo.tool === 'modify_labels') {
    const { changes } = modifyArgs.parse(undo.args);
    const changed: string[] = [];
    const failed: Array<{ id: string; error: string }> = [];
    for (const c of changes) {
      const r = await gmail.modifyMessages(c.ids, c.addLabelIds, c.removeLabelIds, options);
      changed.push(...r.changed);
      failed.push(...r.failed);
    }
    return { changed, failed };
  }
  throw new TypeError(`runUndo: no undo for ${(undo as { tool: string }).tool}`);
}
