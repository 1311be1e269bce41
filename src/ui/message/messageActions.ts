import * as vscode from 'vscode';
import { activeMailTextUri } from '../shared/mailTextView';
import { isGmailId } from '../../gmail/gmailId';
import type { ToolsetName } from '../../gmail/scopes';
import type { InProcessMcpClient, InProcessToolResult } from '../../mcp/transport/inProcessClient';
import type { AttachmentSaver, SaveAttachmentOutcome } from './attachmentSaver';
import { ENABLE_TOOLSET_COMMAND } from '../shared/commandIds';
import type { GmailMcpServerProvider } from '../server/mcpProvider';
import { messageRefOf, type MessageDocuments, type MessageRef } from './messageDocument';
import type { ToolsetSettings } from '../account/toolsetSettings';
import { toolTextForPeople } from '../shared/toolTextForPeople';
import { plainText } from '../shared/untrustedText';

/** What a message action did; tests and the normal-window run check it. */
export type MessageActionOutcome = 'done' | 'declined' | 'cancelled' | 'unavailable' | 'failed';

/** A call item of the tree (ToolCallNode), as the context menu passes it. */
interface CallItemArgument {
  readonly record?: { readonly account?: unknown; readonly attachmentMessageIds?: unknown; readonly args?: Record<string, unknown> };
}

export interface MessageActionServices {
  readonly servers: GmailMcpServerProvider;
  readonly toolsets: ToolsetSettings;
  readonly documents: MessageDocuments;
  readonly saver: AttachmentSaver;
}

/** A toolset's tools reach a running server this long after the setting changes (ToolAccessSync), at most. */
const TOOLSET_SYNC_WAIT_MS = 5_000;

/**
 * Reply, Forward, Trash and Save Attachment… on an opened message (the editor title of a `gmail-message:` document,
 * the palette while one is active) and Save Attachment… on a call in the tree. Reply, Forward and Trash call the
 * same tools as the agent, through the in-process MCP client: the policy, the diff confirmation, the tree and the
 * audit log apply as to any agent call. A toolset that is off is offered ("Enable…"), never assumed.
 */
export class MessageActions {
  constructor(private readonly services: MessageActionServices) {}

  /**
   * `text` may come with the command (a keybinding, a test); like the typed text it is only a proposal: the reply's
   * diff shows the exact message, and nothing is sent unless the person approves it there.
   */
  async reply(target?: unknown, text?: unknown): Promise<MessageActionOutcome> {
    const ref = this.messageOf(target);
    if (!ref) return this.noMessage();
    if (!(await this.toolsetOn(ref.account, 'send', 'Replying'))) return 'unavailable';
    const body =
      typeof text === 'string'
        ? text
        : await vscode.window.showInputBox({
            title: `Reply to: ${this.subjectOf(ref)}`,
            prompt: 'Your reply. It opens in the review diff before anything is sent, where you can still edit it.',
            ignoreFocusOut: true,
          });
    if (body === undefined) return 'cancelled';
    return this.report(await this.call(ref.account, 'send_message', { replyToMessageId: ref.messageId, body }), 'Reply');
  }

  /** `recipientsText` and `noteText` as with reply's text: proposals the forward's diff shows before anything is sent. */
  async forward(target?: unknown, recipientsText?: unknown, noteText?: unknown): Promise<MessageActionOutcome> {
    const ref = this.messageOf(target);
    if (!ref) return this.noMessage();
    if (!(await this.toolsetOn(ref.account, 'send', 'Forwarding'))) return 'unavailable';
    const to =
      typeof recipientsText === 'string'
        ? recipientsText
        : await vscode.window.showInputBox({
            title: `Forward: ${this.subjectOf(ref)}`,
            prompt: 'Recipients, separated by commas',
            ignoreFocusOut: true,
            validateInput: (value) => (recipients(value).length ? undefined : 'Enter at least one address.'),
          });
    if (to === undefined) return 'cancelled';
    const note =
      typeof noteText === 'string'
        ? noteText
        : await vscode.window.showInputBox({ title: `Forward: ${this.subjectOf(ref)}`, prompt: 'A note above the forwarded message (optional)', ignoreFocusOut: true });
    if (note === undefined) return 'cancelled';
    return this.report(await this.call(ref.account, 'send_message', { forwardMessageId: ref.messageId, to: recipients(to), body: note }), 'Forward');
  }

  async trash(target?: unknown): Promise<MessageActionOutcome> {
    const ref = this.messageOf(target);
    if (!ref) return this.noMessage();
    if (!(await this.toolsetOn(ref.account, 'organize', 'Moving mail to Trash'))) return 'unavailable';
    return this.report(await this.call(ref.account, 'trash_messages', { ids: [ref.messageId] }), 'Trash');
  }

