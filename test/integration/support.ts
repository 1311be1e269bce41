// Helpers for integration tests that run in the extension host of a real VS Code.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GmailToolsExtensionApi } from '../../src/extension';
import type { RequestLogEntry } from '../fakeGoogle/requestLog';

export const EXTENSION_ID = 'guarded-mail.gmail-mcp-guarded';
export const AUTH_ID = 'gmail-tools-google';
export const READONLY = 'https://www.googleapis.com/auth/gmail.readonly';
export const ACCOUNT = 'demo.user@example.com';

export function env(name: string): string {
  const value = process.env[name];
  assert.ok(value, `${name} is not set: run the suite with npm run test:integration`);
  return value;
}

export async function admin<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${env('FAKE_GOOGLE_ADMIN_URL')}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal(res.status, 200, `fake admin ${path}`);
  return (await res.json()) as T;
}

export const fakeLog = () => admin<RequestLogEntry[]>('/log');
export const issuedTokens = () => admin<string[]>('/issued-tokens');

export async function api(): Promise<GmailToolsExtensionApi> {
  const ext = vscode.extensions.getExtension<GmailToolsExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  return ext.isActive ? ext.exports : await ext.activate();
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export function gmailTool(name: string): vscode.LanguageModelToolInformation | undefined {
  return vscode.lm.tools.find((t) => t.name.startsWith('mcp_') && t.name.endsWith(`_${name}`));
}

/** Starts the extension's MCP servers the way the MCP: Start Server command does, until the tools show. */
export async function startServersUntilToolsAppear(tool = 'search_messages'): Promise<void> {
  await waitFor(
    `${tool} in vscode.lm.tools`,
    async () => {
      if (gmailTool(tool)) return true;
      // A changed tool list needs the user's trust in VS Code; tests accept changes the way the user would.
      await vscode.commands.executeCommand('workbench.mcp.startServer', '*', { waitForLiveTools: true, autoTrustChanges: true });
      return gmailTool(tool) ? true : undefined;
    },
    45_000,
  );
}

export interface ToolOutcome {
  readonly text: string;
}

export async function invoke(tool: string, input: Record<string, unknown>): Promise<ToolOutcome> {
  const info = gmailTool(tool);
  assert.ok(info, `tool ${tool} is not available; tools: ${vscode.lm.tools.map((t) => t.name).join(', ')}`);
  return invokeNamed(info.name, input);
}

/** Invokes a tool by its full name in vscode.lm.tools (with several accounts, `mcp_<server>_<tool>` picks the server). */
export async function invokeNamed(name: string, input: Record<string, unknown>): Promise<ToolOutcome> {
  const info = { name };
  // Right after a server (re)start VS Code may list a tool before it can invoke it: retry that one error.
  let result: vscode.LanguageModelToolResult;
  for (let attempt = 1; ; attempt++) {
    try {
      result = await vscode.lm.invokeTool(info.name, { input, toolInvocationToken: undefined });
      break;
    } catch (error) {
      if (!/was not contributed/.test(String(error)) || attempt >= 8) throw error;
      // Listed from VS Code's cache while the server is not live (yet): start it, as the user's click would.
      await vscode.commands.executeCommand('workbench.mcp.startServer', '*', { waitForLiveTools: true, autoTrustChanges: true });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  const text = result.content
    .map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : JSON.stringify(part)))
    .join('\n');
  return { text };
}

export async function screenshot(name: string): Promise<void> {
  const url = process.env.HARNESS_SCREENSHOT_URL;
  if (!url) return;
  const res = await fetch(`${url}?name=${encodeURIComponent(name)}`);
  assert.equal(res.status, 200, await res.text());
}

export interface NotificationShown {
  readonly where: 'toast' | 'centre';
  readonly message: string;
  readonly buttons: ReadonlyArray<{ readonly label: string; readonly primary: boolean }>;
}

/** The notifications the workbench shows (toasts; the centre's too while it is open), asked of the harness. */
export async function notificationsShown(): Promise<NotificationShown[]> {
  const url = process.env.HARNESS_SCREENSHOT_URL;
  if (!url) throw new Error('no harness to ask (HARNESS_SCREENSHOT_URL)');
  const res = await fetch(new URL('/notifications', url));
  assert.equal(res.status, 200);
  return (await res.json()) as NotificationShown[];
}

/** A call's row in the Gmail tool calls view as VS Code gets it: the group it is listed under and its item. */
export interface TreeCallRow {
  readonly group: string;
  readonly callId: string;
  readonly item: vscode.TreeItem;
  readonly children: vscode.TreeItem[];
}

export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** Every call row of the view, group by group, through the view's own TreeDataProvider (what VS Code renders). */
export async function treeCallRows(): Promise<TreeCallRow[]> {
  const { toolCallsTree } = await api();
  const rows: TreeCallRow[] = [];
  for (const group of await toolCallsTree.getChildren()) {
    const groupItem = toolCallsTree.getTreeItem(group) as vscode.TreeItem;
    for (const node of await toolCallsTree.getChildren(group)) {
      const record = (node as { record?: { callId: string } }).record;
      assert.ok(record, `a ${labelOf(groupItem)} group lists something that is not a call`);
      const children = (await toolCallsTree.getChildren(node)).map((c) => toolCallsTree.getTreeItem(c) as vscode.TreeItem);
      rows.push({ group: labelOf(groupItem), callId: record.callId, item: toolCallsTree.getTreeItem(node) as vscode.TreeItem, children });
    }
  }
  return rows;
}

/** The row of one call; fails when the view does not list it. */
export async function treeRowOf(callId: string): Promise<TreeCallRow> {
  const row = (await treeCallRows()).find((r) => r.callId === callId);
  assert.ok(row, `call ${callId} is not in the tool calls view`);
  return row;
}

/**
 * The URI of the read-only mail-text view (src/ui/mailTextView) of a `scheme` document in the active tab, if that is
 * what the active tab shows.
 */
export function activeMailTextView(scheme: string): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom && input.viewType === 'gmailTools.mailText' && input.uri.scheme === scheme ? input.uri : undefined;
}
