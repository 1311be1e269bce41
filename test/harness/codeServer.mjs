// Runs a real VS Code (code-server 4.139.1 = VS Code 1.139.1, see /work/shared/REAL-VSCODE.md) headless for
// tests: extension tests in extension-test mode, and normal windows that Playwright drives and screenshots.
// Plain ESM on the machine's Node 20; code-server itself runs on the cached Node 24.
//
// Everything a run writes (HOME, TMPDIR, XDG_*, user data, extensions, browser profile) lives in a scratch
// folder under .test-output/runs/, removed on stop() unless HARNESS_KEEP_SCRATCH=1; logs and screenshots stay
// in .test-output/logs and .test-output/screenshots. Every server and browser started here is stopped on
// stop()/close(), on SIGINT/SIGTERM, and (forcefully) when this process exits.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE_DIR = process.env.VSCODE_TEST_CACHE ?? path.join(ROOT, '.vscode-test-cache');
export const NODE24 = path.join(CACHE_DIR, 'node-24.21.0/bin/node');
export const CODE_SERVER_ENTRY = path.join(CACHE_DIR, 'code-server-4.139.1/node_modules/code-server/out/node/entry.js');
export const OUTPUT_DIR = path.join(ROOT, '.test-output');
export const SCREENSHOT_DIR = path.join(OUTPUT_DIR, 'screenshots');
export const LOG_DIR = path.join(OUTPUT_DIR, 'logs');
export const CHROMIUM = process.env.HARNESS_CHROMIUM ?? '/usr/bin/chromium';
/** Printed by test/integration/index.ts after mocha finishes. */
export const RESULT_MARKER = '[integration-result]';
/** test/integration/testOutput.ts prefixes the lines meant for the output with this (see there why). */
export const EXT_HOST_MARKER = '[ext-host] ';

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** Settings every test window gets; a caller's settings override them. */
const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
};

// ---------------------------------------------------------------------------------------------------------
// Cleanup of everything started here, also on Ctrl-C and on a crash of the test runner.

const running = new Set(); // { stop(): Promise<void>, killNow(): void }
let signalHandlersInstalled = false;

function track(resource) {
  if (!signalHandlersInstalled) {
    signalHandlersInstalled = true;
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
      process.once(signal, () => {
        console.error(`\n[harness] ${signal}: stopping code-server and browsers`);
        stopAll().finally(() => process.exit(code));
      });
    }
    process.once('exit', () => { for (const r of running) r.killNow(); });
  }
  running.add(resource);
  return () => running.delete(resource);
}

/** Stops every code-server and browser this process started and has not stopped yet. */
export async function stopAll() {
  await Promise.allSettled([...running].map((r) => r.stop()));
}

// ---------------------------------------------------------------------------------------------------------

