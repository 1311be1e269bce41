// postcss requires source-map-js only to read and write source maps; its own browser build maps it to an empty
// module (package.json "browser": {"source-map-js": false}) and postcss then skips source maps entirely. We only
// parse CSS from mail, which has no business carrying source maps, so do the same (-29 KB). It also means an
// inline `sourceMappingURL=data:` comment in a hostile stylesheet is no longer decoded and parsed.
export const postcssWithoutSourceMaps = {
  name: 'postcss-without-source-maps',
  setup(build) {
    build.onResolve({ filter: /^source-map-js$/ }, (args) =>
      /[\\/]node_modules[\\/]postcss[\\/]lib[\\/]/.test(args.importer) ? { path: 'source-map-js', namespace: 'postcss-empty' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'postcss-empty' }, () => ({ contents: 'module.exports = {};\n', loader: 'js' }));
  },
};
