/**
 * B4 footprint in a real VS Code (code-server 1.139.1 through test/harness/codeServer.mjs): activation time of the
 * extension and the extension host's memory growth after reading 1,000 messages with read_message through
 * vscode.lm.invokeTool (VS Code's MCP client -> unix socket -> our server in the same extension host).
 * The fake Google serves 1,020 distinct messages (the fixture corpus, copied with fresh Message-IDs), no latency,
 * Gmail's real per-user quota; the extension's own limiter paces the reads.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build as esbuildBuild, type BuildOptions } from 'esbuild';
import type { Page } from 'playwright-core';
import { createFakeGoogle, DEFAULT_ACCOUNT } from '../../test/fakeGoogle';
import { startFakeAdmin } from '../../test/fakeGoogle/adminServer';
import { figure, mb, ms, runStandalone, type Figure } from '../report';

const ROOT = resolve(__dirname, '../..');
const MESSAGES = 1_020;
const RESULT_PREFIX = 'BENCH_RESULT ';

/** The fixture corpus copied until there are `count` messages, each copy with its own Message-ID. */
function corpusCopies(count: number): Buffer[] {
  const dir = join(ROOT, 'test/fixtures/mail');
  const files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().map((f) => readFileSync(join(dir, f)));
  return Array.from({ length: count }, (_, i) => {
    const raw = files[i % files.length].toString('latin1');
    const renamed = raw.replace(/^Message-ID:[ \t]*(?:\r?\n[ \t]+)?<[^>]*>/im, `Message-ID: <copy-${i}@bench.example>`);
    return Buffer.from(renamed, 'latin1');
  });
}

interface HostResult {
  activeBeforeBench?: boolean;
  activationMs?: number;
  codeLoadingMs?: number;
  activateCallMs?: number;
  serverStartMs?: number;
  readMs?: number;
  messagesRead?: number;
  gcExposed?: boolean;
  before?: { heapUsed: number; heapTotal: number; rss: number; external: number };
  after?: { heapUsed: number; heapTotal: number; rss: number; external: number };
  afterSecondPass?: { heapUsed: number; heapTotal: number; rss: number; external: number };
  error?: string;
}

/** The parts of test/harness/codeServer.mjs (plain JS, no declarations) this benchmark uses. */
interface CodeServerHarness {
  readonly OUTPUT_DIR: string;
  ensureCache(): void;
  stopAll(): Promise<void>;
  runExtensionTests(options: {
    extensionPath: string;
    testsEntry: string;
    name?: string;
    env?: Record<string, string>;
    timeoutMs?: number;
    output?: (line: string) => void;
    onPopup?: (page: Page) => void | Promise<void>;
  }): Promise<{ exitCode: number; logFile: string }>;
}

const ACTIVATION_TARGET_MS = 50;

/**
 * Activation as VS Code's extension host records it (performance marks): from loading dist/extension.js to
 * activate() resolving. `production` measures the minified build the .vsix ships; the default is the
 * development build, which the other code-server runs use.
 */
function activationFigures(host: HostResult, build: string, note?: string): { figures: Figure[]; details: string[] } {
  // Ours: compiling and running dist/extension.js, then activate() until it resolves. The rest of VS Code's span
  // (willLoadExtensionCode .. didActivateExtension) is VS Code preparing the ExtensionContext (storage, secrets).
  const value = host.codeLoadingMs !== undefined && host.activateCallMs !== undefined ? host.codeLoadingMs + host.activateCallMs : undefined;
  return {
    figures: [
      figure('B4', `activation in code-server (${build} build: loading the code + activate())`, value !== undefined ? ms(value, 1) : 'n/a', `<= ${ACTIVATION_TARGET_MS} ms`,
        value !== undefined ? value <= ACTIVATION_TARGET_MS : undefined, value !== undefined ? undefined : note),
    ],
    details: [
      `B4: activation (${build} build), VS Code's marks: loading the code ${ms(host.codeLoadingMs ?? NaN, 1)} + activate() ${ms(host.activateCallMs ?? NaN, 1)}; ` +
        `from loading to activated, with VS Code's own ExtensionContext set-up, ${ms(host.activationMs ?? NaN, 1)} (VS Code had activated it before the bench asked: ${host.activeBeforeBench})`,
    ],
  };
}

/** Activation only: one code-server start, no reads (`npm run bench` runs it on the production build). */
export async function runActivationBench(options: { production?: boolean } = {}): Promise<{ figures: Figure[]; details: string[] }> {
  return runExtensionHostBench({ activationOnly: true, ...options });
}

