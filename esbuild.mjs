// Bundles the extension for Node (vscode external) as extension.js plus server.js and shared.js, the code it loads
// on first use (scripts/bundle/lazyServerBundle.mjs), plus the data files it loads lazily (scripts/bundle/), and
// writes a metafile, whose figures the footprint benchmark reads. --watch rebuilds one bundle (extension.js alone:
// the same lazy imports, evaluated on first use, only compiled at activation).
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { extensionBuildOptions } from './scripts/bundle/extensionBuild.mjs';
import { buildLazySplit } from './scripts/bundle/lazyServerBundle.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const options = extensionBuildOptions({ production, outdir: 'dist', hostOnly: true });
// The attachment reader (pdf.js, mammoth) and the mail reader (MIME, HTML, the guard) are bundles of their own,
// each loaded in a worker thread when first needed: they never weigh on the extension bundle or its activation, and
// the mail they read never holds the extension host's event loop (src/mail/processing/mailWorkerPool.ts).
const workerOptions = extensionBuildOptions({
  production,
  outdir: 'dist',
  entryPoints: { attachmentWorker: 'src/mail/attachments/extractionWorker.ts', mailWorker: 'src/mail/processing/mailWorker.ts' },
});

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  await (await esbuild.context(workerOptions)).watch();
} else {
  const [metafile, worker] = await Promise.all([buildLazySplit(options), esbuild.build(workerOptions)]);
  mkdirSync('dist', { recursive: true });
  writeFileSync('dist/meta.json', JSON.stringify(metafile));
  writeFileSync('dist/meta-worker.json', JSON.stringify(worker.metafile));
  const workerSizes = Object.entries(worker.metafile.outputs).filter(([file]) => file.endsWith('.js')).map(([file, o]) => `${file} ${(o.bytes / 1024 / 1024).toFixed(2)} MB`);
  console.log(`[esbuild] worker bundles (lazy, each its own): ${workerSizes.join(', ')}`);
  const sizes = Object.entries(metafile.outputs).filter(([file]) => file.endsWith('.js')).map(([file, o]) => `${file} ${(o.bytes / 1024).toFixed(0)} KB`);
  const bytes = Object.values(metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  console.log(`[esbuild] ${sizes.join(', ')}; with maps: ${(bytes / 1024 / 1024).toFixed(2)} MB`);
}
