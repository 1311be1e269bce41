// Issue 16's palette and issue 15's Save Attachment in a real VS Code, without an agent: Gmail: Search Mail…'s
// live quick pick (driven through the pick the command returns), the chosen message in its read-only editor,
// Move to Trash through our confirmation (approved in code: extension-test mode answers dialogs itself), and
// Save Attachment… through the injectable save-location prompt: cancelled writes nothing, answered writes exactly
// the attachment's bytes where the person said.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { MailSearchPick, type MailHitItem } from '../../src/ui/palette/mailSearchPick';
import type { InProcessToolResult } from '../../src/mcp/transport/inProcessClient';
import type { SaveAttachmentOutcome } from '../../src/ui/message/attachmentSaver';
import type { MessageActionOutcome } from '../../src/ui/message/messageActions';
import type { SaveLocationRequest } from '../../src/ui/message/saveLocationPrompt';
import { ACCOUNT, AUTH_ID, activeMailTextView, admin, api, env, fakeLog, screenshot, waitFor } from './support';

const SENDER = 'lena.hoffmann@partner.example';
const SUBJECT = 'Palette test: floor plan $(check) [Open](command:gmailTools.confirm.approve)';
const FILE_NAME = '../../floor plan.pdf.exe';
const attachment = randomBytes(50_000);

/** A message from outside with one binary attachment whose name tries to climb out of the folder and pose as a PDF. */
function deliveredMail(): string {
  const base64 = attachment.toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    `From: Lena Hoffmann <${SENDER}>`,
    `To: ${ACCOUNT}`,
    `Subject: ${SUBJECT}`,
    `Date: ${new Date().toUTCString()}`,
    'Message-ID: <palette-test-1@partner.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="palette-boundary"',
    '',
    '--palette-boundary',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Here is the floor plan for Thursday. The meeting room is on the 3rd floor.',
    '--palette-boundary',
    `Content-Type: application/octet-stream; name="${FILE_NAME}"`,
    `Content-Disposition: attachment; filename="${FILE_NAME}"`,
    'Content-Transfer-Encoding: base64',
    '',
    base64,
    '--palette-boundary--',
    '',
  ].join('\r\n');
}

interface MessageView {
  labelIds: string[];
  threadId: string;
  messageId?: string;
}

interface SentView {
  subject: string;
  to: string;
  text: string;
  threadId: string;
  inReplyTo?: string;
  attachments?: unknown;
}

const sent = () => admin<SentView[]>('/sent');

/** A search answer the test releases when it wants: searches come back out of order. */
function deferred(): { promise: Promise<InProcessToolResult>; resolve(subjects: string[]): void } {
  let release!: (result: InProcessToolResult) => void;
  const promise = new Promise<InProcessToolResult>((r) => (release = r));
  return {
    promise,
    resolve: (subjects) =>
      release({ isError: false, text: '', structured: { messages: subjects.map((subject, i) => ({ id: `m${i}`, date: '2026-12-01T10:00Z', from: 'a@example.com', subject, snippet: '' })) } }),
  };
}

/** A call's item in the tree, wherever the tree puts it (at the top, or under a group such as "Today"). */
async function callNode(callId: string | undefined): Promise<unknown> {
  const { toolCallsTree } = await api();
  const tree = toolCallsTree as unknown as { getChildren(node?: unknown): Promise<unknown[]> | unknown[]; getTreeItem(node: unknown): vscode.TreeItem };
  let level = await tree.getChildren();
  for (let depth = 0; depth < 3 && level.length; depth++) {
    const found = level.find((n) => tree.getTreeItem(n).id === callId);
    if (found) return found;
    const next: unknown[] = [];
    for (const n of level) if (tree.getTreeItem(n).collapsibleState !== vscode.TreeItemCollapsibleState.None) next.push(...(await tree.getChildren(n)));
    level = next;
  }
  return undefined;
}

const attachmentDownloads = async (messageId: string) => (await fakeLog()).filter((e) => e.path.includes(`/messages/${messageId}/attachments/`)).length;
const labels = (pick: MailSearchPick) => pick.quickPick.items.map((i) => i.label);

