// npm nests a second copy of a package when a dependency pins a version the top level does not satisfy
// (googleapis-common pins gaxios 7.1.3 beside google-auth-library's 7.3.x; mailparser keeps nodemailer 10.3 beside
// our 10.6). Within one major version the top-level copy is a drop-in replacement, so every import resolves to
// it: one copy in the bundle, and one GaxiosError class for instanceof checks. The build fails if the top-level
// copy is of another major or older than the nested one.
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

const PACKAGES = ['gaxios', 'nodemailer'];
const RESOLVING = Symbol('resolving from the top level');

function versionOf(packageDir) {
  return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version.split('.').map(Number);
}

/** `/x/node_modules/a/node_modules/gaxios/build/index.js` -> `/x/node_modules/a/node_modules/gaxios` */
function packageDirOf(file, name) {
  const marker = `${sep}node_modules${sep}${name}${sep}`;
  const at = file.lastIndexOf(marker);
  return at < 0 ? undefined : file.slice(0, at + marker.length - 1);
}

export function oneCopyOfNestedPackages(rootDir = process.cwd()) {
  return {
    name: 'one-copy-of-nested-packages',
    setup(build) {
      const topModules = realpathSync(join(rootDir, 'node_modules'));
      const filter = new RegExp(`^(${PACKAGES.join('|')})(/.*)?$`);
      build.onResolve({ filter }, async (args) => {
        if (args.pluginData === RESOLVING) return undefined;
        const name = args.path.match(filter)[1];
        const here = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: RESOLVING });
        if (here.errors.length) return { errors: here.errors };
        const top = await build.resolve(args.path, { kind: args.kind, resolveDir: rootDir, pluginData: RESOLVING });
        if (top.errors.length || top.path === here.path) return here;
        const [nestedDir, topDir] = [packageDirOf(here.path, name), packageDirOf(top.path, name)];
        if (!nestedDir || !topDir || dirname(topDir) !== topModules) return here;
        const [nested, topLevel] = [versionOf(nestedDir), versionOf(topDir)];
        const older = topLevel[1] < nested[1] || (topLevel[1] === nested[1] && topLevel[2] < nested[2]);
        if (topLevel[0] !== nested[0] || older) {
          return { errors: [{ text: `${name} ${topLevel.join('.')} at the top level cannot replace ${nested.join('.')} at ${nestedDir}` }] };
        }
        return top;
      });
    },
  };
}
