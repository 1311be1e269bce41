import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { ConfirmationDecision, ConfirmationRequest, Confirmer, MarkedRecipient } from '../writes/confirmer';
import { renderOutgoingDocument } from '../writes/outgoingDocument';
import { ConfirmationDocuments } from './confirmationDocuments';
import { plainNotificationText } from './plainText';

export const CONFIRMATION_PENDING_CONTEXT = 'gmailTools.confirmationPending';

export interface ConfirmerSettings {
  /** How long a confirmation waits before it counts as declined. */
  timeoutMs(): number;
}

/** A confirmation the user has not answered yet. */
export interface PendingConfirmation {
  readonly id: string;
  readonly request: ConfirmationRequest;
  readonly openedAt: number;
  readonly left: vscode.Uri;
  readonly right: vscode.Uri;
  /** The outgoing message as proposed (to tell an edit from no edit). */
  readonly proposedText: string;
}

interface Waiter {
  readonly pending: PendingConfirmation;
  settle(decision: ConfirmationDecision): void;
}

/** How the user (or a test driving the same code path) approves: typedCount answers the bulk prompt. */
export interface ApprovalInput {
  readonly id?: string;
  readonly typedCount?: string;
}

/**
 * The Confirmer the user answers: every send and every change to messages opens a diff editor (left: what
 * the user had, right: exactly what will happen), with Send/Apply and Cancel in the editor title and in a
 * notification. Closing the diff, Cancel or the timeout decline; nothing else approves.
 */
