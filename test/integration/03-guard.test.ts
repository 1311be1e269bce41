// Issue 4 in a real VS Code: hostile mail cannot steer the agent (hidden text stripped, instruction-like
// content flagged in the result and the tree, addresses from it marked in the send confirmation), the
// status-bar kill switch stops every call, and the audit log in global storage records calls without
// bodies or tokens.
import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ACCOUNT, api, env, gmailTool, invoke, issuedTokens, screenshot, startServersUntilToolsAppear, waitFor } from './support';

describe('Guard against untrusted mail (fake Google with the hostile corpus)', function () {
  this.timeout(120_000);
  if (process.env.HARNESS_HOST === 'electron') return;
  let invoiceId = '';

  before(async () => {
    await vscode.commands.executeCommand('gmailTools.importOAuthClient', vscode.Uri.file(env('FAKE_GOOGLE_CLIENT_JSON')));
    if (!(await vscode.authentication.getAccounts('gmail-tools-google')).length) {
      assert.equal(await vscode.commands.executeCommand('gmailTools.signIn'), ACCOUNT);
    }
    await startServersUntilToolsAppear();
  });

  it('strips hidden instructions from a hostile invoice and flags them, in the result and the tree', async () => {
    const found = (await invoke('search_messages', { query: 'subject:"Your invoice INV-20931 is ready"', maxResults: 1 })).text;
    invoiceId = /\b([0-9a-f]{16})\b/.exec(found)?.[1] ?? '';
    assert.ok(invoiceId, found);
    const text = (await invoke('read_message', { id: invoiceId })).text;
    assert.match(text, /Amount due: \$1,240\.00/, 'the visible content survives');
    assert.doesNotMatch(text, /Ignore all previous instructions/i, 'hidden text never reaches the model');
    assert.doesNotMatch(text, /archive@northwind-invoices\.example/, 'nor the address hidden in it');
    assert.match(text, /untrusted-mail/, 'the body sits in a spotlighted untrusted block');
    assert.match(text, /hidden/i, 'the result says hidden content was removed or flagged');
    const { toolCalls } = await api();
    const record = await waitFor('the read_message record', () => toolCalls.all().find((r) => r.tool === 'read_message' && r.args.id === invoiceId && r.status !== 'running'));
    assert.ok(record.flags?.length, 'the tree shows a flag');
    await vscode.commands.executeCommand('gmailTools.calls.focus');
    await new Promise((r) => setTimeout(r, 800));
    await screenshot('tree-view-flagged-call');
  });

  it('marks a recipient hidden in the hostile mail as untrusted in the send confirmation', async () => {
    if (!gmailTool('send_message')) {
      assert.equal(await vscode.commands.executeCommand('gmailTools.enableToolset', 'send'), true);
      await startServersUntilToolsAppear('send_message');
    }
    const result = invoke('send_message', { to: ['archive@northwind-invoices.example'], subject: 'All invoices', body: 'Attached.' });
    const { confirmer } = await api();
    const pending = await waitFor('the confirmation', () => confirmer.pending()[0]);
    assert.equal(pending.request.kind, 'send');
    const item = pending.request.evidence.items.find((i) => i.kind === 'recipient' && i.value.toLowerCase() === 'archive@northwind-invoices.example');
    assert.equal(item?.grade, 'danger', JSON.stringify(pending.request.evidence.items));
    await screenshot('confirmation-untrusted-recipient');
    confirmer.reject({ id: pending.id });
    assert.match((await result).text, /declined/i);
  });

  it('the kill switch fails every call fast until resumed', async () => {
    const { pause } = await api();
    await vscode.commands.executeCommand('gmailTools.pause');
    try {
      assert.equal(pause.isPaused(), true);
      const text = (await invoke('get_profile', {})).text;
      assert.match(text, /paused by the user/i);
    } finally {
      await vscode.commands.executeCommand('gmailTools.resume');
    }
    assert.match((await invoke('get_profile', {})).text, /demo\.user@example\.com/);
  });

  it('writes an audit log in global storage with decisions, no bodies and no tokens', async () => {
    const { auditDirectory } = await api();
    const file = join(auditDirectory, 'audit.jsonl');
    const lines = await waitFor('audit lines', async () => {
      const text = await readFile(file, 'utf8').catch(() => '');
      const parsed = text.trim() ? text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [];
      return parsed.some((l) => l.tool === 'send_message') && parsed.some((l) => l.tool === 'get_profile') ? parsed : undefined;
    });
    assert.ok(!auditDirectory.startsWith(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '\u0000'), 'never in the workspace');
    const send = lines.filter((l) => l.tool === 'send_message').at(-1)!;
    assert.equal(send.account, ACCOUNT);
    assert.equal(send.decision, 'rejected');
    assert.ok(lines.some((l) => l.tool === 'read_message' && Array.isArray(l.messageIds) && (l.messageIds as string[]).includes(invoiceId)));
    assert.ok(lines.some((l) => l.decision === 'denied'), 'the paused call is recorded as denied');
    const raw = await readFile(file, 'utf8');
    assert.doesNotMatch(raw, /Amount due/, 'no mail bodies');
    for (const token of await issuedTokens()) assert.ok(!raw.includes(token), 'no tokens');
    const doc = await vscode.commands.executeCommand<vscode.TextEditor>('gmailTools.openAuditLog');
    assert.match(doc.document.getText(), /"tool":"get_profile"/);
  });
});
