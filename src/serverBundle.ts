import type * as ServerBundle from './server';

/**
 * src/server.ts, the build's second entry point, loaded on first use: when VS Code first resolves a server
 * definition (or a palette command or an Undo needs a server), at sign-in or at a token refresh, never at
 * activation. In the bundle this is a require of dist/server.js beside dist/extension.js (esbuild keeps
 * `./server.js` external: scripts/bundle/extensionBuild.mjs); from source it is src/server.ts.
 */
export function loadServerBundle(): typeof ServerBundle {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated on first use, not at activation
  return require('./server.js') as typeof ServerBundle;
}
