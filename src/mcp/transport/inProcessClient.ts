import { InMemoryTransport, Protocol, type BaseContext, type CallToolResult, type McpServer } from '@modelcontextprotocol/server';

/** The text and structured result of one tool call made from inside the extension (command palette). */
export interface InProcessToolResult {
  readonly isError: boolean;
  readonly text: string;
  readonly structured?: Record<string, unknown>;
}

/** The revision the in-memory session speaks: a 2025-11-25 session, as VS Code's own client opens over the socket. */
const IN_PROCESS_PROTOCOL_VERSION = '2025-11-25';

/**
 * The client side of the in-memory session: the server package's own Protocol (request ids, responses, timeouts,
 * cancellation) with nothing of a client to offer the server. The client package would bring a second copy of
 * the SDK's core into the bundle for the two requests the palette makes.
 */
class PaletteProtocol extends Protocol<BaseContext> {
  protected buildContext(ctx: BaseContext): BaseContext {
    return ctx;
  }
  // The palette's session declares no client capabilities and handles no server requests: nothing to assert.
  protected assertCapabilityForMethod(): void {}
  protected assertNotificationCapability(): void {}
  protected assertRequestHandlerCapability(): void {}
}

/**
 * An MCP client wired to a fresh server session in this process: the command palette calls the same tools,
 * through the same validation, policy, confirmation and observer, as agent mode does over the socket.
 */
export class InProcessMcpClient {
  private constructor(
    private readonly client: PaletteProtocol,
    private readonly server: McpServer,
  ) {}

  static async connect(createServer: () => McpServer): Promise<InProcessMcpClient> {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const server = createServer();
    await server.connect(serverSide);
    const client = new PaletteProtocol();
    await client.connect(clientSide);
    try {
      await client.request({
        method: 'initialize',
        params: { protocolVersion: IN_PROCESS_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'gmail-tools-command-palette', version: '1.0.0' } },
      });
      await client.notification({ method: 'notifications/initialized' });
    } catch (error) {
      await client.close();
      await server.close();
      throw error;
    }
    return new InProcessMcpClient(client, server);
  }

  async callTool(name: string, args: Record<string, unknown>): Promise<InProcessToolResult> {
    const result: CallToolResult = await this.client.request({ method: 'tools/call', params: { name, arguments: args } });
    const content = Array.isArray(result.content) ? result.content : [];
    const text = content.map((c) => (c && typeof c === 'object' && 'text' in c ? String(c.text) : '')).join('\n');
    return {
      isError: result.isError === true,
      text,
      structured: (result.structuredContent as Record<string, unknown> | undefined) ?? undefined,
    };
  }

  async close(): Promise<void> {
    await this.client.close();
    await this.server.close();
  }
}
