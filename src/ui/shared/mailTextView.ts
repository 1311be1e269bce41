import * as vscode from 'vscode';
import { mailTextHtml } from './mailTextHtml';

/** The read-only view of our documents that carry mail text (package.json `customEditors`). */
export const MAIL_TEXT_VIEW_TYPE = 'gmailTools.mailText';

/**
 * Opened messages, Show Withheld Text and a call's details, shown as a read-only webview rather than a text editor.
 * Why: VS Code's chat takes the active text editor as implicit context. It offers the file as a chip, attaches it
 * whole in Ask mode, attaches any selection in it even in Agent mode ("User's active selection"), and Copilot
 * Chat's agent prompt names the active file's URI; it does so for any URI scheme but notebook cells and its own chat
 * resources, and an extension has no public way to opt a document out. A webview editor is none of that: the
 * chat's implicit context and Copilot's "current file" look only at code editors (test/harness/runChatContext.mjs).
 * The text is the same the content providers serve (tests and `openTextDocument` still read it); here it is shown
 * escaped in a <pre>, with no scripts, links, images or command URIs: nothing in mail is rendered or clickable.
 */
export class MailTextViews implements vscode.CustomReadonlyEditorProvider, vscode.Disposable {
  private readonly sources = new Map<string, vscode.TextDocumentContentProvider>();
  private readonly panels = new Map<string, Set<vscode.WebviewPanel>>();
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.window.registerCustomEditorProvider(MAIL_TEXT_VIEW_TYPE, this, {
      webviewOptions: { enableFindWidget: true },
      supportsMultipleEditorsPerDocument: false,
    });
  }

  /** Documents of `scheme` are shown with the text `source` provides for them. */
  register(scheme: string, source: vscode.TextDocumentContentProvider): vscode.Disposable {
    this.sources.set(scheme, source);
    const changes = source.onDidChange?.((uri) => this.refresh(uri));
    return new vscode.Disposable(() => {
      changes?.dispose();
      if (this.sources.get(scheme) === source) this.sources.delete(scheme);
    });
  }

  /** Opens (or refreshes and reveals) the view of `uri`. */
  async show(uri: vscode.Uri): Promise<void> {
    this.refresh(uri);
    await vscode.commands.executeCommand('vscode.openWith', uri, MAIL_TEXT_VIEW_TYPE, { preview: true });
  }

  /** Renders the open views of `uri` again (its text changed). */
  refresh(uri: vscode.Uri): void {
    for (const panel of this.panels.get(uri.toString()) ?? []) panel.webview.html = mailTextHtml(this.textOf(uri));
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const key = document.uri.toString();
    panel.webview.options = { enableScripts: false, enableCommandUris: false, localResourceRoots: [] };
    panel.webview.html = mailTextHtml(this.textOf(document.uri));
    const open = this.panels.get(key) ?? new Set<vscode.WebviewPanel>();
    open.add(panel);
    this.panels.set(key, open);
    panel.onDidDispose(() => {
      open.delete(panel);
      if (!open.size) this.panels.delete(key);
    });
  }

  private textOf(uri: vscode.Uri): string {
    const source = this.sources.get(uri.scheme);
    const text = source ? source.provideTextDocumentContent(uri, new vscode.CancellationTokenSource().token) : undefined;
    return typeof text === 'string' ? text : 'This document is not available in this window.';
  }

  dispose(): void {
    this.registration.dispose();
    this.sources.clear();
    this.panels.clear();
  }
}

/**
 * The URI of the mail-text view or text editor the person is looking at: commands run from the palette (no URI
 * argument) act on it.
 */
export function activeMailTextUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom && input.viewType === MAIL_TEXT_VIEW_TYPE) return input.uri;
  return vscode.window.activeTextEditor?.document.uri;
}
