import * as vscode from 'vscode';
import type { ToolsetSettings } from '../account/toolsetSettings';
import type { GmailMcpServerProvider } from '../server/mcpProvider';
import { FORWARD_MESSAGE_COMMAND, REPLY_TO_MESSAGE_COMMAND, SAVE_ATTACHMENT_COMMAND, TRASH_MESSAGE_COMMAND } from '../shared/commandIds';
import type { Own } from '../shared/feature';
import type { MailTextViews } from '../shared/mailTextView';
import { AttachmentSaver } from './attachmentSaver';
import { MessageActions } from './messageActions';
import { MessageDocuments } from './messageDocument';
import { SaveLocationPrompt } from './saveLocationPrompt';

export interface MessageFeature {
  readonly documents: MessageDocuments;
  /** Where Save Attachment… asks for a path (the save dialog; tests answer it in code). */
  readonly saveLocation: SaveLocationPrompt;
}

/** A message opened in an editor, and what the person can do from it: reply, forward, trash, save an attachment. */
export function registerMessage(own: Own, deps: { servers: GmailMcpServerProvider; toolsets: ToolsetSettings; views: MailTextViews }): MessageFeature {
  const documents = own(new MessageDocuments(deps.views));
  const saveLocation = new SaveLocationPrompt();
  const actions = new MessageActions({ servers: deps.servers, toolsets: deps.toolsets, documents, saver: new AttachmentSaver(deps.servers, saveLocation) });
  own(vscode.commands.registerCommand(REPLY_TO_MESSAGE_COMMAND, (target?: unknown, text?: unknown) => actions.reply(target, text)));
  own(vscode.commands.registerCommand(FORWARD_MESSAGE_COMMAND, (target?: unknown, to?: unknown, note?: unknown) => actions.forward(target, to, note)));
  own(vscode.commands.registerCommand(TRASH_MESSAGE_COMMAND, (target?: unknown) => actions.trash(target)));
  own(vscode.commands.registerCommand(SAVE_ATTACHMENT_COMMAND, (target?: unknown) => actions.saveAttachment(target)));
  return { documents, saveLocation };
}
