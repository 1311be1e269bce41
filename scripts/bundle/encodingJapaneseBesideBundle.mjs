// encoding-japanese (~87 KB minified) decodes only the Japanese charsets iconv-lite lacks (ISO-2022-JP and
// friends), for libmime, which require()-s it eagerly at load. Bundled, it would sit in extension.js and be parsed
// at every activation for mail most users never get. Instead libmime gets a stub whose convert() loads the
// package's own minified build from beside the bundle on first use, and the build copies that file there.
import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

export const ENCODING_JAPANESE_FILE = 'encoding-japanese.js';

const FROM_LIBMIME = /[\\/]node_modules[\\/]libmime[\\/]/;
const NAMESPACE = 'lazy-encoding-japanese';

// libmime calls nothing else of it (charset.js: `convert(buf, { to: 'UNICODE', from, type: 'string' })`);
// `import-is-undefined` is an error in the build, so a new use of another name fails the build, not the user.
const STUB = `let loaded;
export function convert(...args) {
  loaded ??= require(${JSON.stringify(`./${ENCODING_JAPANESE_FILE}`)});
  return loaded.convert(...args);
}
export default { convert };
`;

export const encodingJapaneseBesideBundle = {
  name: 'encoding-japanese-beside-bundle',
  setup(build) {
    let used = false;
    build.onStart(() => {
      used = false;
    });
    build.onResolve({ filter: /^encoding-japanese$/ }, (args) => {
      if (!FROM_LIBMIME.test(args.importer)) return undefined;
      used = true;
      return { path: 'stub', namespace: NAMESPACE };
    });
    build.onResolve({ filter: /^\.\/encoding-japanese\.js$/ }, (args) =>
      args.namespace === NAMESPACE ? { path: args.path, external: true } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, () => ({ contents: STUB, loader: 'js' }));
    build.onEnd((result) => {
      if (result.errors.length || !used) return;
      const root = build.initialOptions.absWorkingDir ?? process.cwd();
      const fromLibmime = createRequire(join(root, 'node_modules/libmime/package.json'));
      const minified = join(dirname(fromLibmime.resolve('encoding-japanese/package.json')), 'encoding.min.js');
      copyFileSync(minified, join(resolve(root, build.initialOptions.outdir), ENCODING_JAPANESE_FILE));
    });
  },
};
