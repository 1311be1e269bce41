// Packages that dependencies import but that our code paths never run, each stubbed with esbuild's `alias` by a
// file in ./stubs that throws a clear error if the reasoning below ever stops holding (source-map-js: empty).
//
// - @modelcontextprotocol/server/_shims: the SDK's runtime shim, whose Node entry builds the default JSON Schema
//   validator, an Ajv compiled into the SDK's own files (no `ajv` import an alias could reach); we pass
//   @cfworker/json-schema (src/mcp/server/schemaValidator.ts) to every McpServer, so the default is never built. -150 KB.
// - web-streams-polyfill: fetch-blob (via node-fetch, gaxios) requires it only when globalThis.ReadableStream
//   is missing, which Node has had since 18 (we target Node 20). -60 KB.
// - source-map-js: postcss reads and writes source maps with it; its own browser build maps it to an empty module
//   and then skips source maps, as we do: we only parse CSS from mail, and an inline `sourceMappingURL=data:`
//   comment in a hostile stylesheet is then never decoded and parsed. -29 KB.
// Our own source must not import any of them (eslint.config.mjs says so).
import { fileURLToPath } from 'node:url';

const stub = (file) => fileURLToPath(new URL(`./stubs/${file}`, import.meta.url));

/** esbuild `alias`: package (or package subpath) -> stub file. */
export const UNREACHABLE_PACKAGES = {
  '@modelcontextprotocol/server/_shims': stub('mcp-server-shims.mjs'),
  'web-streams-polyfill/dist/ponyfill.es2018.js': stub('web-streams-polyfill.cjs'),
  'source-map-js': stub('source-map-js.cjs'),
};
