// Two dependencies import a few functions of entities 4 through its package index, whose top-level enums keep all of
// entities' decode and encode tables in the bundle: dom-serializer (through domutils and css-select) only its escape
// functions (encodeXML, escapeAttribute, escapeText; ~75 KB of tables), markdown-it only decodeHTML and
// decodeHTMLStrict (the encode table, ~23 KB). Each function lives in a module the index re-exports unchanged;
// those importers get that module instead. A name the module lacks fails the build (import-is-undefined).
const RESOLVING = Symbol('resolving entities without its index');

/** importer (a file of this package) -> the entities module holding all it imports */
const MODULE_FOR = [
  { importer: /[\\/]node_modules[\\/]dom-serializer[\\/]lib[\\/]esm[\\/]/, module: 'escape.js' },
  { importer: /[\\/]node_modules[\\/]markdown-it[\\/]lib[\\/]/, module: 'decode.js' },
];

export const entitiesWithoutIndex = {
  name: 'entities-without-index',
  setup(build) {
    build.onResolve({ filter: /^entities$/ }, async (args) => {
      const rule = MODULE_FOR.find((r) => r.importer.test(args.importer));
      if (args.pluginData === RESOLVING || !rule) return undefined;
      const index = await build.resolve('entities', { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: RESOLVING });
      if (index.errors.length) return { errors: index.errors };
      const target = index.path.replace(/index\.js$/, rule.module);
      if (target === index.path) return { errors: [{ text: `entities resolved to ${index.path}, expected its index.js` }] };
      return { path: target };
    });
  },
};
