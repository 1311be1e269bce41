import * as vscode from 'vscode';
import type { GoogleAuthProvider } from '../../auth/googleAuthProvider';
import { GMAIL_SCOPES } from '../../gmail/scopes';
import type { AccountMcpEndpoint } from '../../mcp/server/accountServer';
import type { InProcessMcpClient } from '../../mcp/transport/inProcessClient';

export interface AccountMcpLauncher {
  start(account: string): Promise<AccountMcpEndpoint>;
}

export const MCP_PROVIDER_ID = 'gmailTools.mcpServers';
const SIGNED_OUT_LABEL = 'Gmail';

export function serverLabel(account: string): string {
  return `Gmail ${account}`;
}

/** How long a shutdown lets running tool calls finish (a sign-out or restart gives them the transport's 5 s). */
const SHUTDOWN_GRACE_MS = 250;

/**
 * One MCP server definition per signed-in Google account. Nothing starts at activation: the server for an
 * account starts in resolveMcpServerDefinition, i.e. when VS Code (or the user) starts it, and each (re)start
 * closes the previous one.
 */
export class GmailMcpServerProvider implements vscode.McpServerDefinitionProvider<vscode.McpHttpServerDefinition>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeMcpServerDefinitions = this.changed.event;
  private readonly running = new Map<string, AccountMcpEndpoint>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly auth: GoogleAuthProvider,
    private readonly launcher: AccountMcpLauncher,
    private readonly version: string,
  ) {
    this.subscription = auth.onDidChangeSessions((e) => {
      // The call that discovered the revocation may still be answering: the server's close lets it finish.
      for (const removed of e.removed ?? []) this.stop(removed.account.label).catch(() => undefined);
      this.changed.fire();
    });
  }

  async provideMcpServerDefinitions(): Promise<vscode.McpHttpServerDefinition[]> {
    const sessions = await this.auth.getSessions(undefined);
    if (!sessions.length) return [this.placeholder(SIGNED_OUT_LABEL)];
    return sessions.map((s) => this.placeholder(serverLabel(s.account.label)));
  }

  async resolveMcpServerDefinition(definition: vscode.McpHttpServerDefinition): Promise<vscode.McpHttpServerDefinition | undefined> {
    const account = await this.accountFor(definition.label);
    if (!account) return undefined;
    await this.stop(account);
    const endpoint = await this.launcher.start(account);
    this.running.set(account, endpoint);
    const { socketPath, path, authHeader } = endpoint.server;
    if (!socketPath) throw new Error('The Gmail MCP server must listen on a private socket.');
    // The URI fragment is the HTTP path VS Code requests on the socket.
    const uri = vscode.Uri.from({ scheme: process.platform === 'win32' ? 'pipe' : 'unix', path: socketPath, fragment: path });
    return new vscode.McpHttpServerDefinition(definition.label, uri, { [authHeader.name]: authHeader.value }, this.version);
  }

  /** The account a definition stands for; for the signed-out placeholder, sign in first. */
  private async accountFor(label: string): Promise<string | undefined> {
    const sessions = await this.auth.getSessions(undefined);
    const match = sessions.find((s) => serverLabel(s.account.label) === label);
    if (match) return match.account.label;
    if (label !== SIGNED_OUT_LABEL) return undefined;
    const session = await this.auth.createSession([GMAIL_SCOPES.readonly]);
    return session.account.label;
  }

  private placeholder(label: string): vscode.McpHttpServerDefinition {
    // Replaced in resolveMcpServerDefinition with the socket of the server that starts there.
    return new vscode.McpHttpServerDefinition(label, vscode.Uri.parse('http://localhost/not-started'), {}, this.version);
  }

  async stop(account: string, graceMs?: number): Promise<void> {
    const endpoint = this.running.get(account);
    this.running.delete(account);
    await endpoint?.close(graceMs);
  }

  runningAccounts(): string[] {
    return [...this.running.keys()];
  }

  endpointFor(account: string): AccountMcpEndpoint | undefined {
    return this.running.get(account);
  }

  /** An in-process session for the command palette; starts the account's server if VS Code has not. */
  async connectInProcess(account: string): Promise<InProcessMcpClient> {
    return (await this.started(account)).connectInProcess();
  }

  /** The account's running server, started if VS Code has not (the palette and Save Attachment… need it). */
  async started(account: string): Promise<AccountMcpEndpoint> {
    let endpoint = this.running.get(account);
    if (!endpoint) {
      // The account can come from a document's URI or a command's argument: only a signed-in one gets a server.
      if (!(await this.auth.getSessions(undefined)).some((s) => s.account.label === account)) {
        throw new Error(`${account} is not signed in. Run "Gmail: Sign In to Google" first.`);
      }
      endpoint = await this.launcher.start(account);
      this.running.set(account, endpoint);
    }
    return endpoint;
  }

  async dispose(): Promise<void> {
    this.subscription.dispose();
    this.changed.dispose();
    // Shutting down: VS Code gives deactivation a few seconds, and the services disposed after us (the audit
    // log's flush among them) need some of them; a call still running is aborted rather than waited for.
    await Promise.all([...this.running.keys()].map((a) => this.stop(a, SHUTDOWN_GRACE_MS)));
  }
}
