import * as vscode from 'vscode';
import type { GoogleAuthProvider } from '../auth/googleAuthProvider';
import type { InProcessMcpClient } from '../mcp/transport/inProcessClient';
import type { GmailMcpServerProvider } from './mcpProvider';
import { plainText } from './untrustedText';

const MAX_BODY_CHARS = 20_000;

/**
 * The Gmail tools from the command palette: the same tools (validation, policy, diff confirmation, tree
 * view) as agent mode, called by the user instead of the model.
 */
export class PaletteTools {
  constructor(
    private readonly auth: GoogleAuthProvider,
    private readonly servers: GmailMcpServerProvider,
  ) {}

  private async account(): Promise<string | undefined> {
    const sessions = await this.auth.getSessions(undefined);
    if (!sessions.length) {
      void vscode.window.showWarningMessage('Gmail Tools: sign in to Google first (Gmail: Sign In to Google).');
      return undefined;
    }
    if (sessions.length === 1) return sessions[0].account.label;
    return vscode.window.showQuickPick(sessions.map((s) => s.account.label), { title: 'Which Google account?' });
  }

  /** One short-lived session per command, on the account's current server (its client, cache and policy). */
  private async withClient<T>(account: string, use: (client: InProcessMcpClient) => Promise<T>): Promise<T> {
    const client = await this.servers.connectInProcess(account);
    try {
      return await use(client);
    } finally {
      await client.close().catch(() => undefined);
    }
  }

  /** Searches with Gmail syntax, shows the hits, opens the chosen message as a read-only document. */
  async search(query?: string): Promise<string | undefined> {
    const account = await this.account();
    if (!account) return undefined;
    const q = query ?? (await vscode.window.showInputBox({ title: `Search ${account}`, prompt: 'Gmail search syntax, e.g. from:alice is:unread newer_than:7d', ignoreFocusOut: true }));
    if (q === undefined) return undefined;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Searching Gmail…' }, () =>
      this.withClient(account, (c) => c.callTool('search_messages', { query: q, maxResults: 50 })),
    );
    if (result.isError) {
      void vscode.window.showErrorMessage(`Gmail Tools: ${plainText(result.text, { max: 300 })}`);
      return undefined;
    }
    const messages = (result.structured?.messages as Array<{ id: string; from: string; subject: string; date: string }> | undefined) ?? [];
    if (query !== undefined) return result.text;
    const picked = await vscode.window.showQuickPick(
      messages.map((m) => ({ label: plainText(m.subject, { max: 120 }) || '(no subject)', description: plainText(m.from, { max: 80 }), detail: plainText(m.date, { max: 60 }), id: m.id })),
      { title: `${messages.length} messages`, matchOnDescription: true },
    );
    if (!picked) return undefined;
    const message = await this.withClient(account, (c) => c.callTool('read_message', { id: picked.id }));
    const doc = await vscode.workspace.openTextDocument({ content: message.text, language: 'plaintext' });
    await vscode.window.showTextDocument(doc, { preview: true });
    return message.text;
  }

  /** Composes a new message; sending goes through the diff confirmation like any agent send. */
  async compose(): Promise<boolean> {
    const account = await this.account();
    if (!account) return false;
    const to = await vscode.window.showInputBox({ title: 'New message: To', prompt: 'Recipients, separated by commas', ignoreFocusOut: true });
    if (!to) return false;
    const subject = await vscode.window.showInputBox({ title: 'New message: Subject', ignoreFocusOut: true });
    if (subject === undefined) return false;
    const body = await vscode.window.showInputBox({ title: 'New message: Text', prompt: 'You can still edit the message in the review diff.', ignoreFocusOut: true });
    if (body === undefined) return false;
    const result = await this.withClient(account, (c) =>
      c.callTool('send_message', { to: to.split(',').map((a) => a.trim()).filter(Boolean), subject, body: body.slice(0, MAX_BODY_CHARS) }),
    );
    if (result.isError) void vscode.window.showErrorMessage(`Gmail Tools: ${plainText(result.text, { max: 300 })}`);
    else void vscode.window.showInformationMessage(`Gmail Tools: ${plainText(result.text.split('\n')[0], { max: 300 })}`);
    return !result.isError && result.structured?.status !== 'declined';
  }
}
