// `npm run demo`: the product on the demo mailbox. Starts the fake Google (test/fixtures/mail, a consent page
// you answer yourself) and code-server with the extension installed from a freshly built .vsix, beside the
// test-only scripted model (test/agent/scripted-model, as `npm run test:agent` installs it) so that the agent-mode
// prompts of docs/testing.md can be tried in the chat without any real model; prints the URL and runs until Ctrl-C. `npm run demo -- --smoke` opens the workbench headless, takes a screenshot of
// the extension's view and stops (a check that the demo starts).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { OUTPUT_DIR, ROOT, ensureCache, installVsix, openWorkbench, screenshot, startCodeServer, stopAll } from './codeServer.mjs';
import { buildScriptedModel } from '../agent/scripted-model/build.mjs';
import { recentMarketingMail } from '../agent/recentMarketingMail.mjs';
import { openChat, showViewContainer } from './workbenchDriver.mjs';

/** The prompts the scripted model knows (test/agent/scripted-model/src/script.ts), as docs/testing.md lists them. */
const PROMPTS = [
  'Check if I have any unread emails from my boss about the quarterly report',
  'Reply to Tomasz Wierzbicki that I will attend',
  'Summarise my latest invoice email',
  'Delete all the marketing emails from last week',
  'Find the mails about the Lisbon trip',
];

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
  await installVsix({ vsixPath: await buildScriptedModel(demoDir), extensionsDir });

  const { startFakeGoogleService } = await tsImport('./fakeGoogleService.ts', import.meta.url);
  // The scenarios' own mail too (the boss, the invitation, last week's marketing), as in npm run test:agent.
  google = await startFakeGoogleService(path.join(demoDir, 'fake-google'), undefined, { extraMailDirs: ['test/agent/mail'], extraMessages: recentMarketingMail() });
  const workspace = path.join(demoDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  copyFileSync(google.env.FAKE_GOOGLE_CLIENT_JSON, path.join(workspace, 'demo-oauth-client.json'));
  writeFileSync(
    path.join(workspace, 'DEMO.md'),
    [
      '# Gmail Tools demo (fake Google, demo mailbox)',
      '',
      '1. Command palette: **Gmail: Import OAuth Client (client_secret JSON)** and pick `demo-oauth-client.json`.',
      '2. **Gmail: Sign In to Google**: the fake Google consent page opens in a new tab; press **Continue**.',
      '3. **MCP: List Servers** > *Gmail demo.user@example.com* > Start; then use the tools from agent mode.',
      '4. The **Gmail Tools** icon in the activity bar shows every tool call (click one for its details).',
      '',
      '## Agent mode with the scripted test model (no real model needed)',
      '',
      '**Gmail: Enable a Toolset** > *send*, and again > *organize* (each opens the consent page once). Open the chat,',
      'pick *Scripted Agent Model* in its model picker, and send one of these prompts:',
      '',
      ...PROMPTS.map((p) => `- ${p}`),
      '',
      'For the last one, run **Gmail: Pause Gmail Tools** first. Every send and trash opens our confirmation diff.',
      '',
    ].join('\n'),
  );
  const server = await startCodeServer({
    name: 'demo',
    folder: workspace,
    extensionsDir,
    env: { GMAIL_TOOLS_FAKE_GOOGLE_URL: google.env.GMAIL_TOOLS_FAKE_GOOGLE_URL },
    // No undo-send wait in the demo, so a send shows in the tree at once.
    settings: { 'workbench.startupEditor': 'none', 'gmailTools.confirmation.undoSendSeconds': 0 },
  });
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
  if (smoke) {
    const { page, close } = await openWorkbench({ server });
    // As a person's first hour looks (and the README's screenshots): 1280×800 with the chat open.
    await page.setViewportSize({ width: 1280, height: 800 });
    await openChat(page);
    await showViewContainer(page, 'Gmail Tools', page.getByText('No Gmail tool calls yet').first());
    // Before import, the view offers exactly that first step.
    await page.locator('.part.sidebar .welcome-view-content').getByText('Import OAuth Client').first().waitFor({ timeout: 15_000 });
    console.log(`[demo] screenshot ${path.relative(ROOT, await screenshot(page, 'demo-workbench'))}`);
    // The scripted model is installed and enabled: its command is in the palette.
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget .quick-input-box input').fill('>Scripted Model: Start MCP Servers');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Scripted Model' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await close();
    await server.stop();
  } else {
    console.log(`\n[demo] fake Google: ${google.fake.baseUrl} (demo.user@example.com, ${google.fake.mailbox().messageCount} messages)`);
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