/** Installs (idempotently) Node 24, code-server and chromium; throws if the install script fails. */
export function ensureCache() {
  if (process.env.HARNESS_SKIP_CACHE_CHECK === '1' && existsSync(CODE_SERVER_ENTRY)) return;
  const result = spawnSync('bash', [path.join(ROOT, 'scripts/install-vscode-test-cache.sh')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`scripts/install-vscode-test-cache.sh failed (exit ${result.status ?? result.signal})`);
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function runId(prefix) {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  return `${prefix}-${stamp}-${process.pid}-${Math.random().toString(36).slice(2, 7)}`;
}

/**
 * Scratch folder with the HOME/TMPDIR/XDG layout a server or browser writes into. TMPDIR and XDG_RUNTIME_DIR hold
 * unix sockets (VS Code's vscode-ipc-<uuid>.sock, our mcp.sock), whose paths may not pass 107 bytes: when the
 * scratch folder's own would (a clone at a long path), they live in a short private folder under /tmp instead,
 * linked from the scratch folder as `sockets` and removed with it.
 */
function makeScratch(id) {
  const dir = path.join(OUTPUT_DIR, 'runs', id);
  for (const sub of ['home', 'xdg/config', 'xdg/data', 'xdg/cache', 'xdg/state', 'user-data/User', 'extensions']) {
    mkdirSync(path.join(dir, sub), { recursive: true });
  }
  const socketsDir = fitsSockets(dir) ? path.join(dir, 'sockets') : mkdtempSync('/tmp/gmcp-');
  if (socketsDir !== path.join(dir, 'sockets')) symlinkSync(socketsDir, path.join(dir, 'sockets'));
  mkdirSync(path.join(socketsDir, 'tmp'), { recursive: true, mode: 0o700 });
  mkdirSync(path.join(socketsDir, 'runtime'), { recursive: true, mode: 0o700 });
  return dir;
}

// The longest socket name that goes into TMPDIR or XDG_RUNTIME_DIR: VS Code's vscode-ipc-<36-char uuid>.sock.
const LONGEST_SOCKET_NAME = `/sockets/runtime/vscode-ipc-${'x'.repeat(36)}.sock`;
function fitsSockets(dir) {
  return Buffer.byteLength(dir + LONGEST_SOCKET_NAME) <= 107;
}

/** Removes a scratch folder and the short socket folder it links to, if any. */
function removeScratch(dir, retry = {}) {
  const link = path.join(dir, 'sockets');
  try {
    if (lstatSync(link).isSymbolicLink()) rmSync(readlinkSync(link), { recursive: true, force: true, ...retry });
  } catch { /* never made */ }
  rmSync(dir, { recursive: true, force: true, ...retry });
}

function scratchEnv(dir) {
  return {
    HOME: path.join(dir, 'home'),
    TMPDIR: path.join(realpathSync(path.join(dir, 'sockets')), 'tmp'),
    XDG_CONFIG_HOME: path.join(dir, 'xdg/config'),
    XDG_DATA_HOME: path.join(dir, 'xdg/data'),
    XDG_CACHE_HOME: path.join(dir, 'xdg/cache'),
    XDG_STATE_HOME: path.join(dir, 'xdg/state'),
    XDG_RUNTIME_DIR: path.join(realpathSync(path.join(dir, 'sockets')), 'runtime'),
  };
}

/** The parent's environment minus what would leak into or confuse the server (a VS Code terminal, tsx). */
function inheritedEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key.startsWith('npm_') || key === 'NODE_OPTIONS' || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
  }
  return env;
}

function killGroup(pid, signal) {
  try { process.kill(-pid, signal); } catch { /* already gone */ }
}

/**
 * Starts code-server on a free 127.0.0.1 port and waits for /healthz.
 * @param {{
 *   folder?: string,                    workspace folder to open (default: an empty scratch folder)
 *   extensionDevelopmentPath?: string,  recorded on the result for openWorkbench/workbenchUrl (the URL's payload
 *                                       loads it); turns smokeTestDriver on, without which the payload is ignored
 *   extensionsDir?: string,             default: an empty scratch folder (so no stray extension loads)
 *   settings?: Record<string, unknown>, merged over BASE_SETTINGS into <userDataDir>/User/settings.json
 *   env?: Record<string, string>,       extra environment for the server and so for the extension host
 *   smokeTestDriver?: boolean,          --vscode-option enable-smoke-test-driver; default: whether
 *                                       extensionDevelopmentPath is set (needed for any URL payload)
 *   name?: string,                      prefix of the scratch folder and log file
 *   workspaceTrust?: boolean,           true: workspace trust on (VS Code's default) and the folder opens untrusted,
 *                                       in Restricted Mode, without the startup prompt; default off
 *                                       (--disable-workspace-trust)
 *   startTimeoutMs?: number,
 * }} [options]
 * @returns {Promise<{ url: string, port: number, folder: string, userDataDir: string, extensionsDir: string,
 *   scratchDir: string, logFile: string, pid: number, extensionDevelopmentPath?: string,
 *   exited: Promise<number | null>, stop(): Promise<void> }>}
 */
