// Bundles the extension into one CommonJS file for Node (vscode external) and writes a metafile, whose
// figures the footprint benchmark reads.
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// zod v4 re-exports every locale (`export * as locales`) from zod/v4/core and from both of its
// front ends; the MCP SDK uses the front ends as namespace objects, so esbuild keeps all ~40 of them (~250 KB).
// Only English is ever configured (zod does config(en()) itself), so the locale index exports just that.
const zodEnglishOnly = {
  name: 'zod-english-locale-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";\n',
      loader: 'js',
    }));
  },
};

// packages that ship both an ESM and a CommonJS build get bundled twice when our ESM `import` and a
// dependency's `require` reach them (libmime: src/gmail/render.ts imports it, mailparser requires it). Resolving
// every reference the CommonJS way keeps one copy.
const DUAL_PACKAGES = /^(libmime|libqp|libbase64)(\/.*)?$/;
const oneCopyOfDualPackages = {
  name: 'one-copy-of-dual-packages',
  setup(build) {
    build.onResolve({ filter: DUAL_PACKAGES }, (args) =>
      args.kind === 'import-statement' || args.kind === 'dynamic-import'
        ? build.resolve(args.path, { kind: 'require-call', resolveDir: args.resolveDir, importer: args.importer })
        : undefined,
    );
  },
};

const options = {
  entryPoints: { extension: 'src/extension.ts' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outdir: 'dist',
  external: ['vscode'],
  sourcemap: production ? false : 'linked',
  minify: production,
  metafile: true,
  logLevel: 'info',
  legalComments: 'none',
  // Some dependencies (email-reply-parser) call createRequire(import.meta.url), which CommonJS output lacks.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [zodEnglishOnly, oneCopyOfDualPackages],
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  const result = await esbuild.build(options);
  mkdirSync('dist', { recursive: true });
  writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  console.log(`[esbuild] dist/extension.js and maps: ${(bytes / 1024 / 1024).toFixed(2)} MB`);
}
