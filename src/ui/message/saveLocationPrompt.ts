import * as vscode from 'vscode';

/** What the save dialog is asked: where it starts (the workspace and the cleaned suggestion) and its title. */
export interface SaveLocationRequest {
  readonly suggested: vscode.Uri;
  readonly title: string;
}

export type SaveLocationAnswer = (request: SaveLocationRequest) => Promise<vscode.Uri | undefined>;

/**
 * Where the person wants a file saved: VS Code's save dialog, which only the person answers (undefined =
 * cancelled, nothing is written). The answer can be given in code instead, for the integration tests: in
 * extension-test mode VS Code answers its own dialogs, and no test could pick a path in one.
 */
export class SaveLocationPrompt {
  private answer: SaveLocationAnswer | undefined;

  ask(request: SaveLocationRequest): Promise<vscode.Uri | undefined> {
    if (this.answer) return this.answer(request);
    return Promise.resolve(vscode.window.showSaveDialog({ defaultUri: request.suggested, title: request.title, saveLabel: 'Save Attachment' }));
  }

  /** Tests: answer the next dialogs with `answer` until the returned disposable is disposed. */
  answerWith(answer: SaveLocationAnswer): vscode.Disposable {
    this.answer = answer;
    return new vscode.Disposable(() => {
      if (this.answer === answer) this.answer = undefined;
    });
  }
}
