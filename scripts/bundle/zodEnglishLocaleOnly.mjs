// zod v4 re-exports every locale (`export * as locales`) from zod/v4/core and from both of its
// front ends; the MCP SDK uses the front ends as namespace objects, so esbuild keeps all ~40 of them (~250 KB).
// Only English is ever configured (zod does config(en()) itself), so the locale index exports just that.
export const zodEnglishLocaleOnly = {
  name: 'zod-english-locale-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";\n',
      loader: 'js',
    }));
  },
};