export async function runExtensionHostBench(options: { activationOnly?: boolean; production?: boolean } = {}): Promise<{ figures: Figure[]; details: string[] }> {
  const harnessPath = '../../test/harness/codeServer.mjs';
  const bundleOptionsPath = '../../scripts/bundle/extensionHostBundle.mjs';
  const harness = (await import(harnessPath)) as CodeServerHarness;
  harness.ensureCache();
  const build = options.production ? 'production' : 'development';
  const buildExt = spawnSync(process.execPath, ['esbuild.mjs', ...(options.production ? ['--production'] : [])], { cwd: ROOT, encoding: 'utf8' });
  if (buildExt.status !== 0) throw new Error(`node esbuild.mjs failed: ${buildExt.stderr}`);
  const outDir = join(ROOT, 'dist-test');
  mkdirSync(outDir, { recursive: true });
  const testsEntry = join(outDir, 'bench-extension-host.js');
  const { extensionHostBundle } = (await import(bundleOptionsPath)) as { extensionHostBundle(options: BuildOptions): BuildOptions };
  await esbuildBuild(extensionHostBundle({ entryPoints: [join(__dirname, 'entry.ts')], outfile: testsEntry, sourcemap: false, logLevel: 'warning' }));

  const fake = await createFakeGoogle({ accounts: [{ address: DEFAULT_ACCOUNT, messages: corpusCopies(MESSAGES) }], autoConsent: false });
  const admin = await startFakeAdmin(fake);
  const scratch = join(harness.OUTPUT_DIR, 'bench');
  mkdirSync(scratch, { recursive: true });
  const clientJson = join(scratch, 'client_secret_bench.apps.googleusercontent.com.json');
  writeFileSync(clientJson, JSON.stringify({ installed: { client_id: fake.client.clientId, client_secret: fake.client.clientSecret, auth_uri: fake.endpoints.authUrl, token_uri: fake.endpoints.tokenUrl, redirect_uris: ['http://localhost'] } }));
  const idsFile = join(scratch, 'message-ids.json');
  writeFileSync(idsFile, JSON.stringify(fake.mailbox().allMessages().map((m) => m.id)));
  let host: HostResult = { error: 'the extension host never reported' };
  try {
    const run = await harness.runExtensionTests({
      extensionPath: ROOT,
      testsEntry,
      name: 'bench-extension-host',
      env: {
        GMAIL_TOOLS_FAKE_GOOGLE_URL: fake.baseUrl, FAKE_GOOGLE_CLIENT_JSON: clientJson, BENCH_MESSAGE_IDS: idsFile,
        ...(options.activationOnly ? { BENCH_ACTIVATION_ONLY: '1' } : {}),
      },
      timeoutMs: 180_000,
      output: (line: string) => {
        if (line.startsWith(RESULT_PREFIX)) host = JSON.parse(line.slice(RESULT_PREFIX.length)) as HostResult;
        else if (process.env.BENCH_VERBOSE) console.log(`  [ext-host] ${line}`);
      },
      onPopup: async (page: Page) => {
        await page.waitForLoadState('domcontentloaded').catch(() => undefined);
        if (!/\/o\/oauth2\/v2\/auth/.test(page.url())) return;
        await page.locator('#approve').click({ timeout: 15_000 });
        await page.close().catch(() => undefined);
      },
    });
    if (run.exitCode !== 0 && !host.before && !host.error) host.error = `code-server run ended with exit ${run.exitCode}; log ${run.logFile}`;
  } finally {
    await harness.stopAll();
    await admin.close();
    await fake.close();
    // The other code-server runs (tests, demo) use the development build in dist/: put it back.
    if (options.production) spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
  }
  if (options.activationOnly) return activationFigures(host, build, `not measured: ${(host.error ?? 'no activation marks').split('\n')[0]}`);
  const activation = activationFigures(host, build);
  if (host.error || !host.before || !host.after) {
    const note = `not measured: ${(host.error ?? 'no memory figures').split('\n')[0]}`;
    return {
      figures: [
        ...activationFigures(host, build, note).figures,
        figure('B4', 'extension-host memory growth after 1,000 reads', 'n/a', '< 50 MB', undefined, note),
      ],
      details: [`B4: extension host bench failed: ${host.error}`],
    };
  }
  const heapGrowth = host.after.heapUsed - host.before.heapUsed;
  const rssGrowth = host.after.rss - host.before.rss;
  const second = host.afterSecondPass;
  return {
    figures: [
      ...activation.figures,
      figure('B4', `extension-host heap growth after ${host.messagesRead} reads`, mb(heapGrowth), '< 50 MB', heapGrowth < 50 * 1024 * 1024),
      figure('B4', `extension-host RSS growth after ${host.messagesRead} reads`, mb(rssGrowth), '(reported)', undefined, 'the whole extension-host process, VS Code\'s MCP client and tool plumbing included'),
      ...(second
        ? [
            figure('B4', `extension-host heap growth over a second pass of the same ${host.messagesRead} reads`, mb(second.heapUsed - host.after.heapUsed), '(reported)', undefined, 'a leak would grow again here'),
            figure('B4', `extension-host RSS growth over a second pass of the same ${host.messagesRead} reads`, mb(second.rss - host.after.rss), '(reported)', undefined),
          ]
        : []),
    ],
    details: [
      ...activation.details,
      `B4: code-server: MCP server start until tools listed ${ms(host.serverStartMs ?? NaN, 0)}`,
      `B4: ${host.messagesRead} read_message calls via vscode.lm.invokeTool in ${((host.readMs ?? 0) / 1000).toFixed(1)} s (8 at a time; the client's quota limiter paces them); gc exposed: ${host.gcExposed}`,
      `B4: extension host after gc: heapUsed ${mb(host.before.heapUsed)} -> ${mb(host.after.heapUsed)}, heapTotal ${mb(host.before.heapTotal)} -> ${mb(host.after.heapTotal)}, ` +
        `external ${mb(host.before.external)} -> ${mb(host.after.external)}, rss ${mb(host.before.rss)} -> ${mb(host.after.rss)}` +
        (second ? `; after a second pass of the same reads: heapUsed ${mb(second.heapUsed)}, heapTotal ${mb(second.heapTotal)}, rss ${mb(second.rss)}` : ''),
    ],
  };
}

runStandalone(module, () => {
  const production = process.argv.includes('--production');
  return process.argv.includes('--activation') ? runActivationBench({ production }) : runExtensionHostBench({ production });
});
