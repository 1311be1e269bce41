// The esbuild options of the extension bundle: one CommonJS file for Node (vscode external) plus the data
// files it loads lazily. esbuild.mjs builds with them; the bundle tests build parts of src with the same options.
// What it shares with the test bundles VS Code also loads (Node, CommonJS, vscode external) is extensionHostBundle.
import { detectorDataBesideBundle } from './detectorDataBesideBundle.mjs';
import { encodingJapaneseBesideBundle } from './encodingJapaneseBesideBundle.mjs';
import { entitiesWithoutIndex } from './entitiesWithoutIndex.mjs';
import { extensionHostBundle } from './extensionHostBundle.mjs';
import { iconvTablesBesideBundle } from './iconvTablesBesideBundle.mjs';
import { libmimeWithoutTypeTables } from './libmimeWithoutTypeTables.mjs';
import { oneCopyOfDualPackages } from './oneCopyOfDualPackages.mjs';
import { oneCopyOfNestedPackages } from './oneCopyOfNestedPackages.mjs';
import { UNREACHABLE_PACKAGES } from './unreachableModules.mjs';
import { zodEnglishLocaleOnly } from './zodEnglishLocaleOnly.mjs';

/** The second entry point: what the extension loads on first use (src/server.ts), as dist/server.js. */
export const SERVER_BUNDLE = { server: 'src/server.ts' };

/**
 * @param {{ production: boolean, outdir: string, entryPoints?: Record<string, string>, absWorkingDir?: string,
 *   hostOnly?: boolean }} o hostOnly: the extension host's bundles, not a worker's (libmimeWithoutTypeTables.mjs)
 * @returns {import('esbuild').BuildOptions}
 */
export function extensionBuildOptions({ production, outdir, entryPoints = { extension: 'src/extension.ts' }, absWorkingDir, hostOnly = false }) {
  return extensionHostBundle({
    entryPoints,
    // src/serverBundle.ts requires the second entry point as the file beside the bundle, not as part of it.
    external: ['./server.js'],
    absWorkingDir,
    outdir,
    // Where a package has an ESM build (`module`), prefer it: it tree-shakes; CommonJS does not (cockatiel, css-what).
    mainFields: ['module', 'main'],
    sourcemap: production ? false : 'linked',
    minify: production,
    metafile: true,
    logLevel: 'info',
    legalComments: 'none',
    // Node reads the bundle as UTF-8; escaping every non-ASCII character as \uXXXX only adds bytes (~65 KB).
    charset: 'utf8',
    // Some dependencies (email-reply-parser) call createRequire(import.meta.url), which CommonJS output lacks.
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    // Packages no code path of ours runs are stubbed by name.
    alias: UNREACHABLE_PACKAGES,
    // Each plugin does what `alias` and `external` cannot, which its line says.
    plugins: [
      // zod's locale index is imported by a relative path inside zod, which no alias reaches.
      zodEnglishLocaleOnly,
      // Re-resolves libmime & co. as `require` does (one copy, not an ESM and a CJS one); reads no package's files.
      oneCopyOfDualPackages,
      // Resolves nested copies of gaxios and nodemailer to the top-level one after a version check; reads package.json only.
      oneCopyOfNestedPackages(absWorkingDir),
      // iconv-lite requires its tables by relative paths inside functions; they must stay requires of files beside the bundle.
      iconvTablesBesideBundle,
      // Copies encoding-japanese's own minified build beside the bundle and points libmime's import at it: alias cannot copy.
      encodingJapaneseBesideBundle,
      // entities must resolve to a different module per importer (dom-serializer, markdown-it); alias is one target for all.
      entitiesWithoutIndex,
      // unhomoglyph requires ./data.json by a relative path, and the detector's model is a file beside the bundle.
      detectorDataBesideBundle,
      // libmime requires its type tables by a relative path, which no alias reaches.
      ...(hostOnly ? [libmimeWithoutTypeTables] : []),
    ],
    // A stub missing a name a dependency reads off its namespace must fail the build, not yield undefined.
    logOverride: { 'import-is-undefined': 'error' },
  });
}