export async function startCodeServer(options = {}) {
  const { settings = {}, env = {}, name = 'code-server', startTimeoutMs = 60_000, workspaceTrust = false } = options;
  // The built workbench reads the URL's payload (extensionDevelopmentPath, extensionTestsPath) only when the
  // smoke-test driver is enabled; it changes nothing else a test sees (dialogs stay real without extensionTestsPath).
  const smokeTestDriver = options.smokeTestDriver ?? Boolean(options.extensionDevelopmentPath);
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server is not installed at ${CODE_SERVER_ENTRY}: call ensureCache() first`);
  const id = runId(name);
  const scratchDir = makeScratch(id);
  const userDataDir = path.join(scratchDir, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(scratchDir, 'extensions');
  const folder = options.folder ?? path.join(scratchDir, 'workspace');
  mkdirSync(folder, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const trustSettings = workspaceTrust
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'always' }
    : {};
  writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...trustSettings, ...settings }, null, 2));
  const configFile = path.join(scratchDir, 'config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${id}.code-server.log`);
  const log = createWriteStream(logFile);

  const port = await freePort();
  const args = [
    CODE_SERVER_ENTRY, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', ...(workspaceTrust ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', configFile,
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    folder,
  ];
  const child = spawn(NODE24, args, {
    cwd: scratchDir,
    env: { ...inheritedEnv(), ...scratchEnv(scratchDir), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stop() also ends the extension host, pty host and watchers
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));

  let stopping;
  const resource = {
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          killGroup(child.pid, 'SIGTERM');
          const gone = await Promise.race([exited.then(() => true), delay(5_000).then(() => false)]);
          if (!gone) {
            killGroup(child.pid, 'SIGKILL');
            await Promise.race([exited, delay(2_000)]);
          }
        }
        killGroup(child.pid, 'SIGKILL'); // stragglers of the group (an extension host that outlived the server)
        untrack();
        await new Promise((resolve) => log.end(resolve));
        if (process.env.HARNESS_KEEP_SCRATCH !== '1') removeScratch(scratchDir, { maxRetries: 3 });
      })();
      return stopping;
    },
    killNow() {
      killGroup(child.pid, 'SIGKILL');
      if (process.env.HARNESS_KEEP_SCRATCH !== '1') removeScratch(scratchDir);
    },
  };
  const untrack = track(resource);

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealthz(url, exited, startTimeoutMs, logFile);
  } catch (error) {
    await resource.stop();
    throw error;
  }
  return {
    url, port, folder, userDataDir, extensionsDir, scratchDir, logFile, pid: child.pid,
    extensionDevelopmentPath: options.extensionDevelopmentPath, exited, stop: resource.stop,
  };
}

function delay(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }

async function waitForHealthz(url, exited, timeoutMs, logFile) {
  let exitCode;
  exited.then((code) => { exitCode = code ?? 'signal'; });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`code-server exited (${exitCode}) before it was healthy; see ${logFile}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch { /* not listening yet */ }
    await delay(100);
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms; see ${logFile}`);
}

/**
 * Starts chromium (Playwright, /usr/bin/chromium) with a fresh profile.
 * @param {{ profileDir?: string, viewport?: { width: number, height: number }, env?: Record<string, string> }} [options]
 * @returns {Promise<{ context: import('playwright-core').BrowserContext, profileDir: string, close(): Promise<void> }>}
 */
