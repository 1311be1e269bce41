import * as vscode from 'vscode';
import { MissingOAuthClientError, type GoogleAuthProvider } from '../auth/googleAuthProvider';
import type { OAuthClientStore } from '../auth/oauthClientStore';
import { GMAIL_SCOPES } from '../gmail/scopes';
import {
  CLEAR_CALLS_COMMAND,
  IMPORT_OAUTH_CLIENT_COMMAND,
  SHOW_ACCOUNTS_COMMAND,
  SHOW_CALL_COMMAND,
  SIGN_IN_COMMAND,
  SIGN_OUT_COMMAND,
} from './commandIds';
import type { ToolCallLog } from './toolCallLog';
import { uriForCall } from './toolCallDocuments';

const MAX_CLIENT_JSON_BYTES = 64 * 1024;

export interface CommandServices {
  readonly auth: GoogleAuthProvider;
  readonly clients: OAuthClientStore;
  readonly calls: ToolCallLog;
}

/** Command palette actions. Each returns something a test (or another command) can check. */
export function registerCommands(services: CommandServices): vscode.Disposable[] {
  const { auth, clients, calls } = services;

  const importOAuthClient = async (file?: vscode.Uri): Promise<boolean> => {
    const target =
      file ??
      (
        await vscode.window.showOpenDialog({
          title: 'Import the client_secret JSON of your Desktop-app OAuth client',
          canSelectMany: false,
          filters: { 'OAuth client JSON': ['json'] },
        })
      )?.[0];
    if (!target) return false;
    try {
      const stat = await vscode.workspace.fs.stat(target);
      if (stat.size > MAX_CLIENT_JSON_BYTES) throw new Error('This file is too large to be an OAuth client JSON.');
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      const config = await clients.importJson(text);
      void vscode.window.showInformationMessage(`Gmail Tools: OAuth client ${config.clientId.slice(0, 12)}… imported. Run "Gmail: Sign In" next.`);
      return true;
    } catch (err) {
      void vscode.window.showErrorMessage(`Gmail Tools: ${(err as Error).message}`);
      return false;
    }
  };

  const signIn = async (): Promise<string | undefined> => {
    try {
      // Our own provider directly: the extension that owns the provider needs no "allow access" prompt.
      const session = await auth.createSession([GMAIL_SCOPES.readonly]);
      void vscode.window.showInformationMessage(`Gmail Tools: signed in as ${session.account.label} (${describeScopes(session.scopes)}).`);
      return session.account.label;
    } catch (err) {
      if (err instanceof MissingOAuthClientError || (err as Error)?.name === 'MissingOAuthClientError') {
        void vscode.window
          .showErrorMessage(`Gmail Tools: ${(err as Error).message}`, 'Import OAuth Client…')
          .then((choice) => (choice ? importOAuthClient() : undefined));
        return undefined;
      }
      void vscode.window.showErrorMessage(`Gmail Tools: sign-in failed. ${(err as Error).message ?? ''}`.trim());
      return undefined;
    }
  };

  const signOut = async (account?: string): Promise<boolean> => {
    const sessions = await auth.getSessions(undefined);
    const chosen =
      account ??
      (sessions.length === 1
        ? sessions[0].account.label
        : await vscode.window.showQuickPick(sessions.map((s) => s.account.label), { title: 'Sign out of which Google account?' }));
    const session = sessions.find((s) => s.account.label === chosen);
    if (!session) return false;
    await auth.removeSession(session.id);
    void vscode.window.showInformationMessage(`Gmail Tools: signed out of ${session.account.label}; access was revoked at Google.`);
    return true;
  };

  const showAccounts = async (): Promise<Array<{ account: string; scopes: string[] }>> => {
    const sessions = await auth.getSessions(undefined);
    const accounts = sessions.map((s) => ({ account: s.account.label, scopes: [...s.scopes] }));
    const text = accounts.length
      ? accounts.map((a) => `${a.account}: ${describeScopes(a.scopes)}`).join('; ')
      : 'not signed in';
    void vscode.window.showInformationMessage(`Gmail Tools: ${text}.`);
    return accounts;
  };

  const showCall = async (callId?: string): Promise<void> => {
    if (!callId || !calls.get(callId)) return;
    const doc = await vscode.workspace.openTextDocument(uriForCall(callId));
    await vscode.languages.setTextDocumentLanguage(doc, 'json');
    await vscode.window.showTextDocument(doc, { preview: true });
  };

  return [
    vscode.commands.registerCommand(IMPORT_OAUTH_CLIENT_COMMAND, importOAuthClient),
    vscode.commands.registerCommand(SIGN_IN_COMMAND, signIn),
    vscode.commands.registerCommand(SIGN_OUT_COMMAND, signOut),
    vscode.commands.registerCommand(SHOW_ACCOUNTS_COMMAND, showAccounts),
    vscode.commands.registerCommand(SHOW_CALL_COMMAND, showCall),
    vscode.commands.registerCommand(CLEAR_CALLS_COMMAND, () => calls.clear()),
  ];
}

/** Scope URLs as the short names people know from Google's consent screen. */
export function describeScopes(scopes: readonly string[]): string {
  return scopes.map((s) => s.replace('https://www.googleapis.com/auth/', '')).join(', ') || 'no scopes';
}
