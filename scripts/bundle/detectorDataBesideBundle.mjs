// The injection detector's data files stay files beside the bundle instead of JavaScript inside it: the model's
// weights (src/guard/injectionModel.json, read with readFileSync from the bundle's own folder by
// src/guard/injectionModel.ts) and unhomoglyph's confusables table (~100 KB, which its index.js require()-s; here
// that require stays a real require of ./unhomoglyph-data.json beside the bundle). The mail worker reads them from
// disk on first use, with no network, and they add nothing to any bundle's size.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const MODEL_FILE = 'injectionModel.json';
export const CONFUSABLES_FILE = 'unhomoglyph-data.json';

const FROM_UNHOMOGLYPH = /[\\/]node_modules[\\/]unhomoglyph$/;

export const detectorDataBesideBundle = {
  name: 'detector-data-beside-bundle',
  setup(build) {
    let confusables;
    build.onStart(() => {
      confusables = undefined;
    });
    build.onResolve({ filter: /^\.\/data\.json$/ }, (args) => {
      if (!FROM_UNHOMOGLYPH.test(args.resolveDir)) return undefined;
      confusables = join(args.resolveDir, args.path);
      return { path: `./${CONFUSABLES_FILE}`, external: true };
    });
    build.onEnd((result) => {
      if (result.errors.length) return;
      const root = resolve(build.initialOptions.absWorkingDir ?? process.cwd());
      const outdir = resolve(root, build.initialOptions.outdir);
      mkdirSync(outdir, { recursive: true });
      // The model goes wherever the detector is bundled; it is small, and a bundle without the detector never reads it.
      copyFileSync(join(root, 'src', 'guard', MODEL_FILE), join(outdir, MODEL_FILE));
      if (confusables) copyFileSync(confusables, join(outdir, CONFUSABLES_FILE));
    });
  },
};
