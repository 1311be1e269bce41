import * as vscode from 'vscode';
import type { PendingSend, UndoSendWindow } from '../../writes/undoSend';
import { plainText } from '../shared/untrustedText';

/**
 * The UI of the undo-send window: one notification per held send, counting down, whose Cancel undoes it. The waiting itself
 * is the writes room's (UndoSendWindow); this only shows it and calls undo(). Subjects and recipients came from
 * the agent or from mail, so they are shown as plain text.
 */
export class UndoSendNotifier implements vscode.Disposable {
  private readonly shown = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(private readonly window: UndoSendWindow) {
    this.unsubscribe = window.onDidChange(() => this.showNew());
  }

  private showNew(): void {
    const pending = this.window.pending();
    const live = new Set(pending.map((p) => p.id));
    for (const id of [...this.shown]) if (!live.has(id)) this.shown.delete(id);
    for (const send of pending) {
      if (this.shown.has(send.id)) continue;
      this.shown.add(send.id);
      void this.show(send);
    }
  }

  /**
   * One notification for the whole window: the countdown, and its Cancel button undoes the send. It closes when the
   * window ends (sent, undone or shut down), so no button is left behind that claims to undo a send already gone (a
   * separate message with an Undo button would stay in the notification centre).
   */
  private async show(send: PendingSend): Promise<void> {
    const shown = send.recipients.slice(0, 3).map((r) => plainText(r, { max: 60 })).join(', ');
    const more = send.recipients.length > 3 ? ` and ${send.recipients.length - 3} more` : '';
    const what = `"${plainText(send.subject, { max: 80 })}" to ${shown}${more}`;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Gmail Tools: sending ${what} from ${send.account}`, cancellable: true },
      async (progress, token) => {
        const undo = token.onCancellationRequested(() => this.window.undo(send.id));
        try {
          while (this.isHeld(send.id)) {
            const seconds = Math.max(0, Math.ceil((send.sendsAt - Date.now()) / 1000));
            progress.report({ message: `in ${seconds} s. Cancel here undoes it: nothing is sent.` });
            await this.nextTickOrChange();
          }
        } finally {
          undo.dispose();
        }
      },
    );
  }

  private isHeld(id: string): boolean {
    return this.shown.has(id) && this.window.pending().some((p) => p.id === id);
  }

  /** A second for the countdown, or sooner when a send is released or undone (the notification closes at once). */
  private nextTickOrChange(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      };
      const timer = setTimeout(done, 1000);
      const unsubscribe = this.window.onDidChange(done);
    });
  }

  dispose(): void {
    this.unsubscribe();
    this.shown.clear();
  }
}
