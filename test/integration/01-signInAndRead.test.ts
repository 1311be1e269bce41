// The first vertical slice in a real VS Code against the fake Google: activation without a server, sign-in
// through the real loopback flow (the harness's scripted user presses Allow on the consent page), the MCP
// server started by VS Code's MCP client, the read tools through vscode.lm, the tree view, token refresh,
// revocation elsewhere, sign-out, the socket's front door, and a search for leaked tokens everywhere.
import * as assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { ToolCallRecord } from '../../src/ui/calls/toolCallLog';
import {
  ACCOUNT,
  AUTH_ID,
  READONLY,
  activeMailTextView,
  admin,
  api,
  env,
  fakeLog,
  gmailTool,
  invoke,
  issuedTokens,
  labelOf,
  screenshot,
  startServersUntilToolsAppear,
  treeCallRows,
  treeRowOf,
  waitFor,
} from './support';
import { log } from './testOutput';

const seenTexts: string[] = [];
async function call(tool: string, input: Record<string, unknown>): Promise<string> {
  const { text } = await invoke(tool, input);
  seenTexts.push(text);
  return text;
}

function treeTexts(item: vscode.TreeItem): string[] {
  const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : item.tooltip;
  const label = typeof item.label === 'string' ? item.label : item.label?.label;
  return [label, typeof item.description === 'string' ? item.description : '', tooltip ?? ''].filter((s): s is string => !!s);
}

async function allTreeTexts(): Promise<string[]> {
  const { toolCallsTree } = await api();
  const texts: string[] = [];
  const visit = async (nodes: readonly unknown[]) => {
    for (const node of nodes) {
      texts.push(...treeTexts(toolCallsTree.getTreeItem(node as never) as vscode.TreeItem));
      await visit(await toolCallsTree.getChildren(node as never));
    }
  };
  await visit(await toolCallsTree.getChildren());
  return texts;
}

