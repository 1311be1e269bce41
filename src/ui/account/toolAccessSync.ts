import * as vscode from 'vscode';
import type { GoogleAuthProvider } from '../../auth/googleAuthProvider';
import type { GmailMcpServerProvider } from '../server/mcpProvider';
import type { ToolsetSettings } from './toolsetSettings';

/**
 * Keeps every running server's tool list in step with the user's settings and Google's grant: a toolset
 * switched off, the read-only switch, or a scope granted or lost changes the tools at once (list_changed).
 */
export class ToolAccessSync implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly auth: GoogleAuthProvider,
    private readonly servers: GmailMcpServerProvider,
    private readonly settings: ToolsetSettings,
  ) {
    this.subscriptions = [settings.onDidChange(() => void this.sync()), auth.onDidChangeSessions(() => void this.sync())];
  }

  async sync(): Promise<void> {
    for (const account of this.servers.runningAccounts()) {
      const endpoint = this.servers.endpointFor(account);
      const grant = await this.auth.grantFor(account);
      endpoint?.access.update({
        toolsets: this.settings.enabledToolsets(),
        readOnly: this.settings.readOnly(),
        grantedScopes: grant?.scopes ?? [],
      });
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
