// `npm run test:vsix`: what a user gets from the Marketplace, checked in a real VS Code. Builds the .vsix the
// way a release does (`npm run package`), checks it carries only runtime files, installs it into a fresh
// code-server extensions dir with `--install-extension`, opens a NORMAL window (no development path, no test
// payload) and checks like a user would: the extension activated, its activity-bar view and welcome text are
// there, its commands are in the palette, and its walkthrough opens. Then once more with workspace trust on and the
// folder untrusted (Restricted Mode, as a user opening a cloned repository sees it): the extension still activates
// (capabilities.untrustedWorkspaces: limited), its view shows, it logs what it turned off, and trusting the folder
// reaches it without a reload.
// Screenshots: .test-output/screenshots/vsix-*.png.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { OUTPUT_DIR, ROOT, ensureCache, installVsix, openWorkbench, screenshot, startCodeServer, stopAll } from './codeServer.mjs';
import { createStepReport, runCommand, showViewContainer, until } from './workbenchDriver.mjs';

const started = Date.now();
const report = createStepReport();
const { step } = report;
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const extensionId = `${manifest.publisher}.${manifest.name}`;
const runDir = path.join(OUTPUT_DIR, 'vsix');
const vsix = path.join(runDir, `${manifest.name}-${manifest.version}.vsix`);

/** Files a published extension needs at run time; anything else in the .vsix is a packaging mistake. */
const RUNTIME_FILE = /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE(\.txt)?|dist\/(extension|server|attachmentWorker|mailWorker)\.js|dist\/encoding-japanese\.js|dist\/(injectionModel|unhomoglyph-data)\.json|dist\/iconv-tables\/[\w-]+\.json|media\/[\w/.-]+\.(svg|png))$/;
const PACKAGE_METADATA = new Set(['[Content_Types].xml', 'extension.vsixmanifest']);

function findFiles(dir, matches) {
  const found = [];
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (entry.isFile() && matches(entry.name)) found.push(path.join(entry.parentPath ?? entry.path, entry.name));
    }
  } catch { /* no logs yet */ }
  return found;
}

