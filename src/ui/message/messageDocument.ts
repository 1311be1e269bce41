import * as vscode from 'vscode';
import { isGmailId } from '../../gmail/gmailId';
import { renderMessageDocument, type MessageDocumentInput, type ReadMessageView } from './messageDocumentText';
import type { MailTextViews } from '../shared/mailTextView';
import { plainText } from '../shared/untrustedText';

/** The scheme of opened messages; package.json's editor title actions show on it (`resourceScheme == gmail-message`). */
export const MESSAGE_SCHEME = 'gmail-message';

/** Opened messages kept for the window's life; the oldest go first beyond this. */
const MAX_OPEN_MESSAGES = 50;

/** Which message a document shows, read back from its URI (the editor title's commands get only the URI). */
export interface MessageRef {
  readonly account: string;
  readonly messageId: string;
}

/** What the message actions need of an opened message besides its id: the attachments, to offer Save Attachment. */
export interface OpenedMessage extends MessageRef {
  readonly view: ReadMessageView;
}

/**
 * Messages opened from Gmail: Search Mail…, as read-only virtual documents (a TextDocumentContentProvider: no
 * file, no save, no edit), shown in the mail-text view (ui/mailTextView: never a text editor, so never the chat's
 * implicit context). The URI names the account and the message, `gmail-message:/<account>/<id>/<subject>.txt`;
 * the subject part only gives the tab a readable title.
 */
export class MessageDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly opened = new Map<string, { text: string; message: OpenedMessage }>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registrations: vscode.Disposable[];

  constructor(private readonly views: MailTextViews) {
    this.registrations = [vscode.workspace.registerTextDocumentContentProvider(MESSAGE_SCHEME, this), views.register(MESSAGE_SCHEME, this)];
  }

  /** Opens (or refreshes) the message's document in an editor and returns its URI. */
  async show(input: MessageDocumentInput): Promise<vscode.Uri> {
    const uri = messageUri(input.account, input.message.id, input.message.subject ?? '');
    const key = uri.toString();
    this.opened.delete(key);
    this.opened.set(key, { text: renderMessageDocument(input), message: { account: input.account, messageId: input.message.id, view: input.message } });
    while (this.opened.size > MAX_OPEN_MESSAGES) this.opened.delete(this.opened.keys().next().value as string);
    this.changed.fire(uri);
    await this.views.show(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.opened.get(uri.toString())?.text ??
      'This message is no longer loaded in this window. Open it again with "Gmail: Search Mail…".\n'
    );
  }

  /** The message an editor shows, if it is one of ours and still loaded. */
  message(uri: vscode.Uri | undefined): OpenedMessage | undefined {
    return uri ? this.opened.get(uri.toString())?.message : undefined;
  }

  dispose(): void {
    for (const r of this.registrations) r.dispose();
    this.changed.dispose();
    this.opened.clear();
  }
}

export function messageUri(account: string, messageId: string, subject: string): vscode.Uri {
  // A tab title, not a path anyone resolves: no separators, nothing VS Code would render, short. A colon reads as
  // one (the ratio sign) rather than an underscore: "Re∶ Lunch", not "Re_ Lunch".
  const title = plainText(subject, { max: 60 }).replace(/:/g, '\u2236').replace(/[\\/*?"<>|#%]/g, '_').replace(/^\.+/, '') || 'message';
  return vscode.Uri.from({ scheme: MESSAGE_SCHEME, path: `/${encodeURIComponent(account)}/${encodeURIComponent(messageId)}/${title}` });
}

/** The account and message id a `gmail-message:` URI names. */
export function messageRefOf(uri: vscode.Uri): MessageRef | undefined {
  if (uri.scheme !== MESSAGE_SCHEME) return undefined;
  const [, account, messageId] = uri.path.split('/');
  if (!account || !messageId) return undefined;
  try {
    const ref = { account: decodeURIComponent(account), messageId: decodeURIComponent(messageId) };
    // The URI can come with a command's argument: a Gmail message id is hex (letters, digits, _ and - allowed).
    return isGmailId(ref.messageId) ? ref : undefined;
  } catch {
    return undefined;
  }
}