export async function launchBrowser(options = {}) {
  const ownProfile = !options.profileDir;
  const profileDir = options.profileDir ?? path.join(OUTPUT_DIR, 'runs', runId('browser'));
  mkdirSync(profileDir, { recursive: true });
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: process.env.HARNESS_HEADED !== '1',
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1440, height: 900 },
    env: { ...process.env, ...(options.env ?? {}) },
    // Playwright's own handlers would exit the process before our stopAll() has stopped code-server.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  let closing;
  const resource = {
    stop() {
      closing ??= (async () => {
        await context.close().catch(() => undefined);
        untrack();
        if (ownProfile && process.env.HARNESS_KEEP_SCRATCH !== '1') rmSync(profileDir, { recursive: true, force: true, maxRetries: 3 });
      })();
      return closing;
    },
    killNow() {
      const pid = context.browser()?.process?.()?.pid;
      if (pid) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
      if (ownProfile && process.env.HARNESS_KEEP_SCRATCH !== '1') rmSync(profileDir, { recursive: true, force: true });
    },
  };
  const untrack = track(resource);
  return { context, profileDir, close: resource.stop };
}

/**
 * The workbench URL for a server: ?folder=...&payload=... with vscode-remote URIs of the same authority.
 * @param {{ url: string, folder?: string, extensionDevelopmentPath?: string, extensionTestsPath?: string }} options
 */
export function workbenchUrl({ url, folder, extensionDevelopmentPath, extensionTestsPath }) {
  const base = new URL(url);
  const remote = (p) => `vscode-remote://${base.host}${path.resolve(p)}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const target = new URL('/', base);
  if (folder) target.searchParams.set('folder', path.resolve(folder));
  if (payload.length > 0) target.searchParams.set('payload', JSON.stringify(payload));
  return target.href;
}

/** Saves a full-window PNG as .test-output/screenshots/<name>.png; returns its path. */
export async function screenshot(page, name) {
  const safe = name.replace(/[^\w.-]+/g, '_');
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${safe}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * Opens a NORMAL VS Code window (no extensionTestsPath: dialogs are real) on a running server and waits until
 * the workbench has rendered. With extensionDevelopmentPath the extension loads from source through the URL's
 * payload (the server must have been started with extensionDevelopmentPath or smokeTestDriver); otherwise
 * whatever is in the server's extensions dir loads (see installVsix). `server` supplies url, folder and
 * extensionDevelopmentPath unless given.
 * @param {{ server?: { url: string, folder: string, extensionDevelopmentPath?: string },
 *   url?: string, folder?: string, extensionDevelopmentPath?: string,
 *   context?: import('playwright-core').BrowserContext, timeoutMs?: number }} options
 * @returns {Promise<{ page: import('playwright-core').Page, context: import('playwright-core').BrowserContext,
 *   close(): Promise<void> }>}  close() closes the page, and the browser too when this call launched it
 */
export async function openWorkbench(options) {
  const { server, context, timeoutMs = 60_000 } = options;
  const url = options.url ?? server?.url;
  const folder = options.folder ?? server?.folder;
  const extensionDevelopmentPath = options.extensionDevelopmentPath ?? server?.extensionDevelopmentPath;
  if (!url) throw new Error('openWorkbench needs url or server');
  const browser = context ? undefined : await launchBrowser();
  const ctx = context ?? browser.context;
  const page = browser ? (ctx.pages()[0] ?? await ctx.newPage()) : await ctx.newPage();
  try {
    await page.goto(workbenchUrl({ url, folder, extensionDevelopmentPath }), { timeout: timeoutMs });
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
  } catch (error) {
    await screenshot(page, `openWorkbench-failure-${Date.now()}`).catch(() => undefined);
    await (browser ? browser.close() : page.close());
    throw error;
  }
  return {
    page,
    context: ctx,
    close: async () => { await (browser ? browser.close() : page.close().catch(() => undefined)); },
  };
}

/**
 * Installs a .vsix into an extensions dir with code-server's CLI (run before startCodeServer({ extensionsDir })).
 * @param {{ vsixPath: string, extensionsDir: string }} options
 */
export async function installVsix({ vsixPath, extensionsDir }) {
  const id = runId('install-vsix');
  const scratchDir = makeScratch(id);
  try {
    const result = spawnSync(NODE24, [CODE_SERVER_ENTRY, '--extensions-dir', extensionsDir,
      '--user-data-dir', path.join(scratchDir, 'user-data'), '--install-extension', path.resolve(vsixPath), '--force'], {
      env: { ...inheritedEnv(), ...scratchEnv(scratchDir) }, encoding: 'utf8', timeout: 120_000,
    });
    if (result.status !== 0) throw new Error(`installing ${vsixPath} failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  } finally {
    removeScratch(scratchDir);
  }
}

