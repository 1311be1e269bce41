import * as vscode from 'vscode';
import type { ToolCallLog } from './toolCallLog';

export const TOOL_CALL_SCHEME = 'gmail-tool-call';

/** Read-only JSON documents of whole tool calls (a content provider's documents cannot be edited or saved). */
export class ToolCallDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly log: ToolCallLog) {
    this.subscription = log.onDidChange((record) => {
      if (record) this.changed.fire(uriForCall(record.callId));
    });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const callId = uri.path.replace(/^\//, '').replace(/\.json$/, '');
    const record = this.log.get(callId);
    if (!record) return JSON.stringify({ error: 'This call is no longer in the list.' }, null, 2);
    return JSON.stringify(
      {
        tool: record.tool,
        account: record.account,
        status: record.status,
        startedAt: new Date(record.startedAt).toISOString(),
        durationMs: record.durationMs,
        arguments: record.args,
        summary: record.summary,
        error: record.error,
        messageIds: record.messageIds,
        callId: record.callId,
      },
      null,
      2,
    );
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function uriForCall(callId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: TOOL_CALL_SCHEME, path: `/${callId}.json` });
}
