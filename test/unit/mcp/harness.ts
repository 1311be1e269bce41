import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { GMAIL_SCOPES, type ToolsetName } from '../../../src/gmail/scopes';
import { callEffectSummary } from '../../../src/mcp/server/callEffect';
import type { ToolCallFinished, ToolCallStarted } from '../../../src/mcp/server/callObserver';
import { createGmailMcpServer } from '../../../src/mcp/server/server';
import { ToolAccess, type ToolAccessSettings } from '../../../src/mcp/server/toolAccess';
import type { AnyToolDefinition } from '../../../src/mcp/server/toolDefinition';
import { startMcpHttpServer, type McpListenOptions, type RunningMcpServer } from '../../../src/mcp/transport/transport';
import { FakeGmail } from './fakeGmail';
import { socketFetch } from './socketFetch';
import { InProcessMailProcessor, type MailProcessor } from '../../../src/mail/processing/mailProcessor';

export const ALL_SCOPES = Object.values(GMAIL_SCOPES);
export const ALL_TOOLSETS: ToolsetName[] = ['read', 'drafts', 'send', 'organize'];

export interface Harness {
  running: RunningMcpServer;
  client: Client;
  gmail: FakeGmail;
  access: ToolAccess;
  started: ToolCallStarted[];
  finished: FinishedCall[];
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** A mailbox of three messages, two in one thread, built as real MIME (into `gmail`, to give it a write side). */
export async function demoMailbox(gmail = new FakeGmail()): Promise<FakeGmail> {
  await gmail.add('m1', 't1', { from: 'Alice <alice@example.com>', to: 'me@example.com', subject: 'Lunch?', text: "Shall we have lunch on Friday? It's on me.", date: new Date('2024-03-01T10:00:00Z') }, ['INBOX']);
  await gmail.add('m2', 't1', {
    from: 'Me <me@example.com>',
    to: 'alice@example.com',
    subject: 'Re: Lunch?',
    text: 'Friday works.\n\nOn Fri, Mar 1, 2024 at 10:00 AM Alice <alice@example.com> wrote:\n> Shall we have lunch on Friday?\n',
    date: new Date('2024-03-01T11:00:00Z'),
  }, ['INBOX', 'UNREAD']);
  await gmail.add('m3', 't3', {
    from: 'Shop <shop@example.com>',
    to: 'me@example.com',
    subject: 'Your receipt',
    html: '<p>Thanks for your order.</p><div style="display:none">SECRET INSTRUCTIONS</div>' + '<p>Line item</p>'.repeat(1500),
    date: new Date('2024-02-01T09:00:00Z'),
  }, ['Label_7']);
  return gmail;
}

/** A finished call with the words the tree and the audit log give it (they word the call's effect). */
export type FinishedCall = ToolCallFinished & { readonly summary: string };

export function worded(event: ToolCallFinished): FinishedCall {
  return { ...event, summary: callEffectSummary(event.effect) };
}

export async function startHarness(options: {
  listen?: McpListenOptions;
  access?: Partial<ToolAccessSettings>;
  tools?: readonly AnyToolDefinition[];
  gmail?: FakeGmail;
  renderBudget?: { messageChars?: number; threadChars?: number };
  closeGraceMs?: number;
  /** Where mail is parsed (default: in-process). */
  mailProcessor?: MailProcessor;
} = {}): Promise<Harness> {
  const mailProcessor = options.mailProcessor ?? new InProcessMailProcessor();
  const gmail = options.gmail ?? (await demoMailbox());
  const access = new ToolAccess({ toolsets: ['read'], readOnly: false, grantedScopes: [GMAIL_SCOPES.readonly], ...options.access });
  const started: ToolCallStarted[] = [];
  const finished: FinishedCall[] = [];
  const listen = options.listen ?? { kind: 'tcp' };
  const running = await startMcpHttpServer({
    listen,
    closeGraceMs: options.closeGraceMs,
    createServer: () =>
      createGmailMcpServer({
        gmail,
        account: 'me@example.com',
        mailProcessor,
        access,
        observer: { callStarted: (e) => started.push(e), callFinished: (e) => finished.push(worded(e)) },
        renderBudget: options.renderBudget,
        tools: options.tools,
      }),
  });
  const client = new Client({ name: 'unit-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(running.url), {
    requestInit: { headers: { [running.authHeader.name]: running.authHeader.value } },
    fetch: running.socketPath ? socketFetch(running.socketPath) : undefined,
  });
  await client.connect(transport);
  return {
    running,
    client,
    gmail,
    access,
    started,
    finished,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: async () => {
      await client.close();
      await running.close();
    },
  };
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}
