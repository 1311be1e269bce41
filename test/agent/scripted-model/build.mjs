// Bundles the scripted model extension and packs it as a .vsix (test only; the published extension's
// .vscodeignore excludes test/). Prints the .vsix path.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { extensionHostBundle } from '../../../scripts/bundle/extensionHostBundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');

/** Builds dist/extension.js and the .vsix; returns the .vsix path. */
export async function buildScriptedModel(outDir = path.join(root, '.test-output/agent')) {
  await esbuild.build(extensionHostBundle({
    entryPoints: [path.join(here, 'src/extension.ts')],
    outfile: path.join(here, 'dist/extension.js'),
    sourcemap: 'inline',
    logLevel: 'warning',
  }));
  mkdirSync(outDir, { recursive: true });
  const vsix = path.join(outDir, 'scripted-agent-model.vsix');
  const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
  const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], {
    cwd: here, encoding: 'utf8', timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`vsce package failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  return vsix;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await buildScriptedModel());
}
