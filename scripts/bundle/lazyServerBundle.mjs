// The extension as three files, so that activation parses only the code it runs (V8 compiles a whole file
// before any of it runs: the 1.4 MB single bundle cost more to compile than to activate):
// - extension.js: what activation needs (the composition root, auth, tree view, confirmation UI);
// - server.js: every module that src/ loads on first use, i.e. each target of a dynamic import() or of a
//   require() written inside a function (src/ui/server/lazyServer.ts, src/ui/confirmation/confirmDiff.ts, src/auth/oauthClient.ts),
//   with everything they import: the MCP server, the Gmail client, the guard, the MIME/HTML libraries,
//   google-auth-library. extension.js requires it on the first such call;
// - shared.js: the modules both of them import, once (AccessRevokedError must stay one class for instanceof).
// In source (tsx, mocha) the same imports are plain dynamic imports and requires. A require() of such a module
// at the top of a file would load server.js at activation again: B4's activation figure shows it.
import * as esbuild from 'esbuild';
import { realpathSync } from 'node:fs';
import path from 'node:path';

const LAZY = 'lazy-server-module';
const SHARED = 'shared-module';
const ENTRY = 'lazy-bundle-entry';
const BUNDLES = { server: './server.js', shared: './shared.js' };

/**
 * @param {import('esbuild').BuildOptions} options extensionBuildOptions() for the single `extension` entry
 * @returns {Promise<import('esbuild').Metafile>} the three builds' metafiles merged
 */
export async function buildLazySplit(options) {
  const root = options.absWorkingDir ?? process.cwd();
  const keyOf = (file) => path.relative(root, file).split(path.sep).join('/');
  /** key -> absolute path of every lazily loaded module */
  const lazyTargets = new Map();
  let logLevel = 'warning'; // the first pass only finds what is shared; the last one reports
  const withPlugins = (extra, entryPoints) => ({ ...options, logLevel, entryPoints, plugins: [...extra, ...(options.plugins ?? [])] });

  const buildAll = async (shared) => {
    lazyTargets.clear();
    const sharedPlugins = shared.size ? [redirect(SHARED, BUNDLES.shared, (file) => shared.has(keyOf(file)), keyOf)] : [];
    const extension = await esbuild.build(withPlugins([lazyEdges(lazyTargets, keyOf, realpathSync(path.join(root, 'src'))), ...sharedPlugins], options.entryPoints));
    const server = await esbuild.build(withPlugins([virtualEntry(lazyTargets), ...sharedPlugins], { server: ENTRY }));
    const sharedBuild = shared.size
      ? await esbuild.build(withPlugins([virtualEntry(new Map([...shared].map((key) => [key, path.join(root, key)])))], { shared: ENTRY }))
      : undefined;
    return [extension.metafile, server.metafile, sharedBuild?.metafile].filter(Boolean);
  };

  let metafiles = await buildAll(new Set());
  const shared = modulesInMoreThanOne(metafiles);
  if (shared.size) {
    logLevel = options.logLevel;
    metafiles = await buildAll(shared);
    const left = modulesInMoreThanOne(metafiles);
    if (left.size) throw new Error(`lazyServerBundle: still in more than one bundle: ${[...left].join(', ')}`);
  }
  return {
    inputs: Object.assign({}, ...metafiles.map((m) => m.inputs)),
    outputs: Object.assign({}, ...metafiles.map((m) => m.outputs)),
  };
}

/** In extension.js: each lazily loaded module becomes `require('./server.js')[its key]`, evaluated at that call. */
function lazyEdges(targets, keyOf, srcDir) {
  return {
    name: 'lazy-server-edges',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.lazyServerEdges || args.namespace !== 'file') return undefined;
        if (args.kind !== 'dynamic-import' && args.kind !== 'require-call') return undefined;
        // esbuild gives importers as real paths (src/ may be a symlink, as in bench/bundleSize.ts's scratch copy).
        if (!args.importer.startsWith(srcDir + path.sep)) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { lazyServerEdges: true } });
        if (resolved.errors.length) return { errors: resolved.errors };
        if (resolved.external || resolved.namespace !== 'file') return undefined;
        const key = keyOf(resolved.path);
        targets.set(key, resolved.path);
        return { path: key, namespace: LAZY };
      });
      build.onLoad({ filter: /.*/, namespace: LAZY }, (args) => ({ contents: `module.exports = require(${JSON.stringify(BUNDLES.server)})[${JSON.stringify(args.path)}];\n`, loader: 'js' }));
      build.onResolve({ filter: /^\.\/server\.js$/, namespace: LAZY }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/** Every import of a module `isShared` accepts becomes `require(bundle)[its key]`. */
function redirect(namespace, bundle, isShared, keyOf) {
  return {
    name: `redirect-to-${bundle}`,
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.[namespace] || args.namespace !== 'file' || args.kind === 'entry-point') return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { [namespace]: true } });
        if (resolved.errors.length || resolved.external || resolved.namespace !== 'file' || !isShared(resolved.path)) return undefined;
        return { path: keyOf(resolved.path), namespace };
      });
      build.onLoad({ filter: /.*/, namespace }, (args) => ({ contents: `module.exports = require(${JSON.stringify(bundle)})[${JSON.stringify(args.path)}];\n`, loader: 'js' }));
      build.onResolve({ filter: /^\.\/\w+\.js$/, namespace }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/** An entry that exports each module's namespace under its key: `export * as "src/mcp/undo.ts" from "/abs/..."`. */
function virtualEntry(modules) {
  return {
    name: 'lazy-bundle-entry',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${ENTRY}$`) }, () => ({ path: ENTRY, namespace: ENTRY }));
      build.onLoad({ filter: /.*/, namespace: ENTRY }, () => ({
        contents: [...modules].map(([key, file]) => `export * as ${JSON.stringify(key)} from ${JSON.stringify(file)};`).join('\n') + '\n',
        loader: 'js',
        resolveDir: build.initialOptions.absWorkingDir ?? process.cwd(),
      }));
    },
  };
}

/** Real files (not plugin modules) that more than one of the builds bundled. */
function modulesInMoreThanOne(metafiles) {
  const seen = new Map();
  for (const meta of metafiles) {
    const inputs = new Set(Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs)));
    for (const input of inputs) if (!input.includes(':')) seen.set(input, (seen.get(input) ?? 0) + 1);
  }
  return new Set([...seen].filter(([, n]) => n > 1).map(([input]) => input));
}
