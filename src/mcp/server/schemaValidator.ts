import { CfWorkerJsonSchemaValidator } from '@modelcontextprotocol/server/validators/cf-worker';

/**
 * JSON Schema validation for the MCP server and the in-process client. @cfworker/json-schema instead of the
 * SDK's default Ajv: the same checks on our (Zod-generated, draft-07) schemas, at a tenth of the bundle
 * weight; esbuild.mjs leaves the Ajv provider out and fails loudly if anything still reaches it.
 */
export function createSchemaValidator(): CfWorkerJsonSchemaValidator {
  return new CfWorkerJsonSchemaValidator({ shortcircuit: false, draft: '7' });
}
