import * as os from 'node:os';
import * as vscode from 'vscode';
import { sizeText } from '../../mail/byteSize';
import type { SavableAttachment } from '../../mail/attachments/savedAttachment';
import { suggestedFileName } from './attachmentFileName';
import { listSavableAttachments, readAttachmentBytes } from '../server/lazyServer';
import type { GmailMcpServerProvider } from '../server/mcpProvider';
import type { SaveLocationPrompt } from './saveLocationPrompt';
import { plainText } from '../shared/untrustedText';
import { mayWriteAttachmentTo, workspaceIsTrusted } from '../server/workspaceTrust';

/** What one Save Attachment… did: the file written, or why nothing was. */
export type SaveAttachmentOutcome =
  | { readonly status: 'saved'; readonly uri: vscode.Uri; readonly bytes: number }
  | { readonly status: 'cancelled' | 'noAttachments' | 'failed'; readonly message?: string };

/**
 * Save Attachment…: a person's action (the message editor's title, the palette, a tool call in the tree), never a
 * tool. The person picks the attachment (when there are several) and the place in a save dialog that starts in the
 * workspace with a cleaned suggestion of the sender's file name; only then are the bytes downloaded (size-capped)
 * and written, with vscode.workspace.fs, to exactly that path. Cancelling writes nothing.
 */
export class AttachmentSaver {
  constructor(
    private readonly servers: GmailMcpServerProvider,
    private readonly prompt: SaveLocationPrompt,
  ) {}

  async save(account: string, messageId: string, partId?: string): Promise<SaveAttachmentOutcome> {
    try {
      const gmail = (await this.servers.started(account)).gmail;
      const attachments = await listSavableAttachments(gmail, messageId);
      if (!attachments.length) {
        void vscode.window.showInformationMessage('Gmail Tools: this message has no attachments to save.');
        return { status: 'noAttachments' };
      }
      const chosen = partId ? attachments.find((a) => a.partId === partId) : await pickAttachment(attachments);
      if (!chosen) return { status: 'cancelled' };
      const name = suggestedFileName(chosen.filename);
      const target = await this.prompt.ask({
        suggested: vscode.Uri.joinPath(defaultFolder(), name),
        title: `Save attachment "${plainText(chosen.filename, { max: 80 }) || name}" (${sizeText(chosen.size)})`,
      });
      if (!target) return { status: 'cancelled' };
      if (!mayWriteAttachmentTo(target)) {
        const message = 'This workspace is open in Restricted Mode, so Save Attachment does not save into it: save it elsewhere, or trust the workspace first.';
        void vscode.window.showWarningMessage(`Gmail Tools: ${message}`);
        return { status: 'failed', message };
      }
      const { bytes } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Downloading the attachment…' }, () =>
        readAttachmentBytes(gmail, messageId, chosen.partId),
      );
      await vscode.workspace.fs.writeFile(target, bytes);
      void vscode.window.showInformationMessage(`Gmail Tools: saved ${plainText(target.fsPath || target.path, { max: 200 })} (${sizeText(bytes.byteLength)}).`);
      return { status: 'saved', uri: target, bytes: bytes.byteLength };
    } catch (error) {
      const message = `Save Attachment failed: ${plainText((error as Error).message, { max: 300 })}`;
      void vscode.window.showErrorMessage(`Gmail Tools: ${message}`);
      return { status: 'failed', message };
    }
  }
}

async function pickAttachment(attachments: readonly SavableAttachment[]): Promise<SavableAttachment | undefined> {
  if (attachments.length === 1) return attachments[0];
  const picked = await vscode.window.showQuickPick(
    attachments.map((a) => ({
      label: plainText(a.filename, { max: 120 }) || '(unnamed)',
      description: `${plainText(a.mimeType, { max: 60 })}, ${sizeText(a.size)}`,
      attachment: a,
    })),
    { title: 'Save which attachment?' },
  );
  return picked?.attachment;
}

/**
 * The dialog starts in the (first) workspace folder; without one, or in Restricted Mode (where saving into the
 * workspace is off), in the home folder. Nothing is written there unasked.
 */
function defaultFolder(): vscode.Uri {
  const workspace = workspaceIsTrusted() ? vscode.workspace.workspaceFolders?.[0]?.uri : undefined;
  return workspace ?? vscode.Uri.file(os.homedir());
}
