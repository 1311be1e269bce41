// Bundles the integration suite (test/integration/index.ts + every test/integration/**/*.test.ts) into one
// CommonJS file that VS Code loads as extensionTestsPath. Used by runIntegration.mjs and runElectron.mjs.
// What it shares with the extension's own bundle (Node, CommonJS, vscode external): scripts/bundle/extensionHostBundle.mjs.
//
// Mocha 12 is an ES module package that its own CommonJS entry require()s; bundling it in converts it once,
// so the suite also loads in extension hosts whose Node cannot require() ES modules (older desktop Electron).
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { extensionHostBundle } from '../../scripts/bundle/extensionHostBundle.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const INTEGRATION_DIR = path.join(ROOT, 'test/integration');
export const DEFAULT_OUTFILE = path.join(ROOT, 'dist-test/integration.js');

/** Every *.test.ts under test/integration, sorted, as absolute paths. */
export function findIntegrationTests(dir = INTEGRATION_DIR) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Resolves `integration-tests:bundled` to a module of lazy loaders, one per test file. */
function bundledTestsPlugin(testFiles) {
  return {
    name: 'integration-tests',
    setup(b) {
      b.onResolve({ filter: /^integration-tests:bundled$/ }, () => ({ path: 'bundled', namespace: 'integration-tests' }));
      b.onLoad({ filter: /.*/, namespace: 'integration-tests' }, () => ({
        contents:
          'module.exports = [\n' +
          testFiles
            .map((f) => `  { file: ${JSON.stringify(path.relative(ROOT, f))}, load: () => require(${JSON.stringify(f)}) },`)
            .join('\n') +
          '\n];\n',
        loader: 'js',
        resolveDir: ROOT,
        watchFiles: testFiles,
      }));
    },
  };
}

/**
 * Builds the suite; returns { outfile, testFiles }. Throws when there is no test file or esbuild reports errors.
 * @param {{ outfile?: string }} [options]
 */
export async function buildIntegrationTests({ outfile = DEFAULT_OUTFILE } = {}) {
  const testFiles = findIntegrationTests();
  if (testFiles.length === 0) throw new Error(`no *.test.ts under ${INTEGRATION_DIR}`);
  await build(extensionHostBundle({
    entryPoints: [path.join(INTEGRATION_DIR, 'index.ts')],
    outfile,
    sourcemap: 'inline',
    logLevel: 'warning',
    // mocha's reporter/ui lookups by name (require(name)) are dynamic; we pass built-in names, which resolve
    // inside the bundled module table, so the warnings about them are noise.
    logOverride: { 'unsupported-require-call': 'silent', 'unsupported-dynamic-import': 'silent', 'require-resolve-not-external': 'silent' },
    plugins: [bundledTestsPlugin(testFiles)],
  }));
  return { outfile, testFiles };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { outfile, testFiles } = await buildIntegrationTests();
  console.log(`[buildTests] ${testFiles.length} test file(s) -> ${path.relative(ROOT, outfile)}`);
}
