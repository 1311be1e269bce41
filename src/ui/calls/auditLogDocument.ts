import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';

export const AUDIT_SCHEME = 'gmail-audit';
export const OPEN_AUDIT_LOG_COMMAND = 'gmailTools.openAuditLog';

/** "Gmail: Open Audit Log": the JSONL file from global storage, shown read-only. */
export class AuditLogDocument implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly registrations: vscode.Disposable[];

  constructor(private readonly directory: string) {
    this.registrations = [
      vscode.workspace.registerTextDocumentContentProvider(AUDIT_SCHEME, this),
      vscode.commands.registerCommand(OPEN_AUDIT_LOG_COMMAND, () => this.open()),
    ];
  }

  async provideTextDocumentContent(): Promise<string> {
    return readFile(join(this.directory, 'audit.jsonl'), 'utf8').catch(() => '');
  }

  async open(): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: AUDIT_SCHEME, path: '/audit.jsonl' }));
    return vscode.window.showTextDocument(doc, { preview: true });
  }

  dispose(): void {
    for (const r of this.registrations) r.dispose();
  }
}
