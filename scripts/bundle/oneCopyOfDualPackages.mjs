// Packages that ship both an ESM and a CommonJS build get bundled twice when our ESM `import` and a
// dependency's `require` reach them (libmime: src/mail/render.ts imports it, mailparser requires it). Resolving
// every reference the CommonJS way keeps one copy.
const DUAL_PACKAGES = /^(libmime|libqp|libbase64)(\/.*)?$/;

export const oneCopyOfDualPackages = {
  name: 'one-copy-of-dual-packages',
  setup(build) {
    build.onResolve({ filter: DUAL_PACKAGES }, (args) =>
      args.kind === 'import-statement' || args.kind === 'dynamic-import'
        ? build.resolve(args.path, { kind: 'require-call', resolveDir: args.resolveDir, importer: args.importer })
        : undefined,
    );
  },
};
