// Stands in for ajv (scripts/bundle/unreachableModules.mjs): the SDK's default validator, never built.
const WHY = 'Ajv is not in the bundle: every MCP Server and Client must be given createSchemaValidator() (src/mcp/server/schemaValidator.ts)';
export default class Ajv {
  constructor() {
    throw new Error(WHY);
  }
}
export { Ajv };
