// Issue 16 in a real VS Code: two Google accounts side by side in the fake. Each gets its own MCP server
// definition labelled with its address; each server reads only its own mailbox; every confirmation, tree item
// and audit line names the account; signing out of one leaves the other working.
import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ToolCallRecord } from '../../src/ui/calls/toolCallLog';
import { ACCOUNT, AUTH_ID, admin, api, env, fakeLog, invokeNamed, screenshot, waitFor } from './support';

/** Subjects only one mailbox holds: the demo account's hostile invoice, the second account's contract mail. */
const ONLY_FIRST = 'Your invoice INV-20931 is ready';
const ONLY_SECOND = 'Northwind contract renewal: signed copy';

/** Full tool names by account, found by asking each server's get_profile who it is. */
async function toolsByAccount(): Promise<Map<string, (tool: string) => string>> {
  const byAccount = new Map<string, (tool: string) => string>();
  for (const profile of vscode.lm.tools.filter((t) => t.name.startsWith('mcp_') && t.name.endsWith('_get_profile'))) {
    const prefix = profile.name.slice(0, -'get_profile'.length);
    const { text } = await invokeNamed(profile.name, {});
    const address = /[\w.+-]+@[\w.-]+\.\w+/.exec(text)?.[0];
    if (!address) continue;
    byAccount.set(address, (tool) => {
      const name = `${prefix}${tool}`;
      assert.ok(vscode.lm.tools.some((t) => t.name === name), `${name} is not listed; tools: ${vscode.lm.tools.map((t) => t.name).join(', ')}`);
      return name;
    });
  }
  return byAccount;
}

/** Starts every server until both accounts answer get_profile, each with its own address. */
async function bothServersLive(first: string, second: string): Promise<Map<string, (tool: string) => string>> {
  return waitFor(
    'a server for each account',
    async () => {
      await vscode.commands.executeCommand('workbench.mcp.startServer', '*', { waitForLiveTools: true, autoTrustChanges: true });
      const tools = await toolsByAccount().catch(() => undefined);
      return tools?.has(first) && tools.has(second) ? tools : undefined;
    },
    60_000,
  );
}

function treeDescription(record: ToolCallRecord, item: vscode.TreeItem): string {
  return `${typeof item.label === 'string' ? item.label : (item.label?.label ?? '')} ${typeof item.description === 'string' ? item.description : ''} ${record.tool}`;
}

