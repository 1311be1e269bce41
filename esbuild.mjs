// Bundles the extension into one CommonJS file for Node (vscode external) plus the data files it loads lazily
// (scripts/bundle/), and writes a metafile, whose figures the footprint benchmark reads.
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { extensionBuildOptions } from './scripts/bundle/extensionBuild.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const options = extensionBuildOptions({ production, outdir: 'dist' });
// The attachment reader (pdf.js, mammoth) is its own bundle, loaded in a worker thread when an attachment is read:
// it never weighs on the extension bundle or its activation.
const workerOptions = extensionBuildOptions({ production, outdir: 'dist', entryPoints: { attachmentWorker: 'src/gmail/attachments/extractionWorker.ts' } });

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  await (await esbuild.context(workerOptions)).watch();
} else {
  const [result, worker] = await Promise.all([esbuild.build(options), esbuild.build(workerOptions)]);
  mkdirSync('dist', { recursive: true });
  writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
  writeFileSync('dist/meta-worker.json', JSON.stringify(worker.metafile));
  const workerBytes = Object.values(worker.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  console.log(`[esbuild] dist/attachmentWorker.js (lazy, own bundle): ${(workerBytes / 1024 / 1024).toFixed(2)} MB`);
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  console.log(`[esbuild] dist/extension.js and maps: ${(bytes / 1024 / 1024).toFixed(2)} MB`);
}
