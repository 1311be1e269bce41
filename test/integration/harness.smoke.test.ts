// Proves the harness drives a real VS Code: the right version, a command that changes the workbench, and the
// popup path (vscode.env.openExternal -> a browser page the runner clicks on) that the sign-in tests rely on.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('integration harness', () => {
  it('runs inside VS Code 1.139.x', () => {
    assert.match(vscode.version, /^1\.139\.\d+$/);
  });

  it('opens an untitled editor through a workbench command', async () => {
    const activeEditor = () => vscode.window.activeTextEditor; // a call, so TypeScript keeps no narrowing
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(activeEditor(), undefined);
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    const editor = activeEditor();
    assert.ok(editor, 'no active editor after newUntitledFile');
    assert.equal(editor.document.uri.scheme, 'untitled');
    const inserted = await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'harness'));
    assert.ok(inserted);
    assert.equal(editor.document.getText(), 'harness');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('hands pages opened with openExternal to the runner, which can click in them', async function () {
    // On a desktop, openExternal opens the system browser, which no runner drives.
    if (process.env.HARNESS_HOST === 'electron') this.skip();
    const probe = process.env.HARNESS_POPUP_PROBE_URL;
    assert.ok(probe, 'HARNESS_POPUP_PROBE_URL is not set: the runner did not start the popup probe');
    const opened = await vscode.env.openExternal(vscode.Uri.parse(`${probe}/consent`));
    assert.equal(opened, true);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const status = (await (await fetch(`${probe}/status`)).json()) as { approved: boolean };
      if (status.approved) return;
      if (Date.now() > deadline) assert.fail('the consent page was not clicked within 15 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
});