describe('Two Google accounts side by side (fake Google)', function () {
  this.timeout(180_000);
  if (process.env.HARNESS_HOST === 'electron') return;
  const second = env('FAKE_GOOGLE_SECOND_ACCOUNT');
  let tools = new Map<string, (tool: string) => string>();
  const tool = (account: string, name: string) => {
    const pick = tools.get(account);
    assert.ok(pick, `no server for ${account}`);
    return pick(name);
  };

  before(async () => {
    await vscode.commands.executeCommand('gmailTools.importOAuthClient', vscode.Uri.file(env('FAKE_GOOGLE_CLIENT_JSON')));
    if (!(await vscode.authentication.getAccounts(AUTH_ID)).some((a) => a.label === ACCOUNT)) {
      assert.equal(await vscode.commands.executeCommand('gmailTools.signIn'), ACCOUNT);
    }
  });

  it('adds the second account (picked on the consent page): two server definitions labelled with the addresses', async () => {
    await admin('/settings', { consentAccount: second });
    try {
      assert.equal(await vscode.commands.executeCommand('gmailTools.addAccount'), second);
    } finally {
      await admin('/settings', { consentAccount: null });
    }
    const labels = (await vscode.authentication.getAccounts(AUTH_ID)).map((a) => a.label).sort();
    assert.deepEqual(labels, [ACCOUNT, second].sort());
    const { mcpServers } = await api();
    const definitions = (await mcpServers.provideMcpServerDefinitions()).map((d) => d.label).sort();
    assert.deepEqual(definitions, [`Gmail ${ACCOUNT}`, `Gmail ${second}`].sort());
    tools = await bothServersLive(ACCOUNT, second);
    assert.notEqual(tool(ACCOUNT, 'search_messages'), tool(second, 'search_messages'));
  });

  it('each server reads only its own mailbox, with its own account\'s token', async () => {
    const search = async (account: string, subject: string) => (await invokeNamed(tool(account, 'search_messages'), { query: `subject:"${subject}"`, maxResults: 5 })).text;
    const logBefore = (await fakeLog()).length;
    assert.match(await search(second, ONLY_SECOND), /NW-7731|contract renewal/i);
    assert.doesNotMatch(await search(second, ONLY_FIRST), /INV-20931/);
    assert.match(await search(ACCOUNT, ONLY_FIRST), /INV-20931/);
    assert.doesNotMatch(await search(ACCOUNT, ONLY_SECOND), /contract renewal/i);
    const gmailCalls = (await fakeLog()).slice(logBefore).filter((e) => e.path.includes('/gmail/v1/'));
    assert.ok(gmailCalls.some((e) => e.account === second) && gmailCalls.some((e) => e.account === ACCOUNT), JSON.stringify(gmailCalls.map((e) => e.account)));
    const read = (await invokeNamed(tool(second, 'read_message'), { id: /\b([0-9a-f]{16})\b/.exec(await search(second, ONLY_SECOND))?.[1] ?? '' })).text;
    assert.match(read, /NW-7731/);
  });

  it('every confirmation names its account: the diff title, the notice and the request', async () => {
    // The send toolset is on (the earlier suites): the second account asks Google for gmail.send on its own grant.
    assert.equal(await vscode.commands.executeCommand('gmailTools.enableToolset', 'send'), true);
    tools = await waitFor('send_message on both servers', async () => {
      const found = await bothServersLive(ACCOUNT, second);
      const names = vscode.lm.tools.map((t) => t.name);
      return [...found.values()].every((pick) => names.some((n) => n === pick('get_profile').replace(/get_profile$/, 'send_message'))) ? found : undefined;
    }, 60_000);
    const { confirmer } = await api();
    for (const account of [ACCOUNT, second]) {
      const result = invokeNamed(tool(account, 'send_message'), { to: ['someone@example.net'], subject: `Two accounts: from ${account}`, body: 'Checking the account line.' });
      const pending = await waitFor('the confirmation', () => confirmer.pending()[0]);
      assert.equal(pending.request.account, account);
      assert.ok(pending.notice.includes(account), pending.notice);
      const tab = await waitFor('the diff tab', () =>
        vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === pending.right.toString()),
      );
      assert.ok(tab.label.includes(account), `the diff's title does not name ${account}: ${tab.label}`);
      if (pending.request.kind === 'send') assert.ok(pending.request.message.from.includes(account), pending.request.message.from);
      await screenshot(`two-accounts-confirmation-${account === ACCOUNT ? 'first' : 'second'}`);
      confirmer.reject({ id: pending.id });
      assert.match((await result).text, /declined/i);
    }
    assert.equal((await admin<unknown[]>(`/sent?account=${encodeURIComponent(second)}`)).length, 0, 'nothing sent from the second account');
  });

  it('every tree item and audit line names the account it ran for', async () => {
    const { toolCalls, toolCallsTree, auditDirectory } = await api();
    for (const account of [ACCOUNT, second]) {
      const records = toolCalls.all().filter((r) => r.account === account && ['search_messages', 'send_message'].includes(r.tool));
      assert.ok(records.some((r) => r.tool === 'send_message') && records.some((r) => r.tool === 'search_messages'), `calls of ${account}`);
    }
    const roots = await toolCallsTree.getChildren();
    const described: string[] = [];
    const visit = async (nodes: readonly unknown[]) => {
      for (const node of nodes) {
        const item = toolCallsTree.getTreeItem(node as never) as vscode.TreeItem;
        const record = (node as { record?: ToolCallRecord }).record;
        if (record) {
          const text = treeDescription(record, item);
          assert.ok(text.includes(record.account), `the tree item for ${record.tool} does not name ${record.account}: ${text}`);
          described.push(record.account);
        }
        await visit(await toolCallsTree.getChildren(node as never));
      }
    };
    await visit(roots);
    assert.ok(described.includes(second) && described.includes(ACCOUNT), `tree items by account: ${[...new Set(described)].join(', ')}`);
    await vscode.commands.executeCommand('gmailTools.calls.focus');
    await new Promise((r) => setTimeout(r, 800));
    await screenshot('two-accounts-tree');

    const lines = await waitFor('audit lines of the second account', async () => {
      const text = await readFile(join(auditDirectory, 'audit.jsonl'), 'utf8').catch(() => '');
      const parsed = text.trim() ? text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [];
      return parsed.some((l) => l.account === second && l.tool === 'send_message') ? parsed : undefined;
    });
    for (const line of lines) assert.ok(typeof line.account === 'string' && [ACCOUNT, second].includes(line.account), `an audit line without its account: ${JSON.stringify(line)}`);
    const sends = lines.filter((l) => l.tool === 'send_message');
    assert.ok(sends.some((l) => l.account === second) && sends.some((l) => l.account === ACCOUNT));
  });

  it('signing out of the second account revokes it and stops its server; the first keeps working', async () => {
    const revokesBefore = (await fakeLog()).filter((e) => e.path === '/revoke').length;
    assert.equal(await vscode.commands.executeCommand('gmailTools.signOut', second), true);
    assert.deepEqual((await vscode.authentication.getAccounts(AUTH_ID)).map((a) => a.label), [ACCOUNT]);
    assert.equal((await fakeLog()).filter((e) => e.path === '/revoke').length, revokesBefore + 1, 'one revocation at Google');
    const secondTool = tool(second, 'search_messages');
    await waitFor(`${secondTool} to disappear`, () => (vscode.lm.tools.some((t) => t.name === secondTool) ? undefined : true), 30_000);
    const { mcpServers } = await api();
    assert.deepEqual(mcpServers.runningAccounts().filter((a) => a === second), []);
    assert.deepEqual((await mcpServers.provideMcpServerDefinitions()).map((d) => d.label), [`Gmail ${ACCOUNT}`]);
    const text = (await invokeNamed(tool(ACCOUNT, 'search_messages'), { query: `subject:"${ONLY_FIRST}"`, maxResults: 1 })).text;
    assert.match(text, /INV-20931/);
  });
});
