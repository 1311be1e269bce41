import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import type { McpServer } from '@modelcontextprotocol/server';
import { createSchemaValidator } from '../server/schemaValidator';

/** The text and structured result of one tool call made from inside the extension (command palette). */
export interface InProcessToolResult {
  readonly isError: boolean;
  readonly text: string;
  readonly structured?: Record<string, unknown>;
}

/**
 * An MCP client wired to a fresh server session in this process: the command palette calls the same tools,
 * through the same validation, policy, confirmation and observer, as agent mode does over the socket.
 */
export class InProcessMcpClient {
  private constructor(
    private readonly client: Client,
    private readonly server: McpServer,
  ) {}

  static async connect(createServer: () => McpServer): Promise<InProcessMcpClient> {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const server = createServer();
    await server.connect(serverSide);
    const client = new Client({ name: 'gmail-tools-command-palette', version: '1.0.0' }, { jsonSchemaValidator: createSchemaValidator() });
    await client.connect(clientSide);
    return new InProcessMcpClient(client, server);
  }

  async callTool(name: string, args: Record<string, unknown>): Promise<InProcessToolResult> {
    const result = await this.client.callTool({ name, arguments: args });
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