let server;
let workbench;
try {
  ensureCache();
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });

  await step('npm run package builds the .vsix', async () => {
    const built = spawnSync('npm', ['run', 'package', '--', '--out', vsix], { cwd: ROOT, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`npm run package failed:\n${built.stdout}\n${built.stderr}`);
  });

  await step('the .vsix holds only runtime files (bundle, media, manifest, README, CHANGELOG, LICENSE)', async () => {
    const listing = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' });
    if (listing.status !== 0) throw new Error(`unzip -Z1 failed: ${listing.stderr}`);
    const files = listing.stdout.split('\n').filter(Boolean);
    const unexpected = files.filter((f) => !PACKAGE_METADATA.has(f) && !RUNTIME_FILE.test(f));
    if (unexpected.length) throw new Error(`files that are not runtime files: ${unexpected.join(', ')}`);
    for (const needed of ['extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/attachmentWorker.js', 'extension/dist/mailWorker.js', 'extension/changelog.md', 'extension/media/walkthrough/create-client.svg']) {
      if (!files.includes(needed)) throw new Error(`${needed} is missing from the .vsix`);
    }
    console.log(`    ${files.length} files`);
  });

  const extensionsDir = path.join(runDir, 'extensions');
  await step('code-server --install-extension installs it', async () => {
    mkdirSync(extensionsDir, { recursive: true });
    await installVsix({ vsixPath: vsix, extensionsDir });
    const installed = readdirSync(extensionsDir).filter((d) => d.startsWith(`${extensionId}-`));
    if (installed.length !== 1) throw new Error(`expected one ${extensionId}-* folder, found: ${readdirSync(extensionsDir).join(', ')}`);
  });

  server = await startCodeServer({ name: 'vsix', extensionsDir });
  workbench = await openWorkbench({ server });
  const { page } = workbench;

  await step('in a normal window its view is in the activity bar with the welcome text', async () => {
    await showViewContainer(page, 'Gmail Tools', page.getByText('No Gmail tool calls yet').first());
    await screenshot(page, 'vsix-view');
  });

  await step('the extension activated from the installed folder: its status-bar switch and its log line', async () => {
    // The pause switch is created in activate(); a manifest-only load would show the view but not this.
    await page.locator('.statusbar-item', { hasText: 'Gmail tools' }).first().waitFor({ timeout: 30_000 });
    const activation = new RegExp(`_doActivateExtension ${extensionId.replace('.', '\\.')}`, 'i');
    const line = await until('the activation line in the extension host log', () => {
      for (const log of findFiles(path.join(server.userDataDir, 'logs'), (name) => name.endsWith('.log'))) {
        const text = readFileSync(log, 'utf8');
        if (activation.test(text)) return `${path.basename(log)}: ${text.split('\n').find((l) => activation.test(l)).trim()}`;
      }
      return false;
    }, 15_000);
    console.log(`    ${line.slice(0, 200)}`);
    const failed = new RegExp(`Activating extension '?${extensionId.replace('.', '\\.')}'? failed`, 'i');
    for (const log of findFiles(path.join(server.userDataDir, 'logs'), (name) => name.endsWith('.log'))) {
      if (failed.test(readFileSync(log, 'utf8'))) throw new Error(`the activation failed: see ${log}`);
    }
  });

  await step('its commands are in the command palette', async () => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('>Gmail: ');
    const titles = await until('the Gmail commands', async () => {
      const rows = await page.locator('.quick-input-widget .monaco-list-row .label-name').allTextContents();
      return rows.length >= 5 ? rows : false;
    }, 15_000);
    for (const title of ['Gmail: Sign In to Google', 'Gmail: Import OAuth Client (client_secret JSON)', 'Gmail: Pause Gmail Tools (kill switch)']) {
      await input.fill(`>${title}`);
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
    }
    console.log(`    e.g. ${titles.slice(0, 3).join(' | ')}`);
    await screenshot(page, 'vsix-commands');
    await page.keyboard.press('Escape');
  });

  await step('its walkthrough opens at the OAuth client step', async () => {
    await runCommand(page, 'Welcome: Open Walkthrough...');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Get started with Gmail Tools' }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await page.getByText('Create a Google Cloud OAuth client (Desktop app)').first().waitFor({ timeout: 15_000 });
    await page.getByText('refresh tokens after 7 days', { exact: false }).first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'vsix-walkthrough');
  });

  await workbench.close();
  workbench = undefined;
  await server.stop();
  server = await startCodeServer({ name: 'vsix-restricted', extensionsDir, workspaceTrust: true });
  workbench = await openWorkbench({ server });
  const restricted = workbench.page;

  await step('with workspace trust on, the untrusted folder opens in Restricted Mode', async () => {
    await restricted.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
  });

  await step('in Restricted Mode its view is in the activity bar with the welcome text', async () => {
    await showViewContainer(restricted, 'Gmail Tools', restricted.getByText('No Gmail tool calls yet').first());
    await screenshot(restricted, 'vsix-restricted-view');
  });

  await step('in Restricted Mode it activated and logged what it turned off', async () => {
    await restricted.locator('.statusbar-item', { hasText: 'Gmail tools' }).first().waitFor({ timeout: 30_000 });
    const line = await until('the Restricted Mode line in the Gmail Tools log', () => {
      for (const log of findFiles(path.join(server.userDataDir, 'logs'), (name) => name.endsWith('.log'))) {
        const found = readFileSync(log, 'utf8').split('\n').find((l) => l.includes('Restricted Mode: files from this workspace are not attached'));
        if (found) return found.trim();
      }
      return false;
    }, 15_000);
    console.log(`    ${line.slice(0, 200)}`);
    await screenshot(restricted, 'vsix-restricted-activated');
  });

  await step('trusting the folder (Manage Workspace Trust, Trust) reaches the extension without a reload', async () => {
    await runCommand(restricted, 'Workspaces: Manage Workspace Trust');
    const trust = restricted.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust/ }).first();
    await trust.waitFor({ timeout: 15_000 });
    await trust.click();
    await restricted.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'detached', timeout: 15_000 });
    const line = await until('the trust line in the Gmail Tools log', () => {
      for (const log of findFiles(path.join(server.userDataDir, 'logs'), (name) => name.endsWith('.log'))) {
        const found = readFileSync(log, 'utf8').split('\n').find((l) => l.includes('The workspace is trusted now'));
        if (found) return found.trim();
      }
      return false;
    }, 15_000);
    console.log(`    ${line.slice(0, 200)}`);
    await screenshot(restricted, 'vsix-trusted');
  });
} catch (error) {
  report.fail('vsix smoke', error);
  if (workbench) await screenshot(workbench.page, `vsix-failure-${Date.now()}`).catch(() => undefined);
} finally {
  await workbench?.close().catch(() => undefined);
  await server?.stop().catch(() => undefined);
  await stopAll();
}
console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(report.summary() ? 1 : 0);
