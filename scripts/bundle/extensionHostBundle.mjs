// What every bundle that a VS Code extension host loads has in common: the extension itself (extensionBuild.mjs),
// the integration suite (test/harness/buildTests.mjs) and the scripted model (test/agent/scripted-model/build.mjs).
// Each of those passes what is its own: entry points and output, source maps, log level, plugins.
//
// The size plugins stay in extensionBuild.mjs: they shrink what ships, and the test bundles reach none of the
// packages they rewrite (iconvTablesBesideBundle also needs an outdir, where the test bundles write one outfile).

/**
 * One CommonJS file for Node 20 or newer (the extension host's Node), with `vscode` left to the host's require.
 * @param {import('esbuild').BuildOptions & { sourcemap: import('esbuild').BuildOptions['sourcemap'] }} options
 *   this bundle's own options; `sourcemap` must be chosen (false, 'linked', 'inline'), `external` adds to vscode
 * @returns {import('esbuild').BuildOptions}
 */
export function extensionHostBundle({ external = [], ...options }) {
  if (!('sourcemap' in options)) throw new Error('extensionHostBundle: choose a sourcemap (false, "linked" or "inline")');
  return {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', ...external],
    ...options,
  };
}
