import * as vscode from 'vscode';

export const CONFIRM_SCHEME = 'gmail-confirm';
export const OUTGOING_SCHEME = 'gmail-outgoing';
/** The language of a confirmation's right side: package.json turns diffEditor.codeLens on for it alone, so the diff
 *  shows the decision lenses (ui/confirmationCodeLens) without changing how any other diff looks. */
export const CONFIRMATION_LANGUAGE = 'gmail-confirmation';

/**
 * The texts a confirmation diff shows. Read-only sides (the original message; messages before and after a
 * change) come from a content provider; the editable outgoing message lives in a small in-memory file system,
 * so the user can change it in place and what they leave there is what gets sent.
 */
export class ConfirmationDocuments implements vscode.TextDocumentContentProvider, vscode.FileSystemProvider, vscode.Disposable {
  private readonly readOnly = new Map<string, string>();
  private readonly files = new Map<string, { data: Uint8Array; mtime: number }>();
  private readonly fileChanges = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.fileChanges.event;
  private readonly registrations: vscode.Disposable[];

  constructor() {
    this.registrations = [
      vscode.workspace.registerTextDocumentContentProvider(CONFIRM_SCHEME, this),
      vscode.workspace.registerFileSystemProvider(OUTGOING_SCHEME, this, { isCaseSensitive: true }),
    ];
  }

  putReadOnly(id: string, name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: CONFIRM_SCHEME, path: `/${id}/${name}` });
    this.readOnly.set(uri.toString(), text);
    return uri;
  }

  putEditable(id: string, name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: OUTGOING_SCHEME, path: `/${id}/${name}` });
    this.files.set(uri.path, { data: new TextEncoder().encode(text), mtime: Date.now() });
    return uri;
  }

  /** The editable side as the user left it, saved or not. */
  currentText(uri: vscode.Uri): string | undefined {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    const file = this.files.get(uri.path);
    return file ? new TextDecoder().decode(file.data) : undefined;
  }

  forget(id: string): void {
    for (const key of [...this.readOnly.keys()]) if (vscode.Uri.parse(key).path.startsWith(`/${id}/`)) this.readOnly.delete(key);
    const gone = [...this.files.keys()].filter((path) => path.startsWith(`/${id}/`));
    for (const path of gone) this.files.delete(path);
    // Told, VS Code treats a model it still holds as deleted instead of trying to read the file again.
    if (gone.length) this.fileChanges.fire(gone.map((path) => ({ type: vscode.FileChangeType.Deleted, uri: vscode.Uri.from({ scheme: OUTGOING_SCHEME, path }) })));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.readOnly.get(uri.toString()) ?? '';
  }

  // FileSystemProvider: flat, in memory, only for outgoing drafts under review.
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const file = this.files.get(uri.path);
    if (!file) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: vscode.FileType.File, ctime: file.mtime, mtime: file.mtime, size: file.data.byteLength };
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Confirmation documents have no folders.');
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const file = this.files.get(uri.path);
    if (!file) throw vscode.FileSystemError.FileNotFound(uri);
    return file.data;
  }

  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    if (!this.files.has(uri.path)) throw vscode.FileSystemError.NoPermissions('Only a message under review can be edited here.');
    this.files.set(uri.path, { data: content, mtime: Date.now() });
    this.fileChanges.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('Cancel the confirmation instead.');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Confirmation documents cannot be renamed.');
  }

  dispose(): void {
    for (const r of this.registrations) r.dispose();
    this.fileChanges.dispose();
    this.readOnly.clear();
    this.files.clear();
  }
}
