// Stands in for zod-to-json-schema (scripts/bundle/unreachableModules.mjs): the MCP SDK uses it only for Zod v3 schemas.
export function zodToJsonSchema() {
  throw new Error('zod-to-json-schema is not in the bundle: tool schemas must be Zod v4');
}
