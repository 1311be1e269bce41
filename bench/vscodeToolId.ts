/**
 * The name VS Code gives an MCP tool in the agent's tool list, which is the name the model receives: T1 found every
 * one of our tools 6 or 7 tokens longer there than its MCP name, for this prefix alone (descriptions and input
 * schemas arrived unchanged). VS Code 1.139.1 (code-server 4.139.1, commit 53c2f32;
 * src/vs/workbench/contrib/mcp/common/mcpService.ts McpPrefixGenerator and mcpServer.ts McpTool) builds it so:
 * - the server's name is its initialize answer's serverInfo.title, else serverInfo.name (else the definition's label);
 * - the prefix is that name lower-cased, every run of characters outside [a-z0-9_.-] made one '_', cut to 13
 *   characters, between 'mcp_' and '_' (18 characters; a second server with the same prefix gets '2_' instead of '_');
 * - the tool's id is prefix + tool name with every '.' made '_', cut to 64 characters.
 * So 'Gmail (demo.user@example.com)' and search_messages give mcp_gmail_demo_us_search_messages.
 */
const PREFIX = 'mcp_';
const PREFIX_LENGTH = 18;
const MAX_ID_LENGTH = 64;

export function vscodeToolId(serverName: string, toolName: string): string {
  const base = serverName.toLowerCase().replace(/[^a-z0-9_.-]+/g, '_').slice(0, PREFIX_LENGTH - PREFIX.length - 1);
  return `${PREFIX}${base}_${toolName}`.replaceAll('.', '_').slice(0, MAX_ID_LENGTH);
}
