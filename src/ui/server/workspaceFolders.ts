import * as vscode from 'vscode';
import type { WorkspaceFolders } from '../../writes/workspaceFiles';
import { workspaceIsTrusted } from './workspaceTrust';

/**
 * The folders open in this window, for files the agent attaches to outgoing mail (writes/workspaceFiles reads them
 * only from here). Read at each call, so a folder added or removed since the server started counts; a folder
 * that is not on this machine's file system (another scheme) offers no files; in Restricted Mode none does.
 */
export const openWorkspaceFolders: WorkspaceFolders = {
  folders: () => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => ({ name: f.name, fsPath: f.uri.fsPath })),
  trusted: workspaceIsTrusted,
};
