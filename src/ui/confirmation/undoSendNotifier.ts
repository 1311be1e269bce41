import * as vscode from 'vscode';
import type { PendingSend, UndoSendWindow } from '../../writes/undoSend';
import { plainText } from '../shared/untrustedText';

/**
 * The UI of the undo-send window: one notification per held send, counting down, with Undo. The waiting itself
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

  private async show(send: PendingSend): Promise<void> {
    const shown = send.recipients.slice(0, 3).map((r) => plainText(r, { max: 60 })).join(', ');
    const more = send.recipients.length > 3 ? ` and ${send.recipients.length - 3} more` : '';
    const what = `"${plainText(send.subject, { max: 80 })}" to ${shown}${more}`;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Gmail Tools: sending ${what} from ${send.account}`, cancellable: false },
      async (progress) => {
        const choice = vscode.window.showInformationMessage(`Gmail Tools: ${what} goes out when the countdown ends.`, 'Undo');
        void choice.then((picked) => {
          if (picked === 'Undo') this.window.undo(send.id);
        });
        while (this.shown.has(send.id) && this.window.pending().some((p) => p.id === send.id)) {
          const seconds = Math.max(0, Math.ceil((send.sendsAt - Date.now()) / 1000));
          progress.report({ message: `in ${seconds} s. Undo keeps it from being sent.` });
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      },
    );
  }

  dispose(): void {
    this.unsubscribe();
    this.shown.clear();
  }
}
