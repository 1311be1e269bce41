// Stands in for zod/v3 (scripts/bundle/unreachableModules.mjs): the MCP SDK reaches it only for Zod v3 schemas.
export function object() {
  throw new Error('Zod v3 is not in the bundle: tool schemas must be Zod v4');
}
