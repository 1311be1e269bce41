// Bundles the extension into one CommonJS file for Node (vscode external) and writes a metafile, whose
// figures the footprint benchmark reads.
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

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
