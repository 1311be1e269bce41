import * as vscode from 'vscode';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, GoogleAuthProvider } from './auth/googleAuthProvider';
import { googleEndpointsFromEnvironment, isFakeGoogle } from './auth/googleEndpointsConfig';
import { GrantStore } from './auth/grantStore';
import { OAuthClientStore } from './auth/oauthClientStore';
import { AuditLog } from './audit/auditLog';
import { AuditObserver } from './audit/auditObserver';
import { FanOutObserver } from './mcp/server/fanOutObserver';
import { UndoSendWindow } from './writes/undoSend';
import { registerAccount } from './ui/account/registerAccount';
import { ToolsetSettings } from './ui/account/toolsetSettings';
import { registerCalls } from './ui/calls/registerCalls';
import type { PauseSwitch } from './ui/calls/pauseSwitch';
import type { ToolCallLog } from './ui/calls/toolCallLog';
import type { ToolCallsTreeProvider } from './ui/calls/toolCallsView';
import type { DiffConfirmer } from './ui/confirmation/confirmDiff';
import { registerConfirmation } from './ui/confirmation/registerConfirmation';
import { registerMessage } from './ui/message/registerMessage';
import type { SaveLocationPrompt } from './ui/message/saveLocationPrompt';
import { registerPalette } from './ui/palette/registerPalette';
import { LazyAccountServerLauncher, lookupAccountAddress } from './ui/server/lazyServer';
import { GmailMcpServerProvider, MCP_PROVIDER_ID } from './ui/server/mcpProvider';
import { openWorkspaceFolders } from './ui/server/workspaceFolders';
import { logWorkspaceTrust } from './ui/server/workspaceTrust';
import type { Own } from './ui/shared/feature';
import { MailTextViews } from './ui/shared/mailTextView';
import { plainText } from './ui/shared/untrustedText';

/** What activate() returns: the services integration tests inspect (never a token or a secret). */
export interface GmailToolsExtensionApi {
  readonly toolCalls: ToolCallLog;
  readonly toolCallsTree: ToolCallsTreeProvider;
  readonly mcpServers: GmailMcpServerProvider;
  readonly confirmer: DiffConfirmer;
  readonly pause: PauseSwitch;
  /** Approved sends waiting for Undo. */
  readonly undoSend: UndoSendWindow;
  /** Where the audit log is written (global storage). */
  readonly auditDirectory: string;
  /** This extension's log folder (its output channel), for leak searches. */
  readonly logFolder: string;
  /** Where Save Attachment… asks for a path (the save dialog; tests answer it in code). */
  readonly saveLocation: SaveLocationPrompt;
}

let teardown: (() => Promise<void>) | undefined;

/**
 * The composition root: builds every service in order and disposes them in reverse. Activation is cheap:
 * no MCP server starts here, only when VS Code resolves a server definition.
 */
export async function activate(context: vscode.ExtensionContext): Promise<GmailToolsExtensionApi> {
  const stack: Array<{ dispose(): unknown }> = [];
  const own: Own = (service) => {
    stack.push(service);
    return service;
  };
  teardown = async () => {
    for (const service of stack.splice(0).reverse()) await service.dispose();
  };

  const version = String(context.extension.packageJSON.version ?? '0.0.0');
  const endpoints = googleEndpointsFromEnvironment();
  const output = own(vscode.window.createOutputChannel('Gmail Tools', { log: true }));
  own(logWorkspaceTrust((message) => output.info(message)));
  if (isFakeGoogle(endpoints)) output.warn(`Using the fake Google at ${new URL(endpoints.gmailRootUrl).origin} (tests and demo only).`);

  const clients = own(new OAuthClientStore(context.secrets));
  const auth = own(
    new GoogleAuthProvider(
      { grants: new GrantStore(context.secrets), clients, endpoints, lookupAccount: (token) => lookupAccountAddress(endpoints, token) },
      context.secrets,
    ),
  );
  // Not awaited: the stored grants load while activation goes on; getSessions (and through it the MCP server
  // definitions) waits for them, and onDidChangeSessions tells listeners when they are in.
  void auth.initialize();
  own(vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, auth, { supportsMultipleAccounts: true }));

  const toolsets = own(new ToolsetSettings());
  // The audit log lives in the extension's global storage, never in the workspace. Flushed after everything
  // built later is disposed, so what they record on the way out is written.
  const auditDirectory = context.globalStorageUri.fsPath;
  const auditLog = new AuditLog({ directory: auditDirectory, onError: (error) => output.warn(`Audit log: ${error.message}`) });
  own({ dispose: () => auditLog.flush() });
  // Sends held for Undo across every account; disposing it (VS Code closing) sends none of them.
  const undoSend = own(new UndoSendWindow());
  const { confirmer } = registerConfirmation(own, { timeoutMs: () => toolsets.confirmationTimeoutMs(), undoSend });
  // Documents that carry mail text open in a read-only webview, never a text editor (the chat's implicit context).
  const mailTextViews = own(new MailTextViews());
  const { toolCalls, toolCallsTree, pause } = registerCalls(own, {
    views: mailTextViews,
    globalState: context.globalState,
    auditDirectory,
    undoSend,
    endpointFor: (account) => mcpServers.endpointFor(account),
  });

  const launcher = own(new LazyAccountServerLauncher({
    endpoints,
    observer: new FanOutObserver([toolCalls, new AuditObserver(auditLog)]),
    confirmer,
    tokenSourceFor: (account) => auth.tokenSourceFor(account),
    grantedScopesFor: async (account) => (await auth.grantFor(account))?.scopes ?? [],
    toolsets: () => toolsets.enabledToolsets(),
    readOnly: () => toolsets.readOnly(),
    userLimitSettings: () => toolsets.userLimitSettings(),
    quotaUnitsPerMinute: () => toolsets.quotaUnitsPerMinute(),
    undoSend,
    workspace: openWorkspaceFolders,
    isPaused: () => pause.isPaused(),
    onAnomaly: (anomaly) => {
      output.warn(`Anomaly (${anomaly.kind}) on ${anomaly.account}: ${anomaly.message}`);
      void vscode.window
        .showWarningMessage(`Gmail Tools: ${plainText(anomaly.message, { max: 300 })}`, 'Pause Gmail Tools', 'Show Calls')
        .then((choice) => {
          if (choice === 'Pause Gmail Tools') void pause.set(true);
          if (choice === 'Show Calls') void vscode.commands.executeCommand('gmailTools.calls.focus');
        });
    },
    log: (message) => output.info(message),
  }));
  const mcpServers = own(new GmailMcpServerProvider(auth, launcher, version));
  own(vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, mcpServers));
  registerAccount(own, { extensionId: context.extension.id, auth, clients, toolsets, servers: mcpServers, toolCalls });
  const { documents, saveLocation } = registerMessage(own, { servers: mcpServers, toolsets, views: mailTextViews });
  registerPalette(own, { auth, servers: mcpServers, documents });

  context.subscriptions.push({ dispose: () => void teardown?.() });
  return { toolCalls, toolCallsTree, mcpServers, confirmer, pause, undoSend, auditDirectory, logFolder: context.logUri.fsPath, saveLocation };
}

export async function deactivate(): Promise<void> {
  const run = teardown;
  teardown = undefined;
  await run?.();
}