/** Renders the args VS Code hands codeAutomationLog (an array of console arguments) as one line of text. */
function formatLogArgs(args) {
  if (!Array.isArray(args)) return String(args);
  return format(...args);
}

/**
 * Runs an extension's mocha suite in code-server (extension-test mode) and streams its output to stdout.
 * @param {{
 *   extensionPath: string,                  extension under test (extensionDevelopmentPath)
 *   testsEntry: string,                     absolute path of a bundled CommonJS file exporting run()
 *   folder?: string,                        workspace folder (default: an empty scratch folder)
 *   env?: Record<string, string>,           extra environment for the extension host
 *   settings?: Record<string, unknown>,     user settings
 *   extensionsDir?: string,                 other extensions to load (e.g. a test-only model provider)
 *   onPage?: (page, server) => void | Promise<void>,   called with the workbench page once it is loading
 *   onPopup?: (page) => void | Promise<void>,          called for every other page (vscode.env.openExternal)
 *   timeoutMs?: number,                     whole run, start to exit (default 10 min)
 *   name?: string,                          used for log, screenshot and scratch names
 *   output?: (line: string) => void,        where the streamed test output goes (default: stdout)
 * }} options
 * @returns {Promise<{ exitCode: number, passed: number | undefined, failed: number | undefined,
 *   pending: number | undefined, timedOut: boolean, durationMs: number, logFile: string,
 *   screenshot?: string }>}  passed/failed are undefined when the suite never reported (crash, timeout)
 */
