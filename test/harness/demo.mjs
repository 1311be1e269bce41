// `npm run demo`: the product on the demo mailbox. Starts the fake Google (test/fixtures/mail, a consent page
// you answer yourself) and code-server with the extension installed from a freshly built .vsix, prints the
// URL and runs until Ctrl-C. `npm run demo -- --smoke` opens the workbench headless, takes a screenshot of
// the extension's view and stops (a check that the demo starts).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { OUTPUT_DIR, ROOT, ensureCache, installVsix, openWorkbench, screenshot, startCodeServer, stopAll } from './codeServer.mjs';

const smoke = process.argv.includes('--smoke');
const demoDir = path.join(OUTPUT_DIR, 'demo');
const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
};

let google;
try {
  ensureCache();
  rmSync(demoDir, { recursive: true, force: true });
  mkdirSync(demoDir, { recursive: true });
  run(process.execPath, ['esbuild.mjs', '--production']);
  const vsix = path.join(demoDir, 'gmail-tools.vsix');
  run('npx', ['--no-install', 'vsce', 'package', '--no-dependencies', '--allow-missing-repository', '-o', vsix]);
  const extensionsDir = path.join(demoDir, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  await installVsix({ vsixPath: vsix, extensionsDir });

  const { startFakeGoogleService } = await tsImport('./fakeGoogleService.ts', import.meta.url);
  google = await startFakeGoogleService(path.join(demoDir, 'fake-google'));
  const workspace = path.join(demoDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  copyFileSync(google.env.FAKE_GOOGLE_CLIENT_JSON, path.join(workspace, 'demo-oauth-client.json'));
  writeFileSync(
    path.join(workspace, 'DEMO.md'),
    [
      '# Gmail Tools demo (fake Google, demo mailbox)',
      '',
      '1. Command palette: **Gmail: Import OAuth Client (client_secret JSON)** and pick `demo-oauth-client.json`.',
      '2. **Gmail: Sign In to Google**: the fake Google consent page opens in a new tab; press **Allow**.',
      '3. **MCP: List Servers** > *Gmail demo.user@example.com* > Start; then use the tools from agent mode.',
      '4. The **Gmail Tools** icon in the activity bar shows every tool call.',
      '',
    ].join('\n'),
  );
  const server = await startCodeServer({
    name: 'demo',
    folder: workspace,
    extensionsDir,
    env: { GMAIL_TOOLS_FAKE_GOOGLE_URL: google.env.GMAIL_TOOLS_FAKE_GOOGLE_URL },
    settings: { 'workbench.startupEditor': 'none' },
  });
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
  if (smoke) {
    const { page, close } = await openWorkbench({ server });
    await page.locator('.activitybar [aria-label^="Gmail Tools"]').first().click({ timeout: 30_000 });
    await page.getByText('No Gmail tool calls yet').first().waitFor({ timeout: 30_000 });
    console.log(`[demo] screenshot ${path.relative(ROOT, await screenshot(page, 'demo-workbench'))}`);
    await close();
    await server.stop();
  } else {
    console.log(`\n[demo] fake Google: ${google.fake.baseUrl} (demo.user@example.com, ${google.fake.mailbox().size ?? 'demo'} messages)`);
    console.log(`[demo] open ${url}`);
    console.log('[demo] then follow DEMO.md in that window. Ctrl-C stops everything.\n');
    await new Promise((resolve) => {
      process.on('SIGINT', resolve);
      process.on('SIGTERM', resolve);
      server.exited.then(resolve);
    });
    await server.stop();
  }
} catch (error) {
  console.error(`[demo] ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await google?.stop();
  await stopAll();
}
