import type { ConfirmationDecision, ConfirmationRequest, MessageLine } from './confirmer';
import { createHash } from 'node:crypto';

/**
 * The two texts a confirmation shows (left: what the person had; right: what will be), one function for the UI
 * that shows them and for the pipeline that checks the approval against them. An approval carries the hash of the
 * texts the person was shown (shownTextSha256), so the pipeline can compare it with what it is about to do.
 */

/** The right side of a draft deletion: nothing stays, and nothing brings it back. */
export const DELETED_DRAFT_TEXT = '(deleted: Gmail deletes drafts for good; there is no Undo)\n';

export interface ConfirmationTexts {
  readonly left: string;
  readonly right: string;
}

export function confirmationTexts(request: ConfirmationRequest): ConfirmationTexts {
  switch (request.kind) {
    case 'send':
      return { left: request.originalText, right: request.document };
    case 'draft':
      return { left: request.previousText, right: request.document };
    case 'deleteDraft':
      return { left: request.draftText, right: DELETED_DRAFT_TEXT };
    case 'changeMessages':
      return { left: messageLinesText(request.before), right: messageLinesText(request.after) };
  }
}

/** One affected message a line: date, sender, subject, labels. */
export function messageLinesText(lines: readonly MessageLine[]): string {
  return lines.map((m) => `${m.date}  ${m.from}  ${m.subject}  [${m.labels.join(', ')}]`).join('\n') + '\n';
}

/** sha256 (hex) over both sides as shown (the JSON array [left, right], UTF-8). */
export function shownTextSha256(texts: ConfirmationTexts): string {
  return createHash('sha256').update(JSON.stringify([texts.left, texts.right]), 'utf8').digest('hex');
}

/**
 * The approval of what the request shows, or of the person's edit of its right side: what a Confirmer returns
 * when the person approves (the UI computes it from the documents it displayed).
 */
export function approvalOf(request: ConfirmationRequest, editedRight?: string): Extract<ConfirmationDecision, { approved: true }> {
  const texts = confirmationTexts(request);
  const right = editedRight ?? texts.right;
  return { approved: true, shownTextSha256: shownTextSha256({ left: texts.left, right }), ...(editedRight !== undefined ? { editedDocument: editedRight } : {}) };
}
