// Bundles the extension for Node (vscode external) as extension.js, what activation loads, and server.js, the code
// it loads on first use (src/server.ts, through src/serverBundle.ts), plus the data files they load lazily
// (scripts/bundle/), and writes a metafile, whose figures the footprint benchmark reads.
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { extensionBuildOptions, SERVER_BUNDLE } from './scripts/bundle/extensionBuild.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const options = extensionBuildOptions({ production, outdir: 'dist', hostOnly: true });
const serverOptions = extensionBuildOptions({ production, outdir: 'dist', entryPoints: SERVER_BUNDLE, hostOnly: true });
// The attachment reader (pdf.js, mammoth) and the mail reader (MIME, HTML, the guard) are bundles of their own,
// each loaded in a worker thread when first needed: they never weigh on the extension bundle or its activation, and
// the mail they read never holds the extension host's event loop (src/mail/processing/mailWorkerPool.ts).
const workerOptions = extensionBuildOptions({
  production,
  outdir: 'dist',
  entryPoints: { attachmentWorker: 'src/mail/attachments/extractionWorker.ts', mailWorker: 'src/mail/processing/mailWorker.ts' },
});

if (watch) {
  for (const o of [options, serverOptions, workerOptions]) await (await esbuild.context(o)).watch();
} else {
  const [extension, server, worker] = await Promise.all([esbuild.build(options), esbuild.build(serverOptions), esbuild.build(workerOptions)]);
  const metafile = { inputs: { ...extension.metafile.inputs, ...server.metafile.inputs }, outputs: { ...extension.metafile.outputs, ...server.metafile.outputs } };
  mkdirSync('dist', { recursive: true });
  writeFileSync('dist/meta.json', JSON.stringify(metafile));
  writeFileSync('dist/meta-worker.json', JSON.stringify(worker.metafile));
  const workerSizes = Object.entries(worker.metafile.outputs).filter(([file]) => file.endsWith('.js')).map(([file, o]) => `${file} ${(o.bytes / 1024 / 1024).toFixed(2)} MB`);
  console.log(`[esbuild] worker bundles (lazy, each its own): ${workerSizes.join(', ')}`);
  const sizes = Object.entries(metafile.outputs).filter(([file]) => file.endsWith('.js')).map(([file, o]) => `${file} ${(o.bytes / 1024).toFixed(0)} KB`);
  const bytes = Object.values(metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  console.log(`[esbuild] ${sizes.join(', ')}; with maps: ${(bytes / 1024 / 1024).toFixed(2)} MB`);
}
