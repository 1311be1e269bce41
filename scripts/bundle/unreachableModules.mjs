// Modules that dependencies import but that our code paths can never run. Each is replaced by a small module
// that throws a clear error if the reasoning below ever stops holding, instead of shipping it.
//
// - web-streams-polyfill: fetch-blob (via node-fetch, gaxios) requires it only when globalThis.ReadableStream
//   is missing, which Node has had since 18 (we target Node 20). -60 KB.
// - zod/v3 and zod-to-json-schema: the MCP SDK accepts Zod v3 and v4 schemas and uses these only for v3 ones
//   (z3rt.object for a shape of v3 schemas, zodToJsonSchema for a v3 schema). All our schemas are v4 (`zod`'s
//   root export); the build fails if our source imports zod/v3 or zod-to-json-schema itself. -75 KB.
// - ajv: the SDK's default JSON Schema validator; we pass @cfworker/json-schema (src/mcp/server/schemaValidator.ts)
//   to every Server and Client we construct, so the default is never built. -130 KB.

/** @type {ReadonlyArray<{ path: RegExp, importer: RegExp, why: string, contents: (why: string) => string }>} */
const UNREACHABLE = [
  {
    path: /^\.\.\/validation\/ajv-provider\.js$/,
    importer: /[\\/]node_modules[\\/]@modelcontextprotocol[\\/]sdk[\\/]dist[\\/](cjs|esm)[\\/](server|client)[\\/]index\.js$/,
    why: 'Ajv is not in the bundle: every MCP Server and Client must be given createSchemaValidator() (src/mcp/server/schemaValidator.ts)',
    contents: (why) => `export class AjvJsonSchemaValidator { constructor() { throw new Error(${JSON.stringify(why)}); } }\n`,
  },
  {
    path: /^web-streams-polyfill\/dist\/ponyfill\.es2018\.js$/,
    importer: /[\\/]node_modules[\\/]fetch-blob[\\/]streams\.cjs$/,
    why: 'web-streams-polyfill is not in the bundle: fetch-blob needs it only where globalThis.ReadableStream is missing (Node < 18)',
    contents: (why) => `throw new Error(${JSON.stringify(why)});\n`,
  },
  {
    path: /^zod\/v3$/,
    importer: /[\\/]node_modules[\\/]@modelcontextprotocol[\\/]sdk[\\/]/,
    why: 'Zod v3 is not in the bundle: tool schemas must be Zod v4',
    contents: (why) => `export function object() { throw new Error(${JSON.stringify(why)}); }\n`,
  },
  {
    path: /^zod-to-json-schema$/,
    importer: /[\\/]node_modules[\\/]@modelcontextprotocol[\\/]sdk[\\/]/,
    why: 'zod-to-json-schema is not in the bundle: tool schemas must be Zod v4',
    contents: (why) => `export function zodToJsonSchema() { throw new Error(${JSON.stringify(why)}); }\n`,
  },
];

const NAMESPACE = 'unreachable-module';

export const unreachableModules = {
  name: 'unreachable-modules',
  setup(build) {
    for (const [index, entry] of UNREACHABLE.entries()) {
      build.onResolve({ filter: entry.path }, (args) => {
        if (entry.importer.test(args.importer)) return { path: String(index), namespace: NAMESPACE };
        if (!/[\\/]node_modules[\\/]/.test(args.importer)) {
          return { errors: [{ text: `${args.path} is left out of the bundle (${entry.why}); ${args.importer} imports it` }] };
        }
        return undefined;
      });
    }
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
      const entry = UNREACHABLE[Number(args.path)];
      return { contents: entry.contents(entry.why), loader: 'js' };
    });
  },
};
