import * as vscode from 'vscode';
import { APPROVE_CONFIRMATION_COMMAND, REJECT_CONFIRMATION_COMMAND } from '../shared/commandIds';
import type { DiffConfirmer } from './confirmDiff';
import { CONFIRM_SCHEME, OUTGOING_SCHEME } from './confirmationDocuments';
import type { Grade } from '../../writes/evidence';
import { approveLabel, confirmationSummary } from './confirmationSummary';

const GRADE_ICONS: Record<Grade, string> = { danger: '$(error)', notice: '$(info)', none: '$(pass)' };

/** The documents a confirmation shows: the lenses appear only on a pending confirmation's right side. */
export const CONFIRMATION_DOCUMENTS: vscode.DocumentSelector = [{ scheme: OUTGOING_SCHEME }, { scheme: CONFIRM_SCHEME }];

/**
 * The decision inside the document itself: at the top of a pending confirmation's right side, the grade and its
 * summary and Send (or Save Draft / Apply) and Cancel, besides the editor title's buttons and the notification.
 * The buttons pass the document's own URI and nothing else: that URI is what the Confirmer's approveCommand
 * accepts as a direct decision (its random id is not something a mail could know).
 */
export class ConfirmationCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly confirmer: DiffConfirmer) {
    this.subscription = confirmer.onDidChangePending(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const key = document.uri.toString();
    const pending = this.confirmer.pending().find((p) => p.right.toString() === key);
    if (!pending) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const grade = pending.request.evidence.grade;
    const approve = new vscode.CodeLens(top, { title: `$(check) ${approveLabel(pending.request)}`, command: APPROVE_CONFIRMATION_COMMAND, arguments: [pending.right] });
    const cancel = new vscode.CodeLens(top, { title: '$(close) Cancel', command: REJECT_CONFIRMATION_COMMAND, arguments: [pending.right] });
    return [
      // confirmationSummary makes every mail-derived field plain; the icons here are ours.
      new vscode.CodeLens(top, { title: `${GRADE_ICONS[grade]} ${confirmationSummary(pending.request)}`, command: '' }),
      // Danger: Cancel comes first, where the eye and the default land.
      ...(grade === 'danger' ? [cancel, approve] : [approve, cancel]),
    ];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
