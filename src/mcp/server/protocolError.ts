/**
 * A JSON-RPC error answer (the SDK's Protocol sends `code` and `message` of whatever a request handler throws)
 * with our message as it is. The SDK's McpError writes "MCP error <code>:" into the message, and the client adds
 * that prefix once more, so a person would read it twice.
 */
export class ProtocolError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}
