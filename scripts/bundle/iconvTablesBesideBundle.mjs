// iconv-lite's double-byte charset tables (Shift_JIS, EUC-JP, GBK/GB18030, EUC-KR, Big5: ~400 KB) are
// require()-d lazily, inside each codec's `table()` function. Bundled, they would all sit in extension.js and be
// parsed at every activation. Instead each `require('./tables/X.json')` stays a real require of
// `./iconv-tables/X.json`, resolved next to the bundle, and the files are copied there when the build ends.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const ICONV_TABLES_DIR = 'iconv-tables';

const FROM_ICONV_ENCODINGS = /[\\/]iconv-lite[\\/]encodings$/;

export const iconvTablesBesideBundle = {
  name: 'iconv-tables-beside-bundle',
  setup(build) {
    /** file name in dist -> absolute source path */
    const tables = new Map();
    build.onStart(() => tables.clear());
    build.onResolve({ filter: /^\.\/tables\/[\w-]+\.json$/ }, (args) => {
      if (!FROM_ICONV_ENCODINGS.test(args.resolveDir)) return undefined;
      const source = join(args.resolveDir, args.path);
      const name = basename(source);
      const other = tables.get(name);
      // Two iconv-lite versions in one bundle would share the folder: refuse if their tables differ.
      if (other && other !== source && !readFileSync(other).equals(readFileSync(source))) {
        return { errors: [{ text: `two different iconv-lite tables named ${name}: ${other} and ${source}` }] };
      }
      tables.set(name, source);
      return { path: `./${ICONV_TABLES_DIR}/${name}`, external: true };
    });
    build.onEnd((result) => {
      if (result.errors.length) return;
      const outdir = resolve(build.initialOptions.absWorkingDir ?? process.cwd(), build.initialOptions.outdir);
      const target = join(outdir, ICONV_TABLES_DIR);
      mkdirSync(target, { recursive: true });
      for (const [name, source] of tables) copyFileSync(source, join(target, name));
    });
  },
};
