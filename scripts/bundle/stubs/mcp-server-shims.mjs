// Stands in for @modelcontextprotocol/server/_shims (scripts/bundle/unreachableModules.mjs): its Node entry is the
// SDK's default JSON Schema validator, an Ajv built into the SDK's own files, plus node:process.
import process from 'node:process';

const WHY =
  "The MCP SDK's default (Ajv) validator is not in the bundle: every McpServer must be given createSchemaValidator() (src/mcp/server/schemaValidator.ts)";

export class DefaultJsonSchemaValidator {
  constructor() {
    throw new Error(WHY);
  }
}
export { process };
