import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { ConfirmationDecision, ConfirmationRequest, Confirmer, OriginatedConfirmationRequest } from '../../writes/confirmer';
import { approvalOf, confirmationTexts } from '../../writes/confirmationText';
import type { EvidenceItem } from '../../writes/evidence';
import { CONFIRMATION_LANGUAGE, ConfirmationDocuments } from './confirmationDocuments';
import { confirmationNotice } from './confirmationNotice';
import { dangerItems, itemKey } from './confirmationEvidence';
import { approveLabel, confirmationNote, itemReasons } from './confirmationSummary';
import { plainText } from '../shared/untrustedText';

export const CONFIRMATION_PENDING_CONTEXT = 'gmailTools.confirmationPending';

export interface ConfirmerSettings {
  /** How long a confirmation waits before it counts as declined. */
  timeoutMs(): number;
}

/** A confirmation the user has not answered yet. */
export interface PendingConfirmation {
  readonly id: string;
  readonly request: OriginatedConfirmationRequest;
  readonly openedAt: number;
  readonly left: vscode.Uri;
  readonly right: vscode.Uri;
  /** The outgoing message as proposed (to tell an edit from no edit). */
  readonly proposedText: string;
  /** The note above the change on the right side (grade, evidence, who asks): shown, never sent. */
  readonly note: string;
  /** The notification's text, exactly as shown: warnings first, mail-derived fields capped and made plain. */
  readonly notice: string;
}

interface Waiter {
  readonly pending: PendingConfirmation;
  settle(decision: ConfirmationDecision): void;
}

/**
 * How our own UI (the notification's buttons, the palette's pick, a test driving the Confirmer through the
 * extension's API) names the confirmation it answers: typedCount answers the bulk prompt. Never taken from a
 * command's arguments: those can come from a command link anywhere VS Code renders one.
 */
