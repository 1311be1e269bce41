/**
 * The host bundle's options (hostOnly: libmime without its MIME type tables, markdown-it's entities without the
 * encode table) leave nothing out that the host runs: src/mail/render.ts, built with them, still decodes RFC 2047
 * header words in several charsets, and a second importer of libmime fails the build instead of reaching the stub.
 */
import { strict as assert } from 'node:assert';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import type * as render from '../../../src/mail/render';

const ROOT = resolve(__dirname, '../../..');

interface BundleOptionsModule {
  extensionBuildOptions(o: { production: boolean; outdir: string; entryPoints?: Record<string, string>; absWorkingDir?: string; hostOnly?: boolean }): esbuild.BuildOptions;
}

describe('bundle: the extension host bundle (hostOnly)', function () {
  this.timeout(120_000);
  let dir: string;
  let build: (entry: string) => Promise<void>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'host-bundle-'));
    const { extensionBuildOptions } = (await import(join(ROOT, 'scripts/bundle/extensionBuild.mjs'))) as BundleOptionsModule;
    build = async (entry) => {
      const options = extensionBuildOptions({ production: true, outdir: join(dir, 'out'), entryPoints: { entry }, absWorkingDir: ROOT, hostOnly: true });
      await esbuild.build({ ...options, logLevel: 'silent', metafile: false });
    };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('decodes RFC 2047 header words in render.ts without libmime\'s type tables', async () => {
    const entry = join(dir, 'render-entry.ts');
    writeFileSync(entry, `export { summaryView } from ${JSON.stringify(join(ROOT, 'src/mail/render'))};\n`);
    await build(entry);
    const bundled = createRequire(__filename)(join(dir, 'out/entry.js')) as typeof render;
    const view = bundled.summaryView({
      id: 'm1',
      threadId: 't1',
      labelIds: [],
      snippet: 'Hello &amp; welcome',
      headers: {
        from: '=?ISO-8859-1?Q?Andr=E9?= <andre@example.com>',
        to: 'me@example.com',
        subject: '=?UTF-8?B?w4lkaXRpb24=?= =?KOI8-R?B?8NLJ18XU?=',
      },
    });
    assert.equal(view.from, 'André <andre@example.com>');
    assert.equal(view.subject, 'ÉditionПривет');
    assert.equal(view.snippet, 'Hello & welcome');
  });

  it('refuses to build a second importer of libmime into the host bundle', async () => {
    const entry = join(dir, 'libmime-entry.ts');
    writeFileSync(entry, "import libmime from 'libmime';\nexport const detect = (f: string) => libmime.detectMimeType(f);\n");
    await assert.rejects(build(entry), /imports libmime, which the host bundle carries without its MIME type tables/);
  });
});
