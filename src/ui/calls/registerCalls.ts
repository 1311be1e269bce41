import * as vscode from 'vscode';
import type { AccountMcpEndpoint } from '../../mcp/server/accountServer';
import type { UndoSendWindow } from '../../writes/undoSend';
import { CLEAR_CALLS_COMMAND, SHOW_CALL_COMMAND, UNDO_CALL_COMMAND } from '../shared/commandIds';
import type { Own } from '../shared/feature';
import type { MailTextViews } from '../shared/mailTextView';
import { plainText } from '../shared/untrustedText';
import { AuditLogDocument } from './auditLogDocument';
import { PauseSwitch } from './pauseSwitch';
import { TOOL_CALL_SCHEME, ToolCallDocumentProvider, uriForCall } from './toolCallDocuments';
import { ToolCallLog } from './toolCallLog';
import { ToolCallsTreeProvider } from './toolCallsView';
import { WithheldTextDocuments } from './withheldTextDocument';

export interface CallsFeature {
  readonly toolCalls: ToolCallLog;
  readonly toolCallsTree: ToolCallsTreeProvider;
  readonly pause: PauseSwitch;
}

export interface CallsDeps {
  readonly globalState: vscode.Memento;
  /** Where the audit log is written (global storage). */
  readonly auditDirectory: string;
  /** Approved sends waiting for Undo. */
  readonly undoSend: UndoSendWindow;
  /** Where documents that carry mail text open: a read-only view, never a text editor (the chat's implicit context). */
  readonly views: MailTextViews;
  /** The account's running MCP server, for Undo; read when Undo runs (the servers are built after this feature). */
  endpointFor(account: string): AccountMcpEndpoint | undefined;
}

/**
 * What the person sees of the agent's calls and how they stop or reverse them: the calls tree (with its badge),
 * a call's document and withheld text, the audit log document, the pause switch, Show Call, Clear and Undo.
 */
export function registerCalls(own: Own, deps: CallsDeps): CallsFeature {
  const toolCalls = own(new ToolCallLog());
  const toolCallsTree = own(new ToolCallsTreeProvider(toolCalls));
  const treeView = own(vscode.window.createTreeView('gmailTools.calls', { treeDataProvider: toolCallsTree, showCollapseAll: true }));
  own(
    toolCalls.onDidChange(() => {
      const waiting = toolCalls.awaitingApproval();
      treeView.badge = waiting ? { value: waiting, tooltip: `${waiting} Gmail action(s) awaiting your approval` } : undefined;
    }),
  );
  const toolCallDocuments = own(new ToolCallDocumentProvider(toolCalls));
  own(vscode.workspace.registerTextDocumentContentProvider(TOOL_CALL_SCHEME, toolCallDocuments));
  own(deps.views.register(TOOL_CALL_SCHEME, toolCallDocuments));
  own(new WithheldTextDocuments(toolCalls, deps.views));
  own(new AuditLogDocument(deps.auditDirectory));
  const pause = own(new PauseSwitch(deps.globalState));

  const showCall = async (callId?: string): Promise<void> => {
    const record = callId ? toolCalls.get(callId) : undefined;
    if (!record) return;
    await deps.views.show(uriForCall(record));
  };

  /** Undo from the tree: the person asked for it, so no confirmation; the account's writes pipeline runs and records it. */
  const undoCall = async (callId: string | undefined): Promise<boolean> => {
    const record = callId ? toolCalls.get(callId) : undefined;
    if (record?.status === 'waitingToSend' && record.pendingSendId) return deps.undoSend.undo(record.pendingSendId);
    if (!record?.undo || record.undone) return false;
    const endpoint = deps.endpointFor(record.account);
    if (!endpoint) {
      void vscode.window.showWarningMessage(`Gmail Tools: start the Gmail server for ${plainText(record.account)} to undo this.`);
      return false;
    }
    try {
      const result = await endpoint.undo(record.undo);
      if (result.failed.length) throw new Error(result.failed.map((f) => `${f.id}: ${f.error}`).join('; '));
      toolCalls.markUndone(record.callId);
      return true;
    } catch (err) {
      void vscode.window.showErrorMessage(`Gmail Tools: undo failed. ${plainText((err as Error).message, { max: 300 })}`);
      return false;
    }
  };

  own(vscode.commands.registerCommand(SHOW_CALL_COMMAND, showCall));
  own(vscode.commands.registerCommand(CLEAR_CALLS_COMMAND, () => toolCalls.clear()));
  own(vscode.commands.registerCommand(UNDO_CALL_COMMAND, (target?: string | { record?: { callId: string } }) => undoCall(typeof target === 'string' ? target : target?.record?.callId)));
  return { toolCalls, toolCallsTree, pause };
}
