// dom-serializer (through domutils and css-select) imports only entities' escape functions (encodeXML,
// escapeAttribute, escapeText), but through the package index, and the index's top-level enums keep entities'
// decode and encode tables in the bundle too (~75 KB). Those three functions live in entities' escape module,
// which the index re-exports unchanged; import them from there. A name the module lacks fails the build.
const RESOLVING = Symbol('resolving entities for dom-serializer');

export const domSerializerEscapeOnly = {
  name: 'dom-serializer-escape-only',
  setup(build) {
    build.onResolve({ filter: /^entities$/ }, async (args) => {
      if (args.pluginData === RESOLVING || !/[\\/]node_modules[\\/]dom-serializer[\\/]lib[\\/]esm[\\/]/.test(args.importer)) return undefined;
      const index = await build.resolve('entities', { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: RESOLVING });
      if (index.errors.length) return { errors: index.errors };
      const escape = index.path.replace(/index\.js$/, 'escape.js');
      if (escape === index.path) return { errors: [{ text: `entities resolved to ${index.path}, expected its index.js` }] };
      return { path: escape };
    });
  },
};
