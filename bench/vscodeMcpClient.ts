import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { Agent, fetch as undiciFetch } from 'undici';
import type { ToolCaller } from './mcpStack';

/**
 * A Streamable HTTP client that does per call what VS Code 1.139's extension host does (read from code-server
 * 4.139.1's extensionHostProcess.js, `_sendStreamableHttp`, `_fetchInternal`, `_doSSE`): the JSON-RPC text
 * encoded to bytes, the server definition's headers plus Content-Type, Accept and Mcp-Session-Id, then
 *  - a unix socket: undici's fetch with a new undici Agent for every request (so a new connection each time);
 *  - TCP: the runtime's global fetch;
 * and the SSE body read chunk by chunk, each event's data handed on as text. VS Code parses that text in the
 * workbench, in another process; here it is parsed in place, which the figure then includes.
 */
export async function vscodeMcpClient(url: string, options: { readonly socketPath?: string; readonly headers: Record<string, string> }): Promise<{ call: ToolCaller }> {
  let sessionId: string | undefined;
  let nextId = 1;
  const post = async (message: unknown): Promise<string[]> => {
    const body = new TextEncoder().encode(JSON.stringify(message));
    const headers: Record<string, string> = { ...options.headers, 'Content-Type': 'application/json', Accept: 'text/event-stream, application/json' };
    if (sessionId !== undefined) headers['Mcp-Session-Id'] = sessionId;
    const response = options.socketPath
      ? await undiciFetch('http://localhost/mcp', { method: 'POST', headers, body, dispatcher: new Agent({ connect: { socketPath: options.socketPath } }) })
      : await fetch(url, { method: 'POST', headers, body });
    if (response.status >= 300) throw new Error(`${response.status} from the MCP server: ${await response.text()}`);
    sessionId ??= response.headers.get('mcp-session-id') ?? undefined;
    return response.headers.get('content-type')?.startsWith('text/event-stream') ? sseData(response.body) : [await response.text()].filter(Boolean);
  };
  await post({
    jsonrpc: '2.0',
    id: nextId++,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench-vscode-like', version: '0.0.0' } },
  });
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return {
    call: async (tool, args) => {
      const id = nextId++;
      const answers = (await post({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: tool, arguments: args } })).map(
        (data) => JSON.parse(data) as { id?: number; result?: CallToolResult; error?: { message: string } },
      );
      const answer = answers.find((a) => a.id === id);
      if (!answer?.result) throw new Error(`tools/call ${tool}: ${answer?.error?.message ?? 'no answer'}`);
      return answer.result;
    },
  };
}

/** The data of every event of a text/event-stream body, as the body arrives. */
async function sseData(body: ReadableStream<Uint8Array> | null): Promise<string[]> {
  if (!body) return [];
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: string[] = [];
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (value) buffer += decoder.decode(value, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const data = buffer
        .slice(0, end)
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
        .join('\n');
      if (data) events.push(data);
      buffer = buffer.slice(end + 2);
    }
    if (done) return events;
  }
}
