/**
 * The production bundle options (scripts/bundle/) leave code and data out of extension.js; these tests build
 * src/mail/processing/parseMessage.ts (what the mail worker bundles) with the same options into a scratch folder and check that what was left out is either
 * loaded from beside the bundle (iconv-lite's double-byte tables) or not needed (the mail corpus renders the
 * same from the bundle as from source).
 */
import { strict as assert } from 'node:assert';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import iconv from 'iconv-lite';
import type { gmail_v1 } from '@googleapis/gmail';
import * as source from '../../../src/mail/processing/parseMessage';
import { fromBytes } from '../gmail/mailFactory';

const ROOT = resolve(__dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/mail');

interface BundleOptionsModule {
  extensionBuildOptions(o: { production: boolean; outdir: string; entryPoints?: Record<string, string>; absWorkingDir?: string }): esbuild.BuildOptions;
}

async function bundleOptions(outdir: string, entryPoints: Record<string, string>): Promise<esbuild.BuildOptions> {
  const { extensionBuildOptions } = (await import(join(ROOT, 'scripts/bundle/extensionBuild.mjs'))) as BundleOptionsModule;
  return { ...extensionBuildOptions({ production: true, outdir, entryPoints, absWorkingDir: ROOT }), logLevel: 'silent', metafile: false };
}

/** One text/plain message whose subject (RFC 2047) and body are in `charset`, encoded by iconv-lite. */
function messageIn(charset: string, subject: string, body: string): gmail_v1.Schema$Message {
  const word = `=?${charset}?B?${iconv.encode(subject, charset).toString('base64')}?=`;
  const head = [
    'From: sender@example.com',
    'To: me@example.com',
    `Subject: ${word}`,
    'Date: Fri, 01 Mar 2024 09:30:00 +0000',
    'Message-ID: <charset-test@example.com>',
    'MIME-Version: 1.0',
    `Content-Type: text/plain; charset=${charset}`,
    'Content-Transfer-Encoding: base64',
  ].join('\r\n');
  const encodedBody = iconv.encode(body, charset).toString('base64').replace(/.{76}/g, '$&\r\n');
  return fromBytes(Buffer.from(`${head}\r\n\r\n${encodedBody}\r\n`, 'latin1'));
}

const SAMPLES: ReadonlyArray<{ charset: string; subject: string; body: string; table: string }> = [
  { charset: 'Shift_JIS', subject: '会議の議事録について', body: 'お疲れさまです。明日の会議は十時からです。', table: 'shiftjis.json' },
  { charset: 'EUC-JP', subject: '請求書の送付', body: '今月分の請求書をお送りします。', table: 'eucjp.json' },
  { charset: 'GBK', subject: '季度报告', body: '您好。附件是第三季度的销售报告。', table: 'cp936.json' },
  { charset: 'GB18030', subject: '会议通知', body: '请于周五下午三点参加会议。𠀀', table: 'gb18030-ranges.json' },
  { charset: 'Big5', subject: '季度報告', body: '您好。附件是第三季度的銷售報告。', table: 'cp950.json' },
  { charset: 'EUC-KR', subject: '회의 안내', body: '안녕하세요. 내일 회의는 오전 10시입니다.', table: 'cp949.json' },
];

describe('bundle: the extension bundle options', function () {
  this.timeout(60_000);
  let outdir: string;
  let bundled: typeof source;

  before(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'bundle-render-'));
    await esbuild.build(await bundleOptions(outdir, { render: 'src/mail/processing/parseMessage.ts' }));
    // the bundle is CommonJS: load it the way VS Code does, not through tsx's loader
    bundled = createRequire(__filename)(join(outdir, 'render.js')) as typeof source;
  });

  after(() => {
    for (const key of Object.keys(require.cache)) if (key.startsWith(outdir)) delete require.cache[key];
    rmSync(outdir, { recursive: true, force: true });
  });

  it('keeps iconv-lite tables out of the bundle and copies them beside it', () => {
    const js = readFileSync(join(outdir, 'render.js'), 'utf8');
    assert.match(js, /require\("\.\/iconv-tables\/shiftjis\.json"\)/);
    const copied = readdirSync(join(outdir, 'iconv-tables')).sort();
    const shipped = readdirSync(join(ROOT, 'node_modules/iconv-lite/encodings/tables')).sort();
    assert.deepEqual(copied, shipped);
    // the bundle holds no table: shiftjis.json's first row is not in it
    const firstRow = JSON.stringify((JSON.parse(readFileSync(join(outdir, 'iconv-tables/shiftjis.json'), 'utf8')) as unknown[])[0]);
    assert.ok(!js.includes(firstRow.slice(0, 40)), 'Shift_JIS table found inside the bundle');
  });

  for (const { charset, subject, body, table } of SAMPLES) {
    it(`decodes a ${charset} message from the bundle, loading ${table} from beside it`, async () => {
      const message = messageIn(charset, subject, body);
      const m = await bundled.parseMessage(message);
      assert.deepEqual(m, await source.parseMessage(message));
      assert.equal(m.headers.subject, subject);
      assert.equal(m.body, body);
      assert.ok(require.cache[join(outdir, 'iconv-tables', table)], `${table} was not loaded from the bundle's folder`);
    });
  }

  it('decodes ISO-2022-JP (encoding-japanese, not iconv-lite) from the bundle', async () => {
    const raw = [
      'From: sender@example.com',
      'Subject: =?ISO-2022-JP?B?GyRCMnE1RBsoQg==?=',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=ISO-2022-JP',
      'Content-Transfer-Encoding: 7bit',
      '',
      '\x1b$B$3$s$K$A$O\x1b(B',
      '',
    ].join('\r\n');
    const js = readFileSync(join(outdir, 'render.js'), 'utf8');
    assert.match(js, /require\("\.\/encoding-japanese\.js"\)/);
    assert.ok(!js.includes('polygonplanet'), 'encoding-japanese found inside the bundle');
    const m = await bundled.parseMessage(fromBytes(Buffer.from(raw, 'latin1')));
    assert.equal(m.headers.subject, '会議');
    assert.equal(m.body, 'こんにちは');
    assert.ok(require.cache[join(outdir, 'encoding-japanese.js')], 'encoding-japanese.js was not loaded from beside the bundle');
  });

  it('packages every file the bundle loads from beside it (.vscodeignore lets them into the .vsix)', () => {
    const allowed = readFileSync(join(ROOT, '.vscodeignore'), 'utf8')
      .split(/\r?\n/)
      .filter((line) => line.startsWith('!dist/'))
      .map((line) => line.slice(1));
    const shipped = (file: string) => allowed.some((p) => (p.endsWith('/**') ? file.startsWith(p.slice(0, -2)) : file === p));
    const beside = readdirSync(outdir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name !== 'render.js')
      .map((e) => `dist/${join(e.parentPath, e.name).slice(outdir.length + 1).split('\\').join('/')}`);
    assert.ok(beside.includes('dist/encoding-japanese.js') && beside.some((f) => f.startsWith('dist/iconv-tables/')), beside.join(', '));
    for (const file of beside) assert.ok(shipped(file), `${file} is loaded by the bundle but left out of the .vsix by .vscodeignore`);
  });

  it('renders every fixture mail the same from the bundle as from source', async () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.eml'));
    assert.ok(files.length > 50, 'fixture corpus missing');
    for (const file of files) {
      const message = fromBytes(readFileSync(join(FIXTURES, file)));
      assert.deepEqual(await bundled.parseMessage(message), await source.parseMessage(message), file);
    }
  });

  // Our source importing a stubbed package at all is an eslint error (eslint.config.mjs); a name its stub lacks also fails the build.
  it('fails the build when our source takes from a package the bundle leaves out a name its stub lacks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-stub-'));
    try {
      const options = await bundleOptions(dir, {});
      delete options.entryPoints;
      await assert.rejects(
        esbuild.build({ ...options, stdin: { contents: "import { CORS_IS_POSSIBLE } from '@modelcontextprotocol/server/_shims'; export const c = CORS_IS_POSSIBLE;", resolveDir: join(ROOT, 'src'), sourcefile: 'src/probe.ts', loader: 'ts' } }),
        /No matching export in "[^"]*stubs\/mcp-server-shims\.mjs" for import "CORS_IS_POSSIBLE"/,
      );
      assert.ok(!existsSync(join(dir, 'stdin.js')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