export interface ApprovalInput {
  readonly id: string;
  readonly typedCount?: string;
  /** For a danger confirmation: the items the person ticked (itemKey); every danger item must be among them. */
  readonly ticked?: readonly string[];
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
  /** The note's first line when the grade is danger: it leads the confirmation and must not read like the rest. */
  private readonly dangerLine = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('inputValidation.errorBackground'),
    color: new vscode.ThemeColor('errorForeground'),
    fontWeight: 'bold',
    isWholeLine: true,
    overviewRulerColor: new vscode.ThemeColor('editorError.foreground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
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

  async confirm(request: OriginatedConfirmationRequest, signal?: AbortSignal): Promise<ConfirmationDecision> {
    if (signal?.aborted) return { approved: false, reason: 'cancelled' };
    const id = randomUUID().slice(0, 8);
    const { left, right, proposedText, note, title } = this.openDocuments(id, request);
    let settle!: (decision: ConfirmationDecision) => void;
    const decided = new Promise<ConfirmationDecision>((resolve) => (settle = resolve));
    const pending: PendingConfirmation = { id, request, openedAt: Date.now(), left, right, proposedText, note, notice: confirmationNotice(request) };
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

    // Before the diff opens: the diff editor reads diffEditor.codeLens for its document's language once, when it opens.
    await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(right), CONFIRMATION_LANGUAGE).then(undefined, () => undefined);
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: false });
    // The diff opens at its first change, which may be below the note (an inline diff shows the original's lines
    // first): the note's first line is what the person must see first.
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === right.toString());
    shown?.revealRange(new vscode.Range(0, 0, 0, 0), vscode.TextEditorRevealType.AtTop);
    this.decorateAll();
    this.notify(pending, decided);
    return decided;
  }

  /**
   * The Approve command (editor title, palette, or anything else that runs a command). The editor title passes the
   * diff's own document URI, whose random id a mail could not know: that approves the confirmation it belongs to.
   * Any other invocation (the palette, a `command:` link, arguments from anywhere) decides nothing by itself: it
   * opens our pick, where the person chooses.
   */
  async approveCommand(argument?: unknown): Promise<boolean> {
    const waiter = argument instanceof vscode.Uri ? this.byUri(argument) : undefined;
    if (waiter) return this.approve({ id: waiter.pending.id });
    return this.decideInPick('approve');
  }

  /** The Cancel command: like approveCommand, only the diff's own URI decides directly. */
  async rejectCommand(argument?: unknown): Promise<boolean> {
    const waiter = argument instanceof vscode.Uri ? this.byUri(argument) : undefined;
    if (waiter) return this.reject({ id: waiter.pending.id });
    return this.decideInPick('reject');
  }

  /** Approve one confirmation by id: our notification's button, the pick, or a test through the extension API. */
  async approve(input: ApprovalInput): Promise<boolean> {
    const waiter = this.waiters.get(input.id);
    if (!waiter) return false;
    const { request, right, proposedText, note } = waiter.pending;
    let editedDocument: string | undefined;
    if (request.kind === 'send' && request.editable) {
      const current = this.documents.currentText(right);
      if (current !== undefined && !current.startsWith(note)) {
        // The note is not part of the message: an edit into it would be sent as header lines, or lost. Said, not guessed.
        void vscode.window.showErrorMessage('Gmail Tools: the note above the message was changed. Undo that edit (the note is never sent) or Cancel; nothing was sent yet.');
        return false;
      }
      const message = current?.slice(note.length);
      if (message !== undefined && message !== proposedText) editedDocument = message;
    }
    const dangerous = dangerItems(request.evidence);
    if (dangerous.length) {
      const ticked = input.ticked ?? (await this.askTicks(request, dangerous));
      if (ticked === undefined || !this.waiters.has(input.id)) return false;
      const missing = dangerous.filter((item) => !ticked.includes(itemKey(item)));
      if (missing.length) {
        void vscode.window.showErrorMessage(
          `Gmail Tools: nothing was sent. ${missing.length} of ${dangerous.length} dangerous items not ticked: tick each one to say you checked it, or Cancel.`,
        );
        return false;
      }
    }
    if (request.kind === 'changeMessages' && request.typedCountRequired !== undefined) {
      const expected = String(request.typedCountRequired);
      const typed =
        input.typedCount ??
        (await vscode.window.showInputBox({
          title: plainText(request.title, { max: 80 }),
          prompt: `This changes ${expected} messages. Type ${expected} to approve.`,
          validateInput: (value) => (value.trim() === expected ? undefined : `Type ${expected} to approve, or press Escape.`),
          ignoreFocusOut: true,
        }));
      if (typed?.trim() !== expected) {
        if (typed !== undefined) void vscode.window.showErrorMessage(`Gmail Tools: the count did not match ${expected}; nothing was changed yet.`);
        return false;
      }
    }
    // The approval carries the hash of the texts shown (the edit, when the person changed the message; the note is not sent).
    waiter.settle(approvalOf(request, editedDocument));
    return true;
  }

  reject(input: ApprovalInput): boolean {
    const waiter = this.waiters.get(input.id);
    if (!waiter) return false;
    waiter.settle({ approved: false, reason: 'declined' });
    return true;
  }

  private byUri(uri: vscode.Uri): Waiter | undefined {
    const key = uri.toString();
    return [...this.waiters.values()].find((w) => w.pending.right.toString() === key || w.pending.left.toString() === key);
  }

  /**
   * A quick pick listing the pending confirmations with their warnings first; the person picks one to approve
   * (or cancel). Nothing is decided when the pick is dismissed.
   */
  private async decideInPick(decision: 'approve' | 'reject'): Promise<boolean> {
    const waiting = [...this.waiters.values()];
    if (!waiting.length) return false;
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    waiting.sort((a, b) => Number(b.pending.right.toString() === active) - Number(a.pending.right.toString() === active));
    const verb = decision === 'approve' ? 'Approve' : 'Cancel';
    const picked = await vscode.window.showQuickPick(
      waiting.map((w) => ({
        // Quick picks render $(icon) syntax: the notice is plain text already, the label is ours.
        label: `${verb}: ${w.pending.request.kind === 'changeMessages' ? 'change' : w.pending.request.kind} (${plainText(w.pending.request.account, { max: 60 })})`,
        detail: w.pending.notice.replace(/^Gmail Tools: /, ''),
        id: w.pending.id,
      })),
      { title: decision === 'approve' ? 'Approve which Gmail action?' : 'Cancel which Gmail action?', ignoreFocusOut: true, matchOnDetail: false },
    );
    if (!picked) return false;
    return decision === 'approve' ? this.approve({ id: picked.id }) : this.reject({ id: picked.id });
  }

  /**
   * The two sides of the diff: the texts the pipeline rendered (the outgoing message from its exact bytes) and will
   * check the approval against. The right side starts with the note (grade, evidence, who asks; confirmationNote) and
   * its end line, then the change itself: the note shows in a side-by-side and an inline diff alike, and the change
   * below it reads on its own. The note is never sent, so the approval does not bind it. The tab title leads with the
   * grade when it is danger.
   */
  private openDocuments(id: string, request: OriginatedConfirmationRequest) {
    const texts = confirmationTexts(request);
    const note = confirmationNote(request);
    const danger = request.evidence.grade === 'danger' ? '⚠ Danger: ' : '';
    if (request.kind === 'send') {
      const proposedText = texts.right;
      const left = this.documents.putReadOnly(id, 'original message', texts.left);
      const right = request.editable
        ? this.documents.putEditable(id, 'outgoing message', note + proposedText)
        : this.documents.putReadOnly(id, 'outgoing message', note + proposedText);
      const verb = request.tool === 'send_draft' ? 'Send draft' : 'Send';
      return { left, right, proposedText, note, title: `${danger}${verb} as ${request.account}: review (${request.editable ? 'editable' : 'read-only'})` };
    }
    if (request.kind === 'draft') {
      const proposedText = texts.right;
      const left = this.documents.putReadOnly(id, 'draft as it is', texts.left);
      const right = this.documents.putReadOnly(id, 'draft as it will be', note + proposedText);
      return { left, right, proposedText, note, title: `${danger}Change a draft of ${request.account}: review (read-only)` };
    }
    if (request.kind === 'deleteDraft') {
      const left = this.documents.putReadOnly(id, 'draft as it is', texts.left);
      const right = this.documents.putReadOnly(id, 'deleted', note + texts.right);
      return { left, right, proposedText: '', note, title: `${danger}Delete a draft of ${request.account} for good (no Undo): review` };
    }
    const left = this.documents.putReadOnly(id, 'before', texts.left);
    const right = this.documents.putReadOnly(id, 'after', note + texts.right);
    return { left, right, proposedText: '', note, title: `${danger}${plainText(request.title, { max: 80 })} (${request.account})` };
  }

  /**
   * The notification: the notice and one button, Cancel (so Cancel is its default), for as long as the confirmation
   * waits. A progress notification closes when its task ends, so a decided confirmation leaves nothing behind in the
   * notification centre; a message notification's buttons would stay there, live, after the decision.
   */
  private notify(pending: PendingConfirmation, decided: Promise<ConfirmationDecision>): void {
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: pending.notice, cancellable: true }, (_progress, token) => {
      token.onCancellationRequested(() => this.reject({ id: pending.id }));
      return decided;
    });
  }

  /**
   * The deliberate extra step of a danger confirmation: each dangerous item on its own, one pick after the other,
   * each with Cancel first (what Enter or Escape does) and "I checked it" second. One action per item, by design: a
   * multi-select pick has a "select all" box and Ctrl+A, which would tick every item at once. Returns the checked
   * items' keys, or undefined as soon as the person cancels one.
   */
  private async askTicks(request: ConfirmationRequest, dangerous: readonly EvidenceItem[]): Promise<string[] | undefined> {
    const checked: string[] = [];
    try {
      for (const [index, item] of dangerous.entries()) {
        if (!(await this.askTick(request, item, index, dangerous.length))) return undefined;
        checked.push(itemKey(item));
      }
      return checked;
    } finally {
      this.itemBeingChecked = undefined;
    }
  }

  /** Which dangerous item the person is asked to check right now (tests wait on it); undefined when none. */
  itemBeingChecked: { readonly index: number; readonly total: number } | undefined;

  private askTick(request: ConfirmationRequest, item: EvidenceItem, index: number, total: number): Promise<boolean> {
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { checked: boolean }>();
    pick.ignoreFocusOut = true;
    pick.matchOnDescription = false;
    pick.matchOnDetail = false;
    pick.title = `${approveLabel(request).replace(/…$/, '')} despite the danger? Dangerous item ${index + 1} of ${total}`;
    pick.placeholder = 'Cancel sends nothing; choose "I checked it" for this item to go on';
    // Quick picks render $(icon) syntax in labels: values and reasons are plain text already, our icons are ours.
    const value = plainText(item.value, { max: 120 });
    pick.items = [
      { checked: false, label: '$(close) Cancel: nothing is sent' },
      { checked: true, label: `$(check) I checked it: ${value}`, description: item.kind, detail: itemReasons(item) },
    ];
    pick.activeItems = [pick.items[0]];
    return new Promise((resolve) => {
      let answer = false;
      pick.onDidAccept(() => {
        answer = pick.selectedItems[0]?.checked === true;
        pick.hide();
      });
      pick.onDidHide(() => {
        pick.dispose();
        resolve(answer);
      });
      pick.show();
      this.itemBeingChecked = { index, total };
    });
  }

  /**
   * Marks the note's first line when it is danger, and each recipient the evidence grades, beside its header line on
   * the right side (the line wraps: the mark is never cut off at the edge).
   */
  private decorateAll(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const waiter = [...this.waiters.values()].find((w) => w.pending.right.toString() === editor.document.uri.toString());
      if (!waiter) continue;
      const { request, note } = waiter.pending;
      const evidence = request.evidence;
      editor.setDecorations(this.dangerLine, evidence.grade === 'danger' ? [editor.document.lineAt(0).range] : []);
      const graded = evidence.items.filter((item) => item.kind === 'recipient' && item.grade !== 'none');
      const decorations: vscode.DecorationOptions[] = [];
      const noteLines = note.split('\n').length - 1;
      for (let line = noteLines; line < editor.document.lineCount; line++) {
        const text = editor.document.lineAt(line).text;
        if (!/^(To|Cc|Bcc):/i.test(text) && !/^[ \t]/.test(text)) {
          if (text.trim() === '') break;
          continue;
        }
        const hits = graded.filter((item) => text.toLowerCase().includes(bareAddress(item.value)));
        if (!hits.length) continue;
        decorations.push({
          range: editor.document.lineAt(line).range,
          // Short: a mark after the text does not wrap with the line. The note above has every reason in full.
          renderOptions: { after: { contentText: plainText(hits.map((h) => `${h.grade === 'danger' ? '⚠ danger' : 'notice'}: ${h.reasons[0] ?? ''}`).join('; '), { max: 80 }) } },
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
    this.dangerLine.dispose();
    this.documents.dispose();
    this.changed.dispose();
  }
}

/** "Name <a@b>" -> "a@b", lower case: how a graded recipient is found on a header line. */
function bareAddress(value: string): string {
  return (/<([^<>]+)>\s*$/.exec(value)?.[1] ?? value).trim().toLowerCase();
}