async function latestCall(tool: string): Promise<ToolCallRecord> {
  const { toolCalls } = await api();
  return waitFor(`a finished ${tool} call in the tree`, () => toolCalls.all().find((r) => r.tool === tool && r.status !== 'running'));
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

describe('Gmail tools in VS Code (fake Google)', function () {
  this.timeout(90_000);

  it('activates without starting an MCP server', async () => {
    const { mcpServers } = await api();
    assert.deepEqual(mcpServers.runningAccounts(), []);
    assert.equal(gmailTool('search_messages'), undefined);
    assert.ok((await vscode.commands.getCommands(true)).includes('gmailTools.signIn'));
  });

  it('does not sign in before an OAuth client is imported', async () => {
    assert.equal(await vscode.commands.executeCommand('gmailTools.signIn'), undefined);
    assert.deepEqual(await vscode.authentication.getAccounts(AUTH_ID), []);
    assert.ok(!(await fakeLog()).some((e) => e.path === '/o/oauth2/v2/auth'), 'no consent page without a client');
  });

  it('imports the Desktop-app client JSON and refuses a web client', async () => {
    const web = vscode.Uri.file(join(dirname(env('FAKE_GOOGLE_CLIENT_JSON')), 'web-client.json'));
    await vscode.workspace.fs.writeFile(web, Buffer.from(JSON.stringify({ web: { client_id: 'x', client_secret: 'y' } })));
    assert.equal(await vscode.commands.executeCommand('gmailTools.importOAuthClient', web), false);
    assert.equal(await vscode.commands.executeCommand('gmailTools.importOAuthClient', vscode.Uri.file(env('FAKE_GOOGLE_CLIENT_JSON'))), true);
  });

  it('signs in through the browser consent page with read-only scope, PKCE and state', async function () {
    if (process.env.HARNESS_HOST === 'electron') this.skip();
    const account = await vscode.commands.executeCommand<string | undefined>('gmailTools.signIn');
    assert.equal(account, ACCOUNT);
    const accounts = await vscode.commands.executeCommand<Array<{ account: string; scopes: string[] }>>('gmailTools.showAccounts');
    assert.deepEqual(accounts, [{ account: ACCOUNT, scopes: [READONLY] }]);
    assert.deepEqual((await vscode.authentication.getAccounts(AUTH_ID)).map((a) => a.label), [ACCOUNT]);
    const authorize = (await fakeLog()).find((e) => e.path === '/o/oauth2/v2/auth');
    assert.ok(authorize, 'the consent page was never requested');
    assert.equal(authorize.query.code_challenge_method, 'S256');
    assert.equal(authorize.query.scope, READONLY);
    assert.match(String(authorize.query.redirect_uri), /^http:\/\/127\.0\.0\.1:\d+\//);
    assert.ok((await fakeLog()).some((e) => e.path === '/token' && e.status === 200));
  });

  it('starts the server when VS Code starts it, and lists the read tools', async () => {
    await startServersUntilToolsAppear();
    for (const tool of ['search_messages', 'read_message', 'read_thread', 'list_labels', 'get_profile']) {
      assert.ok(gmailTool(tool), `${tool} missing from vscode.lm.tools`);
    }
    assert.equal(gmailTool('send_message'), undefined);
    const { mcpServers } = await api();
    assert.deepEqual(mcpServers.runningAccounts(), [ACCOUNT]);
  });

  let messageId = '';
  it('searches and reads mail from the fake mailbox', async () => {
    const found = await call('search_messages', { query: 'subject:"Q3 roadmap" -subject:Re', maxResults: 5 });
    assert.match(found, /Q3 roadmap: draft for review/);
    messageId = /\b([0-9a-f]{16})\b/.exec(found)?.[1] ?? '';
    assert.ok(messageId, `no message id in: ${found}`);
    // VS Code hands the model the structured result (JSON) when a tool declares an output schema.
    const message = JSON.parse(await call('read_message', { id: messageId })) as { subject: string; from: string; body: string; attachments: Array<{ filename: string }> };
    assert.equal(message.subject, 'Q3 roadmap: draft for review');
    assert.match(message.from, /Priya Raman/);
    assert.match(message.body, /billing migration/);
    assert.deepEqual(message.attachments.map((a) => a.filename), ['Q3-roadmap-draft.pdf']);
    const profile = await call('get_profile', {});
    assert.match(profile, new RegExp(ACCOUNT.replace('.', '\\.')));
    const labels = await call('list_labels', {});
    assert.match(labels, /INBOX/);
    assert.match(labels, /Work/);
  });

  it('shows each call in the tree view as the action it was, under Today, with account, tool and arguments', async () => {
    const record = await latestCall('read_message');
    assert.equal(record.status, 'succeeded');
    const row = await treeRowOf(record.callId);
    assert.equal(row.group, 'Today');
    // What a person checks: the read names the mail's subject and its sender, not a tool name.
    assert.equal(labelOf(row.item), "Read 'Q3 roadmap: draft for review' from Priya Raman");
    // The time leads the description (the side bar cuts from the right), the account ends it.
    assert.match(String(row.item.description), new RegExp(`^\\d{1,2}:\\d\\d( [AP]M)? · .* · ${ACCOUNT.replace(/\./g, '\\.')}$`));
    assert.match(String(row.item.tooltip), /\nread_message, succeeded\n/);
    // The Q3 roadmap mail has an attachment: the item offers Save Attachment… (contextValue suffix).
    assert.equal(row.item.contextValue, 'toolCall.succeeded.attachments');
    const children = row.children.map(labelOf);
    assert.equal(children[0], 'tool: read_message', children.join(' | '));
    assert.ok(children.includes(`id: "${messageId}"`), children.join(' | '));
    assert.ok(children.some((c) => c.startsWith('result: ')), children.join(' | '));
    const labels = (await treeCallRows()).map((r) => labelOf(r.item));
    for (const expected of [
      /^Search 'subject:"Q3 roadmap" -subject:Re' — \d+ messages?$/,
      'Look up account profile',
      /^List labels — \d+ labels$/,
    ]) {
      assert.ok(labels.some((l) => (typeof expected === 'string' ? l === expected : expected.test(l))), `${String(expected)} not among: ${labels.join(' | ')}`);
    }
  });

  it('opens a call as a read-only document that reads as the action, titled by it', async () => {
    const record = await latestCall('read_message');
    await vscode.commands.executeCommand('gmailTools.showCall', record.callId);
    // In the read-only mail-text view (a webview, never a text editor: the chat's implicit context); its text is the
    // document's.
    const uri = await waitFor('the call document', () => activeMailTextView('gmail-tool-call'));
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.match(text, /^Read 'Q3 roadmap: draft for review' from Priya Raman$/m);
    assert.match(text, /^Tool: read_message$/m);
    assert.match(text, /^Status: succeeded$/m);
    assert.ok(text.includes(`  id: "${messageId}"`), text);
    assert.match(decodeURIComponent(uri.path.split('/').pop() ?? ''), /^Read 'Q3 roadmap: draft for review' from Priya Raman$/, 'the tab is titled by the action, not the call id');
    await vscode.commands.executeCommand('workbench.action.focusSideBar');
    await vscode.commands.executeCommand('workbench.view.extension.gmailTools');
    await vscode.commands.executeCommand('gmailTools.calls.focus');
    await new Promise((r) => setTimeout(r, 1500)); // let the view render its rows
    await screenshot('tree-view-with-calls');
  });

  it('shows the text withheld from the model as a read-only plain-text document, never in the result', async () => {
    const search = JSON.parse(await call('search_messages', { query: 'subject:"Members save 25%"', maxResults: 1 })) as { messages: Array<{ id: string }> };
    const id = search.messages[0]?.id;
    assert.ok(id, 'the newsletter with a hidden preheader is in the demo mailbox');
    const result = await call('read_message', { id });
    const record = await latestCall('read_message');
    assert.ok(record.withheld, 'the call carries withheld text for the person');
    const firstPassage = record.withheld.split('\n').find((l) => l.startsWith('['))!.replace(/^\[[A-Za-z]+\] /, '');
    assert.ok(firstPassage.length > 10, record.withheld);
    assert.equal(result.includes(firstPassage), false, 'the withheld passage is not in what the model read');
    const { toolCallsTree } = await api();
    const today = (await toolCallsTree.getChildren()).find((g) => labelOf(toolCallsTree.getTreeItem(g) as vscode.TreeItem) === 'Today')!;
    const node = (await toolCallsTree.getChildren(today)).find((n) => 'record' in n && n.record.callId === record.callId)!;
    assert.match(String((toolCallsTree.getTreeItem(node) as vscode.TreeItem).contextValue), /\.withheld$/);
    await vscode.commands.executeCommand('gmailTools.showWithheldText', node);
    // In the read-only mail-text view, never a text editor: the chat would offer a text editor's text to the model.
    const uri = await waitFor('the withheld-text view', () => activeMailTextView('gmail-withheld'));
    assert.equal(vscode.window.activeTextEditor?.document.uri.scheme === 'gmail-withheld', false);
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.ok(text.includes(firstPassage));
    assert.doesNotMatch(text, /^\[(displayNone|visibilityHidden|plainTextOnly|tinyFont)\]/m, 'reason codes in words');
  });

  it('answers a bad id with a clear error, and the tree marks the call failed', async () => {
    const text = await call('read_message', { id: 'ffffffffffffffff' });
    assert.match(text, /not found|no message/i);
    const record = await latestCall('read_message');
    assert.equal(record.status, 'failed');
  });

  it('refreshes the access token after it expires', async () => {
    const refreshesBefore = (await fakeLog()).filter((e) => e.path === '/token' && /refreshed/.test(e.note ?? '')).length;
    await admin('/expire-access-tokens', {});
    const profile = await call('get_profile', {});
    assert.match(profile, new RegExp(ACCOUNT.replace('.', '\\.')));
    const refreshesAfter = (await fakeLog()).filter((e) => e.path === '/token' && /refreshed/.test(e.note ?? '')).length;
    assert.equal(refreshesAfter, refreshesBefore + 1);
  });

  it('refuses socket requests without the nonce, with a foreign Host or with an Origin; the socket dir is 0700', async () => {
    const { mcpServers } = await api();
    const endpoint = mcpServers.endpointFor(ACCOUNT);
    assert.ok(endpoint?.server.socketPath);
    const socketPath = endpoint.server.socketPath;
    assert.equal((await stat(dirname(socketPath))).mode & 0o777, 0o700);
    const nonce = { [endpoint.server.authHeader.name]: endpoint.server.authHeader.value };
    const post = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ socketPath, path: '/mcp', method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }));
      });
    assert.equal(await post({ host: 'localhost' }), 401);
    assert.equal(await post({ host: 'localhost', [endpoint.server.authHeader.name]: 'wrong' }), 401);
    assert.equal(await post({ host: 'evil.example', ...nonce }), 403);
    assert.equal(await post({ host: 'localhost', origin: 'https://evil.example', ...nonce }), 403);
  });

  it('never shows a token in tool results, errors, the tree, call documents or logs', async () => {
    const tokens = await issuedTokens();
    assert.ok(tokens.length >= 3, 'expected codes, access and refresh tokens to have been issued');
    const haystacks: Array<[string, string]> = seenTexts.map((t, i) => [`tool result ${i}`, t]);
    for (const text of await allTreeTexts()) haystacks.push(['tree item', text]);
    const { toolCalls, logFolder } = await api();
    for (const record of toolCalls.all()) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'gmail-tool-call', path: `/${record.callId}.json` }));
      haystacks.push([`call document ${record.tool}`, doc.getText()]);
    }
    // The extension's own log folder, and every log of this window's session (the parent folders).
    const sessionLogs = dirname(dirname(logFolder));
    for (const file of await filesUnder(sessionLogs)) {
      haystacks.push([file, await readFile(file, 'utf8').catch(() => '')]);
    }
    log(`token search: ${tokens.length} tokens in ${haystacks.length} places`);
    for (const [where, text] of haystacks) {
      for (const token of tokens) assert.ok(!text.includes(token), `a token appears in ${where}`);
    }
  });

  it('handles access revoked elsewhere (invalid_grant): clear error, session removed, server stopped', async () => {
    await admin('/revoke-all', { account: ACCOUNT });
    await admin('/expire-access-tokens', {});
    const text = await call('get_profile', {});
    assert.match(text, /revoked|expired/i);
    assert.match(text, /sign in/i);
    assert.doesNotMatch(text, /\bat .*\.js:\d+/, 'no stack trace');
    const sessions = await vscode.authentication.getAccounts(AUTH_ID);
    assert.deepEqual(sessions, []);
    const { mcpServers } = await api();
    await waitFor('the server to stop', () => (mcpServers.runningAccounts().length === 0 ? true : undefined));
  });

  it('signs out: revokes the grant at Google and deletes the session', async function () {
    if (process.env.HARNESS_HOST === 'electron') this.skip();
    assert.equal(await vscode.commands.executeCommand('gmailTools.signIn'), ACCOUNT);
    const revokesBefore = (await fakeLog()).filter((e) => e.path === '/revoke' && e.status === 200).length;
    assert.equal(await vscode.commands.executeCommand('gmailTools.signOut', ACCOUNT), true);
    const revokesAfter = (await fakeLog()).filter((e) => e.path === '/revoke' && e.status === 200).length;
    assert.equal(revokesAfter, revokesBefore + 1);
    assert.deepEqual(await vscode.authentication.getAccounts(AUTH_ID), []);
  });

  it('reports a declined consent without signing in', async function () {
    if (process.env.HARNESS_HOST === 'electron') this.skip();
    await admin('/settings', { consentDecision: 'deny' });
    try {
      assert.equal(await vscode.commands.executeCommand('gmailTools.signIn'), undefined);
      assert.deepEqual(await vscode.authentication.getAccounts(AUTH_ID), []);
    } finally {
      await admin('/settings', { consentDecision: 'approve' });
    }
  });

  it('refuses a grant without read access (Google granted fewer scopes than asked)', async function () {
    if (process.env.HARNESS_HOST === 'electron') this.skip();
    // Google's consent page shows no per-scope checkbox for a request with one sensitive scope (the fake follows
    // that), so the person cannot untick gmail.readonly at sign-in; the grant can still come back without it (the
    // token response's scope is what counts), which the fake's auto consent with fewer scopes stands in for.
    await admin('/settings', { autoConsent: true, grantFewerScopes: ['https://www.googleapis.com/auth/gmail.send'] });
    try {
      assert.equal(await vscode.commands.executeCommand('gmailTools.signIn'), undefined);
      assert.deepEqual(await vscode.authentication.getAccounts(AUTH_ID), []);
    } finally {
      await admin('/settings', { autoConsent: false, grantFewerScopes: false });
    }
  });
});
