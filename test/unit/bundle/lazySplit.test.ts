/**
 * The production build as esbuild.mjs makes it (scripts/bundle/lazyServerBundle.mjs): activation loads
 * dist/extension.js alone, which must hold none of the server side (MCP SDK, Gmail client, guard, HTML libraries,
 * google-auth-library); those are in dist/server.js, and no module is in two of the files (one AccessRevokedError
 * class, one copy of every module). The MIME parser is in neither: mail is parsed in the mail worker's own bundle.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type * as esbuild from 'esbuild';

const ROOT = resolve(__dirname, '../../..');

interface BuildModules {
  extensionBuildOptions(o: { production: boolean; outdir: string; absWorkingDir?: string }): esbuild.BuildOptions;
  buildLazySplit(options: esbuild.BuildOptions): Promise<esbuild.Metafile>;
}

describe('bundle: activation loads only dist/extension.js', function () {
  this.timeout(120_000);
  let outdir: string;
  let meta: esbuild.Metafile;
  const inputsOf = (file: string) => Object.keys(meta.outputs[Object.keys(meta.outputs).find((o) => o.endsWith(`/${file}`)) ?? ''].inputs);

  before(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'bundle-split-'));
    const { extensionBuildOptions } = (await import(join(ROOT, 'scripts/bundle/extensionBuild.mjs'))) as BuildModules;
    const { buildLazySplit } = (await import(join(ROOT, 'scripts/bundle/lazyServerBundle.mjs'))) as BuildModules;
    meta = await buildLazySplit({ ...extensionBuildOptions({ production: true, outdir, absWorkingDir: ROOT }), logLevel: 'silent' });
  });

  after(() => rmSync(outdir, { recursive: true, force: true }));

  it('keeps the server side out of extension.js', () => {
    // Not the stand-ins (`lazy-server-module:<path>`, `shared-module:<path>`: one require of server.js or shared.js each).
    const eager = inputsOf('extension.js').filter((input) => !input.includes(':'));
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
    for (const pkg of ['@modelcontextprotocol/sdk', 'google-auth-library', 'postcss', 'htmlparser2']) {
      assert.ok(server.some((input) => input.includes(`node_modules/${pkg}/`)), `${pkg} is not in server.js`);
    }
    // Parsing runs in dist/mailWorker.js (src/mail/processing/mailWorker.ts); the host only starts it.
    assert.ok(server.some((input) => input.endsWith('src/mail/processing/mailWorkerPool.ts')));
    for (const parser of ['node_modules/mailparser/', 'node_modules/@zone-eu/mailsplit/', 'src/mail/mailParsing.ts', 'src/mail/processing/parseMessage.ts']) {
      assert.ok(!server.some((input) => input.includes(parser)), `${parser} is in server.js`);
    }
    const js = readFileSync(join(outdir, 'extension.js'), 'utf8');
    assert.match(js, /require\("\.\/server\.js"\)/);
  });

  it('bundles every module once across extension.js, server.js and shared.js', () => {
    const files = Object.keys(meta.outputs).filter((o) => o.endsWith('.js'));
    assert.equal(files.length, 3, files.join(', '));
    const count = new Map<string, number>();
    for (const file of files) for (const input of Object.keys(meta.outputs[file].inputs)) if (!input.includes(':')) count.set(input, (count.get(input) ?? 0) + 1);
    assert.deepEqual([...count].filter(([, n]) => n > 1).map(([input]) => input), []);
    assert.ok(inputsOf('shared.js').some((input) => input.endsWith('src/gmail/tokenSource.ts')), 'AccessRevokedError is shared');
  });
});
