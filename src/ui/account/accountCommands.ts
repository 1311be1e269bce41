import * as vscode from 'vscode';
import type { GoogleAuthProvider } from '../../auth/googleAuthProvider';
import { MissingOAuthClientError } from '../../auth/oauthClient';
import type { OAuthClientStore } from '../../auth/oauthClientStore';
import { GMAIL_SCOPES, TOOLSET_SCOPES } from '../../gmail/scopes';
import { toolsetGranted } from '../../mcp/server/toolAccess';
import { OPTIONAL_TOOLSETS, type ToolsetSettings } from './toolsetSettings';
import {
  ADD_ACCOUNT_COMMAND,
  DISABLE_TOOLSET_COMMAND,
  ENABLE_TOOLSET_COMMAND,
  IMPORT_OAUTH_CLIENT_COMMAND,
  SHOW_ACCOUNTS_COMMAND,
  SIGN_IN_COMMAND,
  SIGN_OUT_COMMAND,
} from '../shared/commandIds';
import { plainText } from '../shared/untrustedText';

const MAX_CLIENT_JSON_BYTES = 64 * 1024;

export interface AccountCommandServices {
  readonly auth: GoogleAuthProvider;
  readonly clients: OAuthClientStore;
  readonly toolsets: ToolsetSettings;
}

type OptionalToolset = (typeof OPTIONAL_TOOLSETS)[number];

const TOOLSET_DESCRIPTIONS: Record<OptionalToolset, string> = {
  drafts: 'drafts: create, update, list and send drafts (gmail.compose)',
  send: 'send: send new messages, replies and forwards (gmail.send)',
  organize: 'organize: trash, untrash and relabel messages (gmail.modify)',
};

/** The account's commands (OAuth client, sign-in, toolsets). Each returns something a test (or another command) can check. */
export function registerAccountCommands(services: AccountCommandServices): vscode.Disposable[] {
  const { auth, clients, toolsets } = services;

  const pickToolset = async (enabled: boolean): Promise<OptionalToolset | undefined> => {
    const current = toolsets.enabledToolsets();
    const candidates = OPTIONAL_TOOLSETS.filter((t) => current.includes(t) === !enabled);
    const picked = await vscode.window.showQuickPick(
      candidates.map((t) => ({ label: t, description: TOOLSET_DESCRIPTIONS[t] })),
      { title: enabled ? 'Enable which Gmail toolset?' : 'Disable which Gmail toolset?' },
    );
    return picked?.label as OptionalToolset | undefined;
  };

  /** Asks Google for the toolset's scope (incrementally), reads the grant back, and only then turns it on. */
  const enableToolset = async (toolset?: OptionalToolset): Promise<boolean> => {
    const chosen = toolset ?? (await pickToolset(true));
    if (!chosen || !OPTIONAL_TOOLSETS.includes(chosen)) return false;
    let sessions = await auth.getSessions(undefined);
    if (!sessions.length) {
      void vscode.window.showWarningMessage('Gmail Tools: sign in to Google first (Gmail: Sign In to Google).');
      return false;
    }
    if (!sessions.every((s) => toolsetGranted(chosen, s.scopes))) {
      try {
        // One consent per signed-in account that lacks the scope (each is its own grant at Google).
        for (const session of sessions.filter((s) => !toolsetGranted(chosen, s.scopes))) {
          await auth.createSession([...TOOLSET_SCOPES[chosen]], { account: session.account });
        }
      } catch (err) {
        void vscode.window.showWarningMessage(`Gmail Tools: the ${chosen} toolset stays off. ${plainText((err as Error).message, { max: 300 })}`);
        return false;
      }
      sessions = await auth.getSessions(undefined);
      if (!sessions.every((s) => toolsetGranted(chosen, s.scopes))) {
        void vscode.window.showWarningMessage(
          `Gmail Tools: Google did not grant ${describeScopes(TOOLSET_SCOPES[chosen])} (it was unticked on the consent page), so the ${chosen} toolset stays off.`,
        );
        return false;
      }
    }
    await toolsets.setToolset(chosen, true);
    void vscode.window.showInformationMessage(`Gmail Tools: ${TOOLSET_DESCRIPTIONS[chosen]} is on. Every send and change still needs your approval.`);
    return true;
  };

  const disableToolset = async (toolset?: OptionalToolset): Promise<boolean> => {
    const chosen = toolset ?? (await pickToolset(false));
    if (!chosen || !OPTIONAL_TOOLSETS.includes(chosen)) return false;
    await toolsets.setToolset(chosen, false);
    return true;
  };

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
      void vscode.window.showErrorMessage(`Gmail Tools: ${plainText((err as Error).message, { max: 300 })}`);
      return false;
    }
  };

  /** Signs in; `addAccount`: one more Google account beside those signed in (each gets its own MCP server). */
  const signIn = async (addAccount = false): Promise<string | undefined> => {
    try {
      // Our own provider directly: the extension that owns the provider needs no "allow access" prompt.
      const session = await auth.createSession([GMAIL_SCOPES.readonly], { addAccount });
      void vscode.window.showInformationMessage(`Gmail Tools: signed in as ${plainText(session.account.label)} (${describeScopes(session.scopes)}).`);
      return session.account.label;
    } catch (err) {
      if (err instanceof MissingOAuthClientError || (err as Error)?.name === 'MissingOAuthClientError') {
        void vscode.window
          .showErrorMessage(`Gmail Tools: ${plainText((err as Error).message, { max: 300 })}`, 'Import OAuth Client…')
          .then((choice) => (choice ? importOAuthClient() : undefined));
        return undefined;
      }
      void vscode.window.showErrorMessage(`Gmail Tools: sign-in failed. ${plainText((err as Error).message, { max: 300 })}`.trim());
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
    void vscode.window.showInformationMessage(`Gmail Tools: signed out of ${plainText(session.account.label)}; access was revoked at Google.`);
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

  return [
    vscode.commands.registerCommand(IMPORT_OAUTH_CLIENT_COMMAND, importOAuthClient),
    vscode.commands.registerCommand(SIGN_IN_COMMAND, () => signIn()),
    vscode.commands.registerCommand(ADD_ACCOUNT_COMMAND, () => signIn(true)),
    vscode.commands.registerCommand(SIGN_OUT_COMMAND, signOut),
    vscode.commands.registerCommand(SHOW_ACCOUNTS_COMMAND, showAccounts),
    vscode.commands.registerCommand(ENABLE_TOOLSET_COMMAND, enableToolset),
    vscode.commands.registerCommand(DISABLE_TOOLSET_COMMAND, disableToolset),
  ];
}

/** Scope URLs as the short names people know from Google's consent screen. */
export function describeScopes(scopes: readonly string[]): string {
  return scopes.map((s) => s.replace('https://www.googleapis.com/auth/', '')).join(', ') || 'no scopes';
}
