/**
 * The production build as esbuild.mjs makes it, two entry points: activation loads dist/extension.js alone, which
 * must hold none of the server side (MCP SDK, Gmail client, guard, HTML libraries, google-auth-library); those are
 * in dist/server.js (src/server.ts), which extension.js requires on first use. The few small modules both import
 * are in each, so no class of theirs may be told apart with instanceof. The MIME parser is in neither: mail is
 * parsed in the mail worker's own bundle.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = resolve(__dirname, '../../..');

interface BuildModules {
  extensionBuildOptions(o: { production: boolean; outdir: string; entryPoints?: Record<string, string>; absWorkingDir?: string; hostOnly?: boolean }): esbuild.BuildOptions;
  SERVER_BUNDLE: Record<string, string>;
}

describe('bundle: activation loads only dist/extension.js', function () {
  this.timeout(120_000);
  let outdir: string;
  let meta: esbuild.Metafile;
  const inputsOf = (file: string) => Object.keys(meta.outputs[Object.keys(meta.outputs).find((o) => o.endsWith(`/${file}`)) ?? ''].inputs);

  before(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'bundle-split-'));
    const { extensionBuildOptions, SERVER_BUNDLE } = (await import(join(ROOT, 'scripts/bundle/extensionBuild.mjs'))) as BuildModules;
    const builds = await Promise.all(
      [undefined, SERVER_BUNDLE].map((entryPoints) =>
        esbuild.build({ ...extensionBuildOptions({ production: true, outdir, entryPoints, absWorkingDir: ROOT, hostOnly: true }), logLevel: 'silent' }),
      ),
    );
    meta = { inputs: {}, outputs: Object.assign({}, ...builds.map((b) => b.metafile?.outputs)) as esbuild.Metafile['outputs'] };
  });

  after(() => rmSync(outdir, { recursive: true, force: true }));

  it('keeps the server side out of extension.js', () => {
    const eager = inputsOf('extension.js');
    const packages = eager.filter((input) => input.includes('node_modules/'));
    assert.deepEqual(packages, [], 'no package is evaluated at activation');
    for (const module of ['src/mcp/server/accountServer.ts', 'src/gmail/client.ts', 'src/mail/mailParsing.ts', 'src/writes/outgoingDocument.ts']) {
      assert.ok(!eager.some((input) => input.endsWith(module)), `${module} is in extension.js`);
    }
    assert.ok(eager.some((input) => input.endsWith('src/extension.ts')));
  });

  it('puts it in server.js, which extension.js requires on first use', () => {
    const server = inputsOf('server.js');
    for (const module of ['src/mcp/server/accountServer.ts', 'src/writes/outgoingDocument.ts', 'src/gmail/accountLookup.ts', 'src/writes/undo.ts']) {
      assert.ok(server.some((input) => input.endsWith(module)), `${module} is not in server.js`);
    }
    for (const pkg of ['@modelcontextprotocol/server', 'google-auth-library']) {
      assert.ok(server.some((input) => input.includes(`node_modules/${pkg}/`)), `${pkg} is not in server.js`);
    }
    // One copy of the SDK's core (the server package's), and not its default Ajv validator (scripts/bundle/unreachableModules.mjs).
    for (const absent of ['node_modules/@modelcontextprotocol/client/', 'node_modules/@modelcontextprotocol/sdk/', '/ajvProvider-']) {
      assert.ok(!server.some((input) => input.includes(absent)), `${absent} is in server.js`);
    }
    // Parsing and the HTML pipeline run in dist/mailWorker.js (src/mail/processing/mailWorker.ts); the host only starts it.
    assert.ok(server.some((input) => input.endsWith('src/mail/processing/mailWorkerPool.ts')));
    for (const parser of ['node_modules/mailparser/', 'node_modules/@zone-eu/mailsplit/', 'node_modules/postcss/', 'node_modules/parse5/', 'node_modules/html-to-text/', 'src/mail/mailParsing.ts', 'src/mail/processing/parseMessage.ts', 'src/mail/visibility/sanitize.ts']) {
      assert.ok(!server.some((input) => input.includes(parser)), `${parser} is in server.js`);
    }
    const js = readFileSync(join(outdir, 'extension.js'), 'utf8');
    assert.match(js, /require\("\.\/server\.js"\)/);
  });

  it('has only modules of our own in both files, none with a class told apart by instanceof', () => {
    const server = new Set(inputsOf('server.js'));
    const both = inputsOf('extension.js').filter((input) => server.has(input));
    assert.deepEqual(both.filter((input) => !input.startsWith('src/')), [], 'no package is in both files');
    const source = (file: string) => readFileSync(join(ROOT, file), 'utf8');
    const classes = both.flatMap((file) => [...source(file).matchAll(/^export (?:abstract )?class (\w+)/gm)].map((m) => m[1]));
    assert.ok(classes.includes('AccessRevokedError'), 'the token source is in both (the check below must see it)');
    const everySource = Object.keys(meta.outputs).flatMap((file) => Object.keys(meta.outputs[file].inputs)).filter((input) => input.startsWith('src/'));
    const told = [...new Set(everySource)].flatMap((file) => classes.filter((name) => new RegExp(`instanceof ${name}\\b`).test(source(file))).map((name) => `${file}: instanceof ${name}`));
    assert.deepEqual(told, []);
  });
});
