// Bundles the extension into one CommonJS file for Node (vscode external) plus the data files it loads lazily
// (scripts/bundle/), and writes a metafile, whose figures the footprint benchmark reads.
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { extensionBuildOptions } from './scripts/bundle/extensionBuild.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const options = extensionBuildOptions({ production, outdir: 'dist' });

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