export class DiffConfirmer implements Confirmer, vscode.Disposable {
  private readonly documents = new ConfirmationDocuments();
  private readonly waiters = new Map<string, Waiter>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangePending = this.changed.event;
  private readonly markers = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorWarning.foreground') },
    backgroundColor: new vscode.ThemeColor('diffEditor.insertedLineBackground'),
    isWholeLine: true,
  });
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly settings: ConfirmerSettings) {
    this.subscriptions.push(
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        for (const tab of e.closed) {
          const input = tab.input;
          if (!(input instanceof vscode.TabInputTextDiff)) continue;
          for (const waiter of this.waiters.values()) {
            if (input.modified.toString() === waiter.pending.right.toString()) waiter.settle({ approved: false, reason: 'closed' });
          }
        }
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorateAll()),
    );
  }

  pending(): PendingConfirmation[] {
    return [...this.waiters.values()].map((w) => w.pending);
  }

  async confirm(request: ConfirmationRequest, signal?: AbortSignal): Promise<ConfirmationDecision> {
    if (signal?.aborted) return { approved: false, reason: 'cancelled' };
    const id = randomUUID().slice(0, 8);
    const { left, right, proposedText, title } = this.openDocuments(id, request);
    let settle!: (decision: ConfirmationDecision) => void;
    const decided = new Promise<ConfirmationDecision>((resolve) => (settle = resolve));
    const pending: PendingConfirmation = { id, request, openedAt: Date.now(), left, right, proposedText };
    const timer = setTimeout(() => waiter.settle({ approved: false, reason: 'timeout' }), this.settings.timeoutMs());
    const onAbort = () => waiter.settle({ approved: false, reason: 'cancelled' });
    signal?.addEventListener('abort', onAbort, { once: true });
    let done = false;
    const waiter: Waiter = {
      pending,
      settle: (decision) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiters.delete(id);
        void this.closeDiff(right).finally(() => this.documents.forget(id));
        void this.updateContext();
        this.changed.fire();
        settle(decision);
      },
    };
    this.waiters.set(id, waiter);
    void this.updateContext();
    this.changed.fire();

    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: false });
    this.decorateAll();
    void this.notify(pending);
    return decided;
  }

  /** Approve: from the editor title, the notification, or a test driving the same path. */
  async approve(input?: ApprovalInput | vscode.Uri): Promise<boolean> {
    const waiter = this.find(input);
    if (!waiter) return false;
    const { request, right, proposedText } = waiter.pending;
    if (request.kind === 'changeMessages' && request.typedCountRequired !== undefined) {
      const expected = String(request.typedCountRequired);
      const typed =
        (input && !(input instanceof vscode.Uri) ? input.typedCount : undefined) ??
        (await vscode.window.showInputBox({
          title: request.title,
          prompt: `This changes ${expected} messages. Type ${expected} to approve.`,
          validateInput: (value) => (value.trim() === expected ? undefined : `Type ${expected} to approve, or press Escape.`),
          ignoreFocusOut: true,
        }));
      if (typed?.trim() !== expected) {
        if (typed !== undefined) void vscode.window.showErrorMessage(`Gmail Tools: the count did not match ${expected}; nothing was changed yet.`);
        return false;
      }
    }
    let editedDocument: string | undefined;
    if (request.kind === 'send' && request.editable) {
      const current = this.documents.currentText(right);
      if (current !== undefined && current !== proposedText) editedDocument = current;
    }
    waiter.settle({ approved: true, payloadHash: request.payloadHash, editedDocument });
    return true;
  }

  reject(input?: ApprovalInput | vscode.Uri): boolean {
    const waiter = this.find(input);
    if (!waiter) return false;
    waiter.settle({ approved: false, reason: 'declined' });
    return true;
  }

  private find(input?: ApprovalInput | vscode.Uri): Waiter | undefined {
    if (input instanceof vscode.Uri) {
      return [...this.waiters.values()].find((w) => w.pending.right.toString() === input.toString() || w.pending.left.toString() === input.toString());
    }
    if (input?.id) return this.waiters.get(input.id);
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    const byEditor = [...this.waiters.values()].find((w) => w.pending.right.toString() === active || w.pending.left.toString() === active);
    if (byEditor) return byEditor;
    return this.waiters.size === 1 ? [...this.waiters.values()][0] : undefined;
  }

  private openDocuments(id: string, request: ConfirmationRequest) {
    if (request.kind === 'send') {
      const proposedText = renderOutgoingDocument(request.message);
      const left = this.documents.putReadOnly(id, 'original message', request.originalText);
      const right = request.editable
        ? this.documents.putEditable(id, 'outgoing message', proposedText)
        : this.documents.putReadOnly(id, 'outgoing message', proposedText);
      const verb = request.tool === 'send_draft' ? 'Send draft' : 'Send';
      return { left, right, proposedText, title: `${verb} as ${request.account}: review (${request.editable ? 'editable' : 'read-only'})` };
    }
    if (request.kind === 'draft') {
      const proposedText = renderOutgoingDocument(request.message);
      const left = this.documents.putReadOnly(id, 'draft as it is', request.previousText);
      const right = this.documents.putReadOnly(id, 'draft as it will be', proposedText);
      return { left, right, proposedText, title: `Change a draft of ${request.account}: review (read-only)` };
    }
    const lines = (items: typeof request.before) =>
      items.map((m) => `${m.date}  ${m.from}  ${m.subject}  [${m.labels.join(', ')}]`).join('\n') + '\n';
    const left = this.documents.putReadOnly(id, 'before', lines(request.before));
    const right = this.documents.putReadOnly(id, 'after', lines(request.after));
    return { left, right, proposedText: '', title: `${request.title} (${request.account})` };
  }

  private async notify(pending: PendingConfirmation): Promise<void> {
    const { request } = pending;
    const approveLabel = request.kind === 'send' ? 'Send' : request.kind === 'draft' ? 'Save Draft' : 'Apply';
    let message: string;
    // Subjects, names and titles come from mail or the agent: plain text only (no links, no command URIs).
    if (request.kind === 'send' || request.kind === 'draft') {
      const to = [...request.message.to, ...request.message.cc, ...request.message.bcc];
      const warnings = describeMarks(request.message.markedRecipients);
      const links = request.message.untrustedLinks.length ? ` ${request.message.untrustedLinks.length} link(s) came from untrusted mail.` : '';
      const what = request.kind === 'send' ? 'send' : 'change a draft you wrote into';
      message = plainNotificationText(
        `Gmail Tools: the agent wants to ${what} "${request.message.subject}" from ${request.account} to ${to.join(', ')}.${warnings}${links} Review the diff.`,
        600,
      );
    } else {
      message = plainNotificationText(`Gmail Tools: the agent wants to ${request.title.charAt(0).toLowerCase()}${request.title.slice(1)} in ${request.account}. Review the diff.`, 600);
    }
    const choice = await vscode.window.showWarningMessage(message, approveLabel, 'Cancel');
    if (!this.waiters.has(pending.id)) return;
    if (choice === approveLabel) await this.approve({ id: pending.id });
    else if (choice === 'Cancel') this.reject({ id: pending.id });
  }

  /** Marks recipients that need a second look, beside their header line on the right side. */
  private decorateAll(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const waiter = [...this.waiters.values()].find((w) => w.pending.right.toString() === editor.document.uri.toString());
      if (!waiter || (waiter.pending.request.kind !== 'send' && waiter.pending.request.kind !== 'draft')) continue;
      const marks = waiter.pending.request.message.markedRecipients;
      const decorations: vscode.DecorationOptions[] = [];
      for (let line = 0; line < editor.document.lineCount; line++) {
        const text = editor.document.lineAt(line).text;
        if (!/^(To|Cc|Bcc):/i.test(text)) {
          if (text.trim() === '') break;
          continue;
        }
        const hits = marks.filter((m) => text.toLowerCase().includes(m.address.toLowerCase()));
        if (!hits.length) continue;
        decorations.push({
          range: editor.document.lineAt(line).range,
          renderOptions: { after: { contentText: `⚠ ${hits.map((h) => `${h.address}: ${h.reasons.join(', ')}`).join('; ')}` } },
        });
      }
      editor.setDecorations(this.markers, decorations);
    }
  }

  private async closeDiff(right: vscode.Uri): Promise<void> {
    // Closing an edited, unsaved right side would make VS Code ask whether to save a message that is already
    // sent or declined; saving it into its own review file first (while that still exists) closes it quietly.
    const edited = vscode.workspace.textDocuments.find((d) => d.isDirty && d.uri.toString() === right.toString());
    if (edited) await edited.save().then(undefined, () => false);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === right.toString());
    if (tabs.length) await vscode.window.tabGroups.close(tabs, true).then(undefined, () => undefined);
  }

  private updateContext(): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', CONFIRMATION_PENDING_CONTEXT, this.waiters.size > 0);
  }

  dispose(): void {
    for (const waiter of [...this.waiters.values()]) waiter.settle({ approved: false, reason: 'cancelled' });
    for (const s of this.subscriptions) s.dispose();
    this.markers.dispose();
    this.documents.dispose();
    this.changed.dispose();
  }
}

function describeMarks(marks: readonly MarkedRecipient[]): string {
  const flagged = marks.filter((m) => m.reasons.length);
  if (!flagged.length) return '';
  return ` Check: ${flagged.map((m) => `${m.address} (${m.reasons.join(', ')})`).join('; ')}.`;
}
