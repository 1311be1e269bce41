import * as vscode from 'vscode';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, GoogleAuthProvider } from './auth/googleAuthProvider';
import { googleEndpointsFromEnvironment, isFakeGoogle } from './auth/googleEndpointsConfig';
import { GrantStore } from './auth/grantStore';
import { OAuthClientStore } from './auth/oauthClientStore';
import { LazyAccountServerLauncher, lookupAccountAddress } from './ui/lazyServer';
import { AuditLog } from './audit/auditLog';
import { AuditObserver } from './audit/auditObserver';
import { FanOutObserver } from './mcp/server/fanOutObserver';
import { AuditLogDocument } from './ui/auditLogDocument';
import { PauseSwitch } from './ui/pauseSwitch';
import { registerCommands } from './ui/commands';
import {
  APPROVE_CONFIRMATION_COMMAND,
  COMPOSE_COMMAND,
  FORWARD_MESSAGE_COMMAND,
  REJECT_CONFIRMATION_COMMAND,
  REPLY_TO_MESSAGE_COMMAND,
  SAVE_ATTACHMENT_COMMAND,
  SEARCH_MAIL_COMMAND,
  TRASH_MESSAGE_COMMAND,
  UNDO_CALL_COMMAND,
} from './ui/commandIds';
import { AttachmentSaver } from './ui/attachmentSaver';
import { MessageActions } from './ui/messageActions';
import { MessageDocuments } from './ui/messageDocument';
import { SaveLocationPrompt } from './ui/saveLocationPrompt';
import { PaletteTools } from './ui/paletteTools';
import { UndoSendWindow } from './writes/undoSend';
import { UndoSendNotifier } from './ui/undoSendNotifier';
import { DiffConfirmer } from './ui/confirmDiff';
import { CONFIRMATION_DOCUMENTS, ConfirmationCodeLensProvider } from './ui/confirmationCodeLens';
import { plainText } from './ui/untrustedText';
import { ToolAccessSync } from './ui/toolAccessSync';
import { ToolsetSettings } from './ui/toolsetSettings';
import { GmailMcpServerProvider, MCP_PROVIDER_ID } from './ui/mcpProvider';
import { TOOL_CALL_SCHEME, ToolCallDocumentProvider } from './ui/toolCallDocuments';
import { MailTextViews } from './ui/mailTextView';
import { WithheldTextDocuments } from './ui/withheldTextDocument';
import { SetupContextKeys } from './ui/setupContext';
import { ToolCallLog } from './ui/toolCallLog';
import { ToolCallsTreeProvider } from './ui/toolCallsView';
import { openWorkspaceFolders } from './ui/workspaceFolders';
import { logWorkspaceTrust } from './ui/workspaceTrust';

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
  const own = <T extends { dispose(): unknown }>(service: T): T => {
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
  own(new SetupContextKeys({ extensionId: context.extension.id, hasClient: async () => (await clients.get()) !== undefined, onDidChangeClient: clients.onDidChange, hasSession: async () => (await auth.getSessions(undefined)).length > 0, onDidChangeSessions: auth.onDidChangeSessions }));

  const toolsets = own(new ToolsetSettings());
  const confirmer = own(new DiffConfirmer({ timeoutMs: () => toolsets.confirmationTimeoutMs() }));
  // Command arguments can come from a command link anywhere VS Code renders one: only the diff's own URI (the
  // editor title's buttons) decides directly, anything else opens our pick.
  own(vscode.commands.registerCommand(APPROVE_CONFIRMATION_COMMAND, (argument?: unknown) => confirmer.approveCommand(argument)));
  own(vscode.commands.registerCommand(REJECT_CONFIRMATION_COMMAND, (argument?: unknown) => confirmer.rejectCommand(argument)));
  own(vscode.languages.registerCodeLensProvider(CONFIRMATION_DOCUMENTS, own(new ConfirmationCodeLensProvider(confirmer))));

  const toolCalls = own(new ToolCallLog());
  const toolCallsTree = own(new ToolCallsTreeProvider(toolCalls));
  const treeView = own(vscode.window.createTreeView('gmailTools.calls', { treeDataProvider: toolCallsTree, showCollapseAll: true }));
  own(
    toolCalls.onDidChange(() => {
      const waiting = toolCalls.awaitingApproval();
      treeView.badge = waiting ? { value: waiting, tooltip: `${waiting} Gmail action(s) awaiting your approval` } : undefined;
    }),
  );
  // Documents that carry mail text open in a read-only webview, never a text editor (the chat's implicit context).
  const mailTextViews = own(new MailTextViews());
  const toolCallDocuments = own(new ToolCallDocumentProvider(toolCalls));
  own(vscode.workspace.registerTextDocumentContentProvider(TOOL_CALL_SCHEME, toolCallDocuments));
  own(mailTextViews.register(TOOL_CALL_SCHEME, toolCallDocuments));
  own(new WithheldTextDocuments(toolCalls, mailTextViews));

  // The audit log lives in the extension's global storage, never in the workspace.
  const auditDirectory = context.globalStorageUri.fsPath;
  const auditLog = new AuditLog({ directory: auditDirectory, onError: (error) => output.warn(`Audit log: ${error.message}`) });
  own({ dispose: () => auditLog.flush() });
  own(new AuditLogDocument(auditDirectory));
  const pause = own(new PauseSwitch(context.globalState));
  // Sends held for Undo across every account; disposing it (VS Code closing) sends none of them.
  const undoSend = own(new UndoSendWindow());
  own(new UndoSendNotifier(undoSend));

  const launcher = own(new LazyAccountServerLauncher({
    endpoints,
    observer: new FanOutObserver([toolCalls, new AuditObserver(auditLog)]),
    confirmer,
    tokenSourceFor: (account) => auth.tokenSourceFor(account),
    grantedScopesFor: async (account) => (await auth.grantFor(account))?.scopes ?? [],
    toolsets: () => toolsets.enabledToolsets(),
    readOnly: () => toolsets.readOnly(),
    guardSettings: () => toolsets.guardSettings(),
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
  own(vscode.commands.registerCommand(UNDO_CALL_COMMAND, (target?: string | { record?: { callId: string } }) => undoCall(typeof target === 'string' ? target : target?.record?.callId)));

  /** Undo from the tree: the person asked for it, so no confirmation; the account's writes pipeline runs and records it. */
  async function undoCall(callId: string | undefined): Promise<boolean> {
    const record = callId ? toolCalls.get(callId) : undefined;
    if (record?.status === 'waitingToSend' && record.pendingSendId) return undoSend.undo(record.pendingSendId);
    if (!record?.undo || record.undone) return false;
    const endpoint = mcpServers.endpointFor(record.account);
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
  }

  own(new ToolAccessSync(auth, mcpServers, toolsets));
  const messageDocuments = own(new MessageDocuments(mailTextViews));
  const palette = new PaletteTools(auth, mcpServers, messageDocuments);
  own(vscode.commands.registerCommand(SEARCH_MAIL_COMMAND, (query?: string) => palette.search(query)));
  const saveLocation = new SaveLocationPrompt();
  const messageActions = new MessageActions({ servers: mcpServers, toolsets, documents: messageDocuments, saver: new AttachmentSaver(mcpServers, saveLocation) });
  own(vscode.commands.registerCommand(REPLY_TO_MESSAGE_COMMAND, (target?: unknown, text?: unknown) => messageActions.reply(target, text)));
  own(vscode.commands.registerCommand(FORWARD_MESSAGE_COMMAND, (target?: unknown, to?: unknown, note?: unknown) => messageActions.forward(target, to, note)));
  own(vscode.commands.registerCommand(TRASH_MESSAGE_COMMAND, (target?: unknown) => messageActions.trash(target)));
  own(vscode.commands.registerCommand(SAVE_ATTACHMENT_COMMAND, (target?: unknown) => messageActions.saveAttachment(target)));
  own(vscode.commands.registerCommand(COMPOSE_COMMAND, () => palette.compose()));
  for (const command of registerCommands({ auth, clients, calls: toolCalls, toolsets, views: mailTextViews })) own(command);

  context.subscriptions.push({ dispose: () => void teardown?.() });
  return { toolCalls, toolCallsTree, mcpServers, confirmer, pause, undoSend, auditDirectory, logFolder: context.logUri.fsPath, saveLocation };
}

export async function deactivate(): Promise<void> {
  const run = teardown;
  teardown = undefined;
  await run?.();
}
