/**
 * The extension's MCP stack outside VS Code, for benchmarks: one GmailClient, createGmailMcpServer sessions
 * behind startMcpHttpServer (unix socket or TCP), the MCP SDK's client or one calling as VS Code does for both,
 * and a direct path to the very handler a tools/call reaches (no JSON-RPC, no HTTP).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import type { McpServer } from '@modelcontextprotocol/server';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { Agent, fetch as undiciFetch } from 'undici';
import { GmailClient, type GmailService } from '../src/gmail/client';
import type { MailProcessor } from '../src/mail/processing/mailProcessor';
import { MailWorkerPool } from '../src/mail/processing/mailWorkerPool';
import { NO_OBSERVER } from '../src/mcp/server/callObserver';
import { createGmailMcpServer } from '../src/mcp/server/server';
import { ToolAccess } from '../src/mcp/server/toolAccess';
import { startMcpHttpServer, type McpListenOptions, type RunningMcpServer } from '../src/mcp/transport/transport';
import { createFakeGoogle, type FakeGoogle, type FakeGoogleOptions } from '../test/fakeGoogle';
import { signInToFake } from '../test/standalone/signInToFake';
import { vscodeMcpClient } from './vscodeMcpClient';

export type ToolCaller = (tool: string, args: Record<string, unknown>) => Promise<CallToolResult>;

export interface McpStack {
  /** The registered tool's handler, called as the SDK's tools/call would call it. */
  readonly direct: ToolCaller;
  /** A new McpServer session of the stack, as the transport creates one per client. */
  readonly createServer: () => McpServer;
  /** A server session reached over `listen` by `client`: the SDK's Client (default) or VS Code's way (vscodeMcpClient). */
  connect(listen: McpListenOptions, client?: 'sdk' | 'vscode'): Promise<{ call: ToolCaller; close(): Promise<void> }>;
  /** An SDK Client linked to a server session in memory: the MCP protocol (JSON-RPC, validation) without HTTP. */
  connectInMemory(): Promise<{ call: ToolCaller; close(): Promise<void> }>;
  close(): Promise<void>;
}

interface RegisteredToolInternals {
  handler(args: Record<string, unknown>, ctx: { mcpReq: { signal: AbortSignal } }): Promise<CallToolResult>;
}

/**
 * `mailProcessor`: where mail is parsed and guarded; the extension's own (a MailWorkerPool, started lazily and
 * closed with the stack) unless another is given.
 */
export function mcpStack(gmail: GmailService, account: string, grantedScopes: readonly string[], mailProcessor: MailProcessor = new MailWorkerPool()): McpStack {
  const access = new ToolAccess({ toolsets: ['read'], readOnly: false, grantedScopes });
  const createServer = (): McpServer => createGmailMcpServer({ gmail, account, access, observer: NO_OBSERVER, mailProcessor });
  const directServer = createServer();
  // The SDK keeps registered tools in a private map; reading it gives the exact handler tools/call runs
  // (argument validation, runToolCall, render), so the only difference left is the transport.
  const registered = (directServer as unknown as { _registeredTools: Record<string, RegisteredToolInternals> })._registeredTools;
  const running: RunningMcpServer[] = [];
  const clients: SdkClient[] = [];
  return {
    createServer,
    direct: (tool, args) => {
      const entry = registered[tool];
      if (!entry) throw new Error(`no tool ${tool}`);
      // A signal of its own per call, as the SDK gives every request: listeners the Gmail client's libraries
      // leave on a signal would otherwise pile up on one shared signal and slow the direct path down.
      return entry.handler(args, { mcpReq: { signal: new AbortController().signal } });
    },
    async connect(listen, kind = 'sdk') {
      const server = await startMcpHttpServer({ createServer, listen, onError: (e) => console.error(`MCP transport: ${e.message}`) });
      running.push(server);
      const options = { socketPath: server.socketPath, headers: { [server.authHeader.name]: server.authHeader.value } };
      if (kind === 'vscode') {
        // Nothing of the client's to close: like VS Code, it leaves each request's Agent to the garbage collector.
        const client = await vscodeMcpClient(server.url, options);
        return { call: client.call, close: () => server.close() };
      }
      const client = await sdkClient(server.url, options);
      clients.push(client);
      return {
        call: client.call,
        close: async () => {
          await client.close();
          await server.close();
        },
      };
    },
    async connectInMemory() {
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      const server = createServer();
      await server.connect(serverSide);
      const client = new Client({ name: 'bench', version: '0.0.0' });
      await client.connect(clientSide);
      return {
        call: async (tool, args) => (await client.callTool({ name: tool, arguments: args })) as CallToolResult,
        close: async () => {
          await client.close();
          await server.close();
        },
      };
    },
    async close() {
      await Promise.allSettled(clients.map((c) => c.close()));
      await Promise.allSettled(running.map((s) => s.close()));
      await directServer.close();
      await mailProcessor.close();
    },
  };
}

export interface SdkClient {
  readonly call: ToolCaller;
  close(): Promise<void>;
}

/**
 * An SDK Client over Streamable HTTP with undici's fetch, as VS Code's extension host calls MCP servers: over
 * the unix socket when one is given, else to the URL's TCP port.
 */
export async function sdkClient(url: string, options: { readonly socketPath?: string; readonly headers?: Record<string, string> } = {}): Promise<SdkClient> {
  const agent = options.socketPath ? new Agent({ connect: { socketPath: options.socketPath } }) : undefined;
  const fetchImpl = agent
    ? (((target: string | URL, init?: RequestInit) =>
        undiciFetch(target, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent })) as unknown as typeof fetch)
    : undefined;
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: options.headers }, fetch: fetchImpl });
  const client = new Client({ name: 'bench', version: '0.0.0' });
  await client.connect(transport);
  return {
    call: async (tool, args) => (await client.callTool({ name: tool, arguments: args })) as CallToolResult,
    close: async () => {
      await client.close();
      await agent?.close();
    },
  };
}

export function textOf(result: CallToolResult): string {
  return result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}

export interface StackOnFake {
  readonly fake: FakeGoogle;
  readonly stack: McpStack;
  /** Closes the stack, the Gmail client and the fake Google. */
  close(): Promise<void>;
}

/**
 * A fake Google with `options`, signed in as a user would, and the MCP stack of its first account on a
 * GmailClient whose own limiter never binds, for benchmarks that measure something else than pacing.
 */
export async function stackOnFake(options: FakeGoogleOptions): Promise<StackOnFake> {
  const fake = await createFakeGoogle(options);
  const { tokenSource, grant } = await signInToFake(fake);
  const gmail = new GmailClient({ tokenSource, endpoints: fake.endpoints, quota: { unitsPerMinute: 60_000_000 } });
  const stack = mcpStack(gmail, fake.accounts[0], grant.grantedScopes);
  return {
    fake,
    stack,
    close: async () => {
      await stack.close();
      gmail.close();
      await fake.close();
    },
  };
}
