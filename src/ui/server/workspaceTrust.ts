import * as vscode from 'vscode';

/**
 * What Gmail Tools turns off while VS Code runs the window in Restricted Mode (the person has not trusted the
 * folder's authors; package.json's capabilities.untrustedWorkspaces says the same): files from the workspace are
 * not attached to mail, and Save Attachment does not write into the workspace. Both are read live, so trusting
 * the workspace turns them back on without a reload.
 */
export function workspaceIsTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

/**
 * Whether Save Attachment may write to `target`: anywhere in a trusted window; outside every workspace folder in
 * Restricted Mode, since the untrusted folder's authors control its symlinks and so where a save into it lands.
 */
export function mayWriteAttachmentTo(target: vscode.Uri): boolean {
  return workspaceIsTrusted() || vscode.workspace.getWorkspaceFolder(target) === undefined;
}

/** Says in the log when the window starts restricted and when the person grants trust. */
export function logWorkspaceTrust(log: (message: string) => void): vscode.Disposable {
  if (!workspaceIsTrusted()) {
    log('Restricted Mode: files from this workspace are not attached to mail, and Save Attachment does not save into it.');
  }
  return vscode.workspace.onDidGrantWorkspaceTrust(() => {
    log('The workspace is trusted now: its files can be attached to mail, and Save Attachment can save into it.');
  });
}
