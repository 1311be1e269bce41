// Issue 15 in a real VS Code: a PDF attachment read through vscode.lm.invokeTool, and a file of the open workspace
// sent as an attachment after the person approves it in the diff, or dropped there by deleting its line.
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import * as vscode from 'vscode';
import type { PendingConfirmation } from '../../src/ui/confirmation/confirmDiff';
import { pdfLine, pdfWithPages } from '../unit/attachments/fixtureFiles';
import { ACCOUNT, AUTH_ID, admin, api, env, invoke, screenshot, startServersUntilToolsAppear, waitFor } from './support';

interface SentView {
  subject: string;
  text: string;
  attachments: Array<{ filename: string; mimeType: string; size: number; sha256: string }>;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const sentWithSubject = async (subject: string) => (await admin<SentView[]>('/sent')).filter((m) => m.subject === subject);

async function nextConfirmation(): Promise<PendingConfirmation> {
  const { confirmer } = await api();
  return waitFor('a confirmation to open', () => confirmer.pending()[0], 20_000);
}

/** A file in the window's workspace folder (the folder code-server opened), by its path relative to that folder. */
async function workspaceFile(relative: string, content: Buffer): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test window has a workspace folder open');
  const file = path.join(folder.uri.fsPath, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

describe('Attachments: a PDF read from mail, a workspace file sent after approval (fake Google)', function () {
  this.timeout(120_000);
  if (process.env.HARNESS_HOST === 'electron') return;
  const report = Buffer.concat([Buffer.from('month,total\n'), randomBytes(4096)]);

  before(async () => {
    // Alone (INTEGRATION_GREP) or after the other suites: signed in, with the send toolset on.
    if (!(await vscode.authentication.getAccounts(AUTH_ID)).some((a) => a.label === ACCOUNT)) {
      await vscode.commands.executeCommand('gmailTools.importOAuthClient', vscode.Uri.file(env('FAKE_GOOGLE_CLIENT_JSON')));
      assert.equal(await vscode.commands.executeCommand('gmailTools.signIn'), ACCOUNT);
    }
    assert.equal(await vscode.commands.executeCommand('gmailTools.enableToolset', 'send'), true);
    await startServersUntilToolsAppear('send_message');
    await workspaceFile(path.join('reports', 'q3.csv'), report);
  });

  it('reads the text of a PDF attachment through vscode.lm.invokeTool', async () => {
    const pdf = pdfWithPages([pdfLine('Quote Q-7731: 1,250 EUR, valid until 31 May', 700)]);
    const raw = await new MailComposer({
      from: 'Supplier <sales@supplier.example>',
      to: ACCOUNT,
      subject: 'Quote Q-7731 attached',
      text: 'Please find the quote attached.',
      attachments: [{ filename: 'quote.pdf', contentType: 'application/pdf', content: pdf }],
    })
      .compile()
      .build();
    const { id } = await admin<{ id: string }>('/deliver', { raw: raw.toString('utf8') });
    const { text } = await invoke('get_attachment', { messageId: id, filename: 'quote.pdf' });
    assert.match(text, /Quote Q-7731: 1,250 EUR, valid until 31 May/);
  });

  it('sends a workspace file after approval: the diff lists it with size and hash, Sent holds its exact bytes', async () => {
    const result = invoke('send_message', { to: ['friend@example.org'], subject: 'Q3 figures', body: 'The figures are attached.', files: ['reports/q3.csv'] });
    const pending = await nextConfirmation();
    const right = (await vscode.workspace.openTextDocument(pending.right)).getText();
    assert.match(right, new RegExp(`^Attachments:\\n  q3\\.csv \\(text/csv, 4\\.0 KB, sha256 ${sha256(report).slice(0, 12)}\\)$`, 'm'));
    assert.deepEqual(await sentWithSubject('Q3 figures'), [], 'nothing is sent while the person decides');
    await screenshot('confirmation-attachment-diff');
    assert.equal(await (await api()).confirmer.approve({ id: pending.id }), true);
    const told = JSON.parse((await result).text) as { status: string; droppedAttachments?: string[] };
    assert.deepEqual([told.status, told.droppedAttachments], ['sent', undefined]);
    const [sent] = await sentWithSubject('Q3 figures');
    assert.deepEqual(sent.attachments, [{ filename: 'q3.csv', mimeType: 'text/csv', size: report.length, sha256: sha256(report) }]);
  });

  it('the person drops the attachment by deleting its line in the diff: the message goes without it, and the agent is told', async () => {
    const result = invoke('send_message', { to: ['friend@example.org'], subject: 'Q3 figures, no file', body: 'Figures to follow.', files: ['reports/q3.csv'] });
    const pending = await nextConfirmation();
    const doc = await vscode.workspace.openTextDocument(pending.right);
    const line = [...Array(doc.lineCount).keys()].map((i) => doc.lineAt(i)).find((l) => /^ {2}q3\.csv /.test(l.text));
    assert.ok(line, doc.getText());
    const edit = new vscode.WorkspaceEdit();
    edit.delete(pending.right, line.rangeIncludingLineBreak);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(await (await api()).confirmer.approve({ id: pending.id }), true);
    // The edit is shown again as the message rebuilt from it, without the file, and approved a second time.
    const again = await waitFor('the edit to be shown again', async () => (await api()).confirmer.pending().find((p) => p.id !== pending.id), 20_000);
    assert.match((await vscode.workspace.openTextDocument(again.right)).getText(), /^Attachments: \(none\)$/m);
    assert.equal(await (await api()).confirmer.approve({ id: again.id }), true);
    // VS Code hands the model a tool's structured content when it has an output schema: that is what the agent reads.
    const told = JSON.parse((await result).text) as { status: string; edited?: boolean; droppedAttachments?: string[] };
    assert.deepEqual([told.status, told.edited, told.droppedAttachments], ['sent', true, ['q3.csv']]);
    const [sent] = await sentWithSubject('Q3 figures, no file');
    assert.deepEqual(sent.attachments, []);
    assert.match(sent.text, /Figures to follow\./);
    const record = (await api()).toolCalls.all().find((r) => r.tool === 'send_message' && r.status === 'succeeded');
    assert.match(record?.summary ?? '', /attachments removed by the user: "q3\.csv"/);
  });

  it('a path out of the workspace is refused before any confirmation opens', async () => {
    const { text } = await invoke('send_message', { to: ['friend@example.org'], subject: 'Escape', body: 'x', files: ['../../etc/passwd'] });
    assert.match(text, /contains "\.\.": give a path inside the workspace folder/);
    assert.deepEqual((await api()).confirmer.pending(), []);
    assert.deepEqual(await sentWithSubject('Escape'), []);
  });
});
