import { strict as assert } from 'node:assert';
import { McpError } from '@modelcontextprotocol/sdk/types.js';

/**
 * The protocol error an MCP client request (prompts/get, resources/read, …) fails with, for its code and message;
 * the test fails when the request succeeds or fails with anything else (a transport error is no answer to check).
 */
export async function mcpErrorOf(request: Promise<unknown>): Promise<McpError> {
  try {
    await request;
  } catch (error) {
    assert.ok(error instanceof McpError, String(error));
    return error;
  }
  assert.fail('expected an MCP error');
}
