import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { OUTPUT_DIR, ROOT, ensureCache, openWorkbench, screenshot, startCodeServer, stopAll } from '../test/harness/codeServer.mjs';
import { runCommand, answerInput } from '../test/harness/workbenchDriver.mjs';
let google, server, wb;
try {
  ensureCache();
  const { startFakeGoogleService } = await tsImport('../test/harness/fakeGoogleService.ts', import.meta.url);
  google = await startFakeGoogleService(path.join(OUTPUT_DIR, 'probe2'));
  server = await startCodeServer({ name: 'probe2', extensionDevelopmentPath: ROOT, env: { GMAIL_TOOLS_FAKE_GOOGLE_URL: google.env.GMAIL_TOOLS_FAKE_GOOGLE_URL } });
  wb = await openWorkbench({ server });
  const { page } = wb;
  page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text().slice(0, 200)); });
  await page.waitForTimeout(3000);
  await runCommand(page, 'Gmail: Get Started with Gmail Tools');
  await page.waitForTimeout(4000);
  console.log('A', await page.locator('.getting-started-step', { hasText: 'Import the client JSON' }).first().isVisible());
  await screenshot(page, 'probe2-A');
  await runCommand(page, 'Welcome: Open Walkthrough');
  await page.waitForTimeout(1000);
  console.log('PICK', (await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts()).join(' | ').slice(0, 400));
  await answerInput(page, 'Get started with Gmail Tools');
  await page.waitForTimeout(3000);
  console.log('B', await page.locator('.getting-started-step', { hasText: 'Import the client JSON' }).first().isVisible());
  await runCommand(page, 'Gmail: Get Started with Gmail Tools');
  await page.waitForTimeout(3000);
  console.log('C', await page.locator('.getting-started-step', { hasText: 'Import the client JSON' }).first().isVisible());
} catch (e) { console.log('ERR', e.message); }
finally { await wb?.close().catch(() => {}); await server?.stop().catch(() => {}); await google?.stop().catch(() => {}); await stopAll(); }
