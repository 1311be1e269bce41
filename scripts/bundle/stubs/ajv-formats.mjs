// Stands in for ajv-formats (scripts/bundle/unreachableModules.mjs): only the SDK's default validator calls it.
export default function addFormats() {
  throw new Error('ajv-formats is not in the bundle: every MCP Server and Client must be given createSchemaValidator() (src/mcp/server/schemaValidator.ts)');
}
