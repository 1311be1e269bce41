// On the extension host, libmime serves one call: decodeWords() for RFC 2047 header words (src/mail/render.ts).
// libmime.js also requires its MIME type <-> file extension tables (~70 KB) for detectMimeType() and
// detectExtension(), which that call never reaches; in the host bundle they are a stub that throws a clear error if
// the reasoning ever stops holding. The mail worker's bundle keeps the tables (mailparser names attachments with
// detectExtension), so this plugin is only for the host build, and the build fails if any other module there
// imports libmime.
const NAMESPACE = 'libmime-without-type-tables';
const WHY =
  "libmime's MIME type tables are not in the extension host's bundle: only decodeWords() is used there (src/mail/render.ts); " +
  'detectMimeType and detectExtension belong in the mail worker (scripts/bundle/libmimeWithoutTypeTables.mjs)';
const ONLY_IMPORTER = /[\\/]src[\\/]mail[\\/]render\.ts$/;

export const libmimeWithoutTypeTables = {
  name: NAMESPACE,
  setup(build) {
    build.onResolve({ filter: /^libmime$/ }, (args) => {
      if (ONLY_IMPORTER.test(args.importer)) return undefined;
      return { errors: [{ text: `${args.importer} imports libmime, which the host bundle carries without its MIME type tables (${WHY})` }] };
    });
    build.onResolve({ filter: /^\.\/mimetypes(\.js)?$/ }, (args) =>
      /[\\/]node_modules[\\/]libmime[\\/]/.test(args.importer) ? { path: 'mimetypes', namespace: NAMESPACE } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, () => ({
      loader: 'js',
      contents: [
        `const refuse = () => { throw new Error(${JSON.stringify(WHY)}); };`,
        'const table = new Proxy({}, { get: refuse, has: refuse, ownKeys: refuse, getOwnPropertyDescriptor: refuse });',
        'exports.__esModule = true;',
        'exports.list = table;',
        'exports.extensions = table;',
      ].join('\n'),
    }));
  },
};
