import { CfWorkerJsonSchemaValidator } from '@modelcontextprotocol/server/validators/cf-worker';

/**
 * JSON Schema validation for the MCP server. @cfworker/json-schema instead of the
 * SDK's default Ajv: the same checks on our (Zod-generated, draft-07) schemas, at a tenth of the bundle
 * weight; the bundle leaves the SDK's Ajv out (scripts/bundle/unreachableModules.mjs) and fails loudly if anything still reaches it.
 */
export function createSchemaValidator(): CfWorkerJsonSchemaValidator {
  return new CfWorkerJsonSchemaValidator({ shortcircuit: false, draft: '7' });
}