export async function runExtensionTests(options) {
  const started = Date.now();
  const { extensionPath, testsEntry, env = {}, settings = {}, onPage, onPopup, timeoutMs = 10 * 60_000, name = 'integration' } = options;
  const output = options.output ?? ((line) => process.stdout.write(`${line}\n`));
  if (!path.isAbsolute(testsEntry) || !existsSync(testsEntry)) throw new Error(`testsEntry must be an existing absolute path: ${testsEntry}`);
  if (!existsSync(path.join(extensionPath, 'package.json'))) throw new Error(`no package.json in extensionPath ${extensionPath}`);

  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${runId(name)}.tests.log`);
  const log = createWriteStream(logFile);
  const emit = (line) => { output(line); log.write(`${line}\n`); };
  const phase = (what) => log.write(`[harness] +${Date.now() - started} ms ${what}\n`);

  let server;
  let browser;
  let page;
  const result = { exitCode: 1, passed: undefined, failed: undefined, pending: undefined, timedOut: false, durationMs: 0, logFile };
  let timer;
  const timedOut = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
  // The whole run, start to exit, races the deadline; after a timeout, `work` may still be starting things,
  // which the finally block waits for (briefly) so that it can stop them too.
  const work = (async () => {
    server = await startCodeServer({
      name, folder: options.folder, settings, env, smokeTestDriver: true,
      extensionDevelopmentPath: extensionPath, extensionsDir: options.extensionsDir,
    });
    phase(`code-server healthy on ${server.url}`);
    browser = await launchBrowser();
    phase('browser started');
    page = browser.context.pages()[0] ?? await browser.context.newPage();

    let reportExit;
    const exitReported = new Promise((resolve) => { reportExit = resolve; });
    // Every window log line arrives here; the suite's own lines carry EXT_HOST_MARKER. Only those go to the
    // output (HARNESS_VERBOSE=1: all of them); the log file gets everything.
    const verbose = process.env.HARNESS_VERBOSE === '1';
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const text = formatLogArgs(args);
      const fromSuite = text.startsWith(EXT_HOST_MARKER);
      const body = fromSuite ? text.slice(EXT_HOST_MARKER.length) : text;
      for (const line of body.split('\n')) {
        if (fromSuite && line.startsWith(RESULT_MARKER)) {
          try { Object.assign(result, pickCounts(JSON.parse(line.slice(RESULT_MARKER.length)))); } catch { /* keep undefined */ }
          log.write(`${line}\n`);
          continue;
        }
        const tagged = level === 'error' || level === 'warn' ? `[${level}] ${line}` : line;
        if (fromSuite || verbose) output(tagged);
        log.write(`${fromSuite ? '' : `[window +${Date.now() - started}] `}${tagged}\n`);
      }
    });
    await page.exposeFunction('codeAutomationExit', async (code, logs) => {
      // logs: the window's log files ({ relativePath, contents }[]); keep them next to the test log.
      if (Array.isArray(logs) && logs.length > 0) {
        const dir = logFile.replace(/\.tests\.log$/, '.window-logs');
        for (const { relativePath, contents } of logs) {
          const file = path.join(dir, relativePath);
          if (!file.startsWith(dir + path.sep)) continue;
          await mkdir(path.dirname(file), { recursive: true });
          await writeFile(file, contents);
        }
      }
      reportExit(typeof code === 'number' ? code : 1);
    });
    page.on('pageerror', (error) => log.write(`[pageerror] ${error.message}\n`));
    browser.context.on('page', (popup) => {
      if (popup === page) return;
      log.write(`[popup] ${popup.url()}\n`);
      if (!onPopup) return;
      Promise.resolve().then(() => onPopup(popup)).catch((error) => emit(`[harness] onPopup failed: ${error.stack ?? error}`));
    });

    const serverDied = server.exited.then((code) => `code-server exited (${code})`);
    await page.goto(workbenchUrl({ url: server.url, folder: server.folder, extensionDevelopmentPath: extensionPath, extensionTestsPath: testsEntry }));
    phase('workbench page loaded');
    if (onPage) await onPage(page, server);
    return Promise.race([exitReported, serverDied]);
  })();

  try {
    const outcome = await Promise.race([work, timedOut]);
    phase(`outcome: ${outcome}`);
    if (typeof outcome === 'number') {
      result.exitCode = outcome;
    } else {
      result.timedOut = outcome === 'timeout';
      emit(`[harness] ${outcome === 'timeout' ? `timed out after ${timeoutMs} ms` : outcome}`);
    }
    if (result.exitCode === 0 && result.failed === undefined) {
      emit('[harness] the suite exited 0 but never reported its counts');
      result.exitCode = 1;
    }
  } catch (error) {
    emit(`[harness] ${error.stack ?? error}`);
  } finally {
    clearTimeout(timer);
    if (result.exitCode !== 0 && page) {
      result.screenshot = await screenshot(page, `${name}-failure-${Date.now()}`).catch(() => undefined);
      if (result.screenshot) emit(`[harness] screenshot: ${path.relative(ROOT, result.screenshot)}`);
    }
    await browser?.close();
    await server?.stop();
    // A timeout during startup: let the step in flight finish (it has its own timeouts), then stop what it made.
    await Promise.race([work.catch(() => undefined), delay(15_000)]);
    await browser?.close();
    await server?.stop();
    phase('browser and code-server stopped');
    result.durationMs = Date.now() - started;
    await new Promise((resolve) => log.end(resolve));
  }
  return result;
}

function pickCounts(counts) {
  const out = {};
  for (const key of ['passed', 'failed', 'pending']) if (Number.isInteger(counts?.[key])) out[key] = counts[key];
  return out;
}