  /** From the message editor, the palette, or a call item in the tree (then the call's message with attachments). */
  async saveAttachment(target?: unknown): Promise<SaveAttachmentOutcome> {
    const fromCall = await this.messageOfCall(target);
    const ref = fromCall ?? this.messageOf(target);
    if (!ref) {
      this.noMessage();
      return { status: 'cancelled' };
    }
    return this.services.saver.save(ref.account, ref.messageId, fromCall?.partId);
  }

  /** The message of an editor-title argument (the document's URI) or of the active editor. */
  private messageOf(target: unknown): MessageRef | undefined {
    const uri = target instanceof vscode.Uri ? target : activeMailTextUri();
    return uri ? messageRefOf(uri) : undefined;
  }

  private async messageOfCall(target: unknown): Promise<(MessageRef & { partId?: string }) | undefined> {
    const record = (target as CallItemArgument | undefined)?.record;
    if (!record || typeof record.account !== 'string' || !Array.isArray(record.attachmentMessageIds)) return undefined;
    const ids = record.attachmentMessageIds.filter(isGmailId);
    const messageId = ids.length > 1 ? await vscode.window.showQuickPick(ids, { title: 'Save an attachment of which message?' }) : ids[0];
    if (!messageId) return undefined;
    // A get_attachment call named its part: that file is the one offered.
    const partId = typeof record.args?.partId === 'string' && record.args.messageId === messageId ? record.args.partId : undefined;
    return { account: record.account, messageId, ...(partId ? { partId } : {}) };
  }

  private subjectOf(ref: MessageRef): string {
    const opened = this.services.documents.message(activeMailTextUri());
    const subject = opened?.messageId === ref.messageId ? opened.view.subject : undefined;
    return plainText(subject, { max: 80 }) || `message ${ref.messageId}`;
  }

  private noMessage(): 'unavailable' {
    void vscode.window.showInformationMessage('Gmail Tools: open a message first (Gmail: Search Mail…).');
    return 'unavailable';
  }

  /**
   * Whether the toolset's tools are on for this action. When they are not, the person is told why and offered to
   * turn them on (Google's consent for that scope, ENABLE_TOOLSET_COMMAND); the read-only switch is only named.
   */
  private async toolsetOn(account: string, toolset: Exclude<ToolsetName, 'read'>, doing: string): Promise<boolean> {
    const { toolsets, servers } = this.services;
    if (toolsets.readOnly()) {
      void vscode.window.showWarningMessage(`Gmail Tools: ${doing} is off while Gmail tools are read-only (setting gmailTools.readOnly).`);
      return false;
    }
    if (!toolsets.enabledToolsets().includes(toolset)) {
      const choice = await vscode.window.showWarningMessage(
        `Gmail Tools: ${doing} needs the ${toolset} toolset, which is off. Enabling it asks Google for its permission; every change still needs your approval.`,
        'Enable…',
      );
      if (choice !== 'Enable…') return false;
      if (!(await vscode.commands.executeCommand<boolean>(ENABLE_TOOLSET_COMMAND, toolset))) return false;
    }
    // The running server takes the setting over shortly after it changes.
    const access = (await servers.started(account).catch(() => undefined))?.access;
    if (!access) return true; // the call itself then says why it cannot run
    if (!access.settings.toolsets.includes(toolset)) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, TOOLSET_SYNC_WAIT_MS);
        const off = access.onDidChange((settings) => settings.toolsets.includes(toolset) && done());
        function done() {
          clearTimeout(timer);
          off();
          resolve();
        }
      });
    }
    return true;
  }

  /** The tool's own result; a failure to reach the server (signed out meanwhile) as an error result, for report(). */
  private async call(account: string, tool: string, args: Record<string, unknown>): Promise<InProcessToolResult> {
    let client: InProcessMcpClient;
    try {
      client = await this.services.servers.connectInProcess(account);
    } catch (error) {
      return { isError: true, text: (error as Error).message };
    }
    try {
      return await client.callTool(tool, args);
    } finally {
      await client.close().catch(() => undefined);
    }
  }

  private report(result: InProcessToolResult, action: string): MessageActionOutcome {
    if (result.isError) {
      void vscode.window.showErrorMessage(`Gmail Tools: ${action} failed. ${plainText(toolTextForPeople(result.text), { max: 300 })}`);
      return 'failed';
    }
    if (result.structured?.status === 'declined') {
      void vscode.window.showInformationMessage(`Gmail Tools: ${action} cancelled; nothing was changed.`);
      return 'declined';
    }
    void vscode.window.showInformationMessage(`Gmail Tools: ${plainText(toolTextForPeople(result.text.split('\n')[0]), { max: 300 })}`);
    return 'done';
  }
}

function recipients(value: string): string[] {
  return value
    .split(/[,;]/)
    .map((a) => a.trim())
    .filter(Boolean);
}