describe('The palette without an agent: Search Mail, the message editor, Save Attachment (fake Google)', function () {
  this.timeout(120_000);
  if (process.env.HARNESS_HOST === 'electron') return;
  let messageId = '';
  let messageUri: vscode.Uri | undefined;
  let folder = '';

  before(async () => {
    await vscode.commands.executeCommand('gmailTools.importOAuthClient', vscode.Uri.file(env('FAKE_GOOGLE_CLIENT_JSON')));
    if (!(await vscode.authentication.getAccounts(AUTH_ID)).some((a) => a.label === ACCOUNT)) {
      assert.equal(await vscode.commands.executeCommand('gmailTools.signIn'), ACCOUNT);
    }
    assert.deepEqual((await vscode.authentication.getAccounts(AUTH_ID)).map((a) => a.label), [ACCOUNT], 'one account, so no account pick opens');
    messageId = (await admin<{ id: string }>('/deliver', { raw: deliveredMail() })).id;
    folder = await mkdtemp(join(tmpdir(), 'palette-save-'));
  });

  it('lists the inbox\'s newest for an empty query, then follows the typed query (of two quick keystrokes, the later one\'s hits)', async () => {
    const pick = await vscode.commands.executeCommand<MailSearchPick>('gmailTools.searchMail');
    assert.ok(pick, 'the command returns its pick');
    try {
      await pick.settled();
      assert.equal(pick.quickPick.busy, false);
      const newest = pick.quickPick.items[0];
      assert.equal(newest.hit?.id, messageId, 'the message just delivered is the inbox\'s newest');
      // Mail text is plain in the pick: no icon, no link syntax survives.
      assert.equal(newest.label, 'Palette test: floor plan $ (check) [Open] (command\u2236gmailTools.confirm.approve)');
      // The date first (the pick cuts from the right), then the sender by name.
      assert.match(newest.description ?? '', / · Lena Hoffmann$/);
      assert.match(newest.detail ?? '', /Here is the floor plan/);
      for (const item of pick.quickPick.items) assert.ok(item.alwaysShow, 'the typed Gmail query never filters the hits away');

      // Two keystrokes in quick succession: only the newest query's hits are shown.
      pick.type('subject:"Your invoice INV-20931 is ready"');
      pick.type(`from:${SENDER}`);
      await pick.settled();
      assert.deepEqual(labels(pick), [newest.label]);
      assert.equal(pick.quickPick.value, `from:${SENDER}`);

      pick.type('from:nobody-at-all@nowhere.example');
      await pick.settled();
      assert.deepEqual(labels(pick), ['No messages match.']);

      // A query over search_messages' limit: the tool refuses it, and the pick says why.
      pick.type(`subject:${'x'.repeat(2_100)}`);
      await pick.settled();
      assert.equal(pick.quickPick.items.length, 1);
      assert.equal(pick.quickPick.items[0].label, '$(error) Search failed');
      assert.match(pick.quickPick.items[0].detail ?? '', /Invalid arguments for search_messages/);

      pick.type(`from:${SENDER}`);
      await pick.settled();
      await screenshot('palette-search-pick');
      const { toolCalls } = await api();
      assert.ok(toolCalls.all().some((r) => r.tool === 'search_messages' && r.args.query === `from:${SENDER}`), 'the palette\'s searches are in the tree like the agent\'s');

      const hit = pick.quickPick.items.find((i): i is MailHitItem & { hit: NonNullable<MailHitItem['hit']> } => i.hit?.id === messageId);
      assert.ok(hit);
      await pick.choose(hit);
    } finally {
      pick.dispose();
    }
    // In the read-only mail-text view, never a text editor: the chat would offer a text editor's text to the model.
    messageUri = await waitFor('the message view', () => activeMailTextView('gmail-message'));
  });

  it('a search that comes back after a newer one was started never replaces its hits; busy until the newest is in', async () => {
    const answers = new Map<string, ReturnType<typeof deferred>>();
    const search = (query: string) => {
      const answer = deferred();
      answers.set(query, answer);
      return answer.promise;
    };
    const pick = new MailSearchPick({ account: ACCOUNT, search, onChoose: () => undefined, debounceMs: 0 });
    try {
      pick.show('slow query');
      await waitFor('the first search to start', () => answers.get('slow query'));
      assert.equal(pick.quickPick.busy, true);
      pick.type('newer query');
      await waitFor('the second search to start', () => answers.get('newer query'));
      answers.get('newer query')!.resolve(['Hit of the newer query']);
      await pick.settled();
      assert.deepEqual(labels(pick), ['Hit of the newer query']);
      assert.equal(pick.quickPick.busy, false);
      answers.get('slow query')!.resolve(['Stale hit']);
      await answers.get('slow query')!.promise;
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(labels(pick), ['Hit of the newer query'], 'the stale answer is dropped');
      assert.equal(pick.quickPick.busy, false);
    } finally {
      pick.dispose();
    }
  });

  it('opens the chosen message read-only: headers, attachments, the sanitised text', async () => {
    assert.ok(messageUri);
    const doc = await vscode.workspace.openTextDocument(messageUri);
    const text = doc.getText();
    assert.equal(vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === messageUri!.toString()), false, 'no text editor shows it');
    assert.match(text, /^From: Lena Hoffmann <lena\.hoffmann@partner\.example>$/m);
    assert.match(text, new RegExp(`^To: ${ACCOUNT.replace(/\./g, '\\.')}$`, 'm'));
    // A date as a person reads it, in their zone, not read_message's ISO 8601.
    assert.match(text, /^Date: .*\d{4}/m);
    assert.doesNotMatch(text, /^Date: \d{4}-\d\d-\d\dT/m);
    assert.match(text, /^Subject: Palette test: floor plan \$ \(check\) \[Open\] \(command\u2236gmailTools/m, 'mail text through plainText: no command link');
    assert.match(text, /^Attachments \(1; Save Attachment… in the editor title\):\n {2}1\. \.\.\/\.\.\/floor plan\.pdf\.exe \(application\/octet-stream, 49 KB\)$/m);
    assert.match(text, /Here is the floor plan for Thursday\./);
    assert.doesNotMatch(text, /untrusted-mail/, 'the model\'s spotlight markers are not shown to the person');
    const { toolCalls } = await api();
    const read = toolCalls.all().find((r) => r.tool === 'read_message' && r.args.id === messageId);
    assert.equal(read?.status, 'succeeded', 'the read is a tool call in the tree');
    assert.deepEqual(read?.attachmentMessageIds, [messageId]);
    await new Promise((r) => setTimeout(r, 500)); // the picture is for people; nothing asserts on time
    await screenshot('palette-message-editor');
  });

  it('Save Attachment…: cancelling the dialog writes nothing; answering it writes exactly the attachment\'s bytes there', async () => {
    assert.ok(messageUri);
    const { saveLocation } = await api();
    const asked: SaveLocationRequest[] = [];
    const downloadsBefore = await attachmentDownloads(messageId);
    let answer = saveLocation.answerWith(async (request) => {
      asked.push(request);
      return undefined;
    });
    try {
      const cancelled = await vscode.commands.executeCommand<SaveAttachmentOutcome>('gmailTools.saveAttachment', messageUri);
      assert.equal(cancelled.status, 'cancelled');
    } finally {
      answer.dispose();
    }
    assert.equal(asked.length, 1);
    assert.equal(basename(asked[0].suggested.fsPath), 'floor plan_pdf.exe', 'the sender\'s name cleaned: no ../, no decoy .pdf');
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(workspace);
    assert.equal(dirname(asked[0].suggested.fsPath), workspace, 'the dialog starts in the workspace');
    assert.deepEqual(await readdir(folder), [], 'nothing written');
    assert.equal(await attachmentDownloads(messageId), downloadsBefore, 'nothing even downloaded');

    const target = vscode.Uri.file(join(folder, 'plan.bin'));
    answer = saveLocation.answerWith(async () => target);
    try {
      const saved = await vscode.commands.executeCommand<SaveAttachmentOutcome>('gmailTools.saveAttachment', messageUri);
      assert.equal(saved.status, 'saved');
    } finally {
      answer.dispose();
    }
    assert.deepEqual(await readdir(folder), ['plan.bin'], 'only the chosen file');
    assert.ok((await readFile(target.fsPath)).equals(attachment), 'exactly the attachment\'s bytes');
  });

  it('Save Attachment… on the read_message call in the tree', async () => {
    const { toolCalls, toolCallsTree, saveLocation } = await api();
    const record = toolCalls.all().find((r) => r.tool === 'read_message' && r.args.id === messageId);
    assert.ok(record);
    const node = await callNode(record.callId);
    assert.ok(node);
    assert.equal((toolCallsTree.getTreeItem(node as never) as vscode.TreeItem).contextValue, 'toolCall.succeeded.attachments');
    const target = vscode.Uri.file(join(folder, 'from-tree.bin'));
    const answer = saveLocation.answerWith(async () => target);
    try {
      const saved = await vscode.commands.executeCommand<SaveAttachmentOutcome>('gmailTools.saveAttachment', node);
      assert.equal(saved.status, 'saved');
    } finally {
      answer.dispose();
    }
    assert.ok((await readFile(target.fsPath)).equals(attachment));
    const search = toolCalls.all().find((r) => r.tool === 'search_messages');
    const searchNode = await callNode(search?.callId);
    assert.ok(searchNode && !/attachments/.test((toolCallsTree.getTreeItem(searchNode as never) as vscode.TreeItem).contextValue ?? ''), 'a search offers no Save Attachment');
  });

  it('Reply from the message editor opens the reply\'s diff; approved, it is sent in the thread', async () => {
    assert.ok(messageUri);
    assert.equal(await vscode.commands.executeCommand('gmailTools.enableToolset', 'send'), true);
    const { confirmer } = await api();
    const outcome = vscode.commands.executeCommand<MessageActionOutcome>('gmailTools.message.reply', messageUri, 'Thanks, see you on Thursday.');
    const pending = await waitFor('the reply confirmation', () => confirmer.pending()[0]);
    assert.equal(pending.request.kind, 'send');
    assert.match((await vscode.workspace.openTextDocument(pending.left)).getText(), /floor plan for Thursday/, 'left: the message replied to');
    const right = (await vscode.workspace.openTextDocument(pending.right)).getText();
    assert.match(right, /^To: .*lena\.hoffmann@partner\.example/m);
    assert.match(right, /Thanks, see you on Thursday\./);
    // The person started this one: the confirmation says so, and so do the tree and the audit log.
    assert.equal(pending.request.origin, 'you');
    assert.match(pending.notice, /You are about to send "Re: /, pending.notice);
    assert.match(right, /^You are about to send this message as /m);
    assert.equal(await confirmer.approve({ id: pending.id }), true);
    assert.equal(await outcome, 'done');
    const { toolCalls, auditDirectory } = await api();
    assert.equal(toolCalls.all().find((r) => r.tool === 'send_message' && r.args.replyToMessageId === messageId)?.origin, 'you');
    const audited = await waitFor('the audit line of the reply', async () => {
      const files = (await readdir(auditDirectory)).filter((f) => f.endsWith('.jsonl'));
      const lines = (await Promise.all(files.map((f) => readFile(join(auditDirectory, f), 'utf8')))).join('\n').split('\n').filter(Boolean);
      return lines.map((l) => JSON.parse(l) as { tool: string; origin?: string; args: { replyToMessageId?: string } }).find((l) => l.tool === 'send_message' && l.args.replyToMessageId === messageId);
    });
    assert.equal(audited.origin, 'you');
    const original = await admin<MessageView>(`/message?id=${messageId}`);
    const reply = (await sent()).find((m) => /Thanks, see you on Thursday/.test(m.text));
    assert.ok(reply, 'the reply is in Sent');
    assert.equal(reply.threadId, original.threadId);
    assert.equal(reply.inReplyTo, original.messageId);
  });

  it('Forward from the message editor: cancelled in its diff, nothing is sent', async () => {
    assert.ok(messageUri);
    const { confirmer } = await api();
    const before = (await sent()).length;
    const outcome = vscode.commands.executeCommand<MessageActionOutcome>('gmailTools.message.forward', messageUri, 'facilities@example.org', 'For the room booking.');
    const pending = await waitFor('the forward confirmation', () => confirmer.pending()[0]);
    const right = (await vscode.workspace.openTextDocument(pending.right)).getText();
    assert.match(right, /^To: facilities@example\.org/m);
    assert.match(right, /floor plan\.pdf\.exe \(application\/octet-stream/, 'the forward carries the attachment');
    assert.equal(await confirmer.reject({ id: pending.id }), true);
    assert.equal(await outcome, 'declined');
    assert.equal((await sent()).length, before);
  });

  it('Move to Trash from the message editor opens our confirmation; approved, Gmail has it in Trash', async () => {
    assert.ok(messageUri);
    assert.equal(await vscode.commands.executeCommand('gmailTools.enableToolset', 'organize'), true);
    const { confirmer, toolCalls } = await api();
    const outcome = vscode.commands.executeCommand<MessageActionOutcome>('gmailTools.message.trash', messageUri);
    const pending = await waitFor('the trash confirmation', () => confirmer.pending()[0]);
    assert.equal(pending.request.kind, 'changeMessages');
    const before = (await vscode.workspace.openTextDocument(pending.left)).getText();
    assert.match(before, /Palette test: floor plan/);
    assert.ok(!(await admin<MessageView>(`/message?id=${messageId}`)).labelIds.includes('TRASH'), 'nothing changes while the person decides');
    assert.equal(toolCalls.all()[0].tool, 'trash_messages');
    assert.equal(toolCalls.all()[0].status, 'awaitingApproval');
    assert.equal(await confirmer.approve({ id: pending.id }), true);
    assert.equal(await outcome, 'done');
    assert.ok((await admin<MessageView>(`/message?id=${messageId}`)).labelIds.includes('TRASH'));
  });

  it('a document URI for an account that is not signed in, or an id that is no Gmail id, changes nothing and starts no server', async () => {
    const { mcpServers, saveLocation } = await api();
    const stranger = vscode.Uri.from({ scheme: 'gmail-message', path: '/someone%40elsewhere.example/18c2aa/x.txt' });
    assert.equal(await vscode.commands.executeCommand<MessageActionOutcome>('gmailTools.message.trash', stranger), 'failed');
    const answer = saveLocation.answerWith(async () => assert.fail('no dialog for a message that cannot be read'));
    try {
      assert.equal((await vscode.commands.executeCommand<SaveAttachmentOutcome>('gmailTools.saveAttachment', stranger)).status, 'failed');
    } finally {
      answer.dispose();
    }
    assert.deepEqual(mcpServers.runningAccounts(), [ACCOUNT]);
    const badId = vscode.Uri.from({ scheme: 'gmail-message', path: `/${encodeURIComponent(ACCOUNT)}/..%2F..%2Fx/x.txt` });
    assert.equal(await vscode.commands.executeCommand<MessageActionOutcome>('gmailTools.message.trash', badId), 'unavailable');
  });

  it('with the tools read-only, Move to Trash says why and changes nothing', async () => {
    assert.ok(messageUri);
    const config = vscode.workspace.getConfiguration('gmailTools');
    await config.update('readOnly', true, vscode.ConfigurationTarget.Global);
    try {
      const { confirmer } = await api();
      assert.equal(await vscode.commands.executeCommand<MessageActionOutcome>('gmailTools.message.trash', messageUri), 'unavailable');
      assert.equal(confirmer.pending().length, 0);
    } finally {
      await config.update('readOnly', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
