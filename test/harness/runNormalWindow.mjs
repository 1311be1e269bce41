// A NORMAL VS Code window (not extension-test mode, where dialogs are refused): Playwright drives the
// command palette like a user, answers Google's (fake) consent page, opens the real confirmation diff and
// clicks the real Send (Approve) and Cancel buttons in the editor title, then searches with Gmail: Search Mail…
// and saves an attachment through the real save dialog; screenshots go to
// .test-output/screenshots/normal-*.png. The window is 1280×800 with the chat open, as a person's first hour looks:
// the walkthrough (open from the start, as VS Code opens it after an install), the tree, Search Mail and the
// message editor are taken that way (docs/screenshots/first-hour-*.png are copies). Ends with "N passed, N failed".
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { OUTPUT_DIR, ROOT, ensureCache, openWorkbench, screenshot, startCodeServer, stopAll } from './codeServer.mjs';
import { answerInput, createStepReport, notificationTexts, mailTextView, openChat, runCommand, showViewContainer, until } from './workbenchDriver.mjs';

/** The window of the first-hour screenshots: a laptop's 1280×800, with the chat open beside the editor. */
const FIRST_HOUR_VIEWPORT = { width: 1280, height: 800 };

/** A step of the open walkthrough, by its title. */
const walkthroughStep = (page, title) => page.locator('.getting-started-step', { hasText: title }).first();
/** Whether the open walkthrough shows a step as done. */
const walkthroughTicked = async (page, title) => (await walkthroughStep(page, title).locator('.codicon-getting-started-step-checked').count()) > 0;

const report = createStepReport();
const { step } = report;

let google;
let server;
let workbench;
try {
  ensureCache();
  const { startFakeGoogleService } = await tsImport('./fakeGoogleService.ts', import.meta.url);
  google = await startFakeGoogleService(path.join(OUTPUT_DIR, 'normal-window'));
  server = await startCodeServer({
    name: 'normal-window',
    extensionDevelopmentPath: ROOT,
    env: { GMAIL_TOOLS_FAKE_GOOGLE_URL: google.env.GMAIL_TOOLS_FAKE_GOOGLE_URL },
    // VS Code for the web saves edits after a delay by default; desktop VS Code does not, and that is where
    // closing an edited editor asks whether to save it.
    settings: { 'files.autoSave': 'off' },
  });
  workbench = await openWorkbench({ server });
  const { page, context } = workbench;
  await page.setViewportSize(FIRST_HOUR_VIEWPORT);
  context.on('page', (popup) => void google.handleConsentPage(popup).catch((e) => console.log(`[normal] consent: ${e}`)));
  await page.waitForTimeout(2000);

  await step('the view offers Import first; its "How to create one" opens the walkthrough; then the chat opens', async () => {
    const welcome = page.locator('.part.sidebar .welcome-view-content').first();
    await showViewContainer(page, 'Gmail Tools', welcome.getByText('Import OAuth Client').first());
    if (/Sign In to Google/.test(await welcome.innerText())) throw new Error('the welcome offers sign-in before there is a client');
    await welcome.getByText('How to create one').first().click();
    await walkthroughStep(page, 'Import the client JSON').waitFor({ timeout: 15_000 });
    await openChat(page);
  });

  console.log('normal window: real buttons');
  await step('imports the OAuth client through the file dialog', async () => {
    for (let attempt = 1; ; attempt++) {
      await runCommand(page, 'Gmail: Import OAuth Client');
      await answerInput(page, google.env.FAKE_GOOGLE_CLIENT_JSON, { settleMs: 1000, expectClose: true });
      await page.waitForTimeout(1000);
      if ((await notificationTexts(page)).some((t) => /OAuth client .* imported/.test(t))) break;
      await page.keyboard.press('Escape');
      if (attempt >= 3) throw new Error('the OAuth client was not imported through the file dialog');
    }
  });
  await step('signs in (consent page answered in the browser)', async () => {
    await runCommand(page, 'Gmail: Sign In to Google');
    await until('the code exchange at the fake Google', () => google.fake.requestLog.some((e) => e.path === '/token' && e.status === 200));
  });
  await step('the walkthrough ticks import and sign-in, and its illustrations draw in the theme\'s colours', async () => {
    // An Escape on the way (a palette that opened inert) can take the walkthrough back to the Welcome page: open it.
    await runCommand(page, 'Gmail: Get Started with Gmail Tools');
    // Ticked by what is stored, not by a link or command: the client was imported without opening Google Cloud's
    // page, and the chat was opened but nothing called yet, no toolset enabled.
    for (const title of ['Create a Google Cloud OAuth client', 'Import the client JSON', 'Sign in to Google (read-only)']) {
      await until(`"${title}" ticked`, async () => (await walkthroughTicked(page, title)), 15_000);
    }
    for (const title of ['Enable a toolset when you need it', 'Try agent mode']) {
      if (await walkthroughTicked(page, title)) throw new Error(`"${title}" is ticked before the person did it`);
    }
    // VS Code hides a walkthrough's media while its editor is 950 px wide or less: at 1280 px with the chat open,
    // that takes the primary side bar closed and the chat a little narrower.
    await page.keyboard.press('Control+KeyB');
    await page.locator('.part.sidebar').first().waitFor({ state: 'hidden', timeout: 10_000 });
    const sash = await page.locator('.part.auxiliarybar').first().boundingBox();
    await page.mouse.move(sash.x - 2, sash.y + sash.height / 2);
    await page.mouse.down();
    await page.mouse.move(sash.x + 40, sash.y + sash.height / 2, { steps: 8 });
    await page.mouse.up();
    await until('the walkthrough wide enough for its media', async () => !/width-semi-constrained/.test((await page.locator('.gettingStartedContainer').first().getAttribute('class')) ?? ''), 10_000);
    await walkthroughStep(page, 'Import the client JSON').click();
    const shapes = await until('the illustration drawn in the walkthrough\'s webview', async () => {
      for (const frame of page.frames()) {
        const fills = await frame
          .evaluate(() => {
            const svg = [...document.querySelectorAll('svg')].find((s) => s.textContent?.includes('SecretStorage'));
            return svg ? [...svg.querySelectorAll('rect, path, circle, text')].map((e) => getComputedStyle(e).fill) : undefined;
          })
          .catch(() => undefined);
        if (fills?.length) return fills;
      }
      return undefined;
    }, 20_000);
    // Unstyled SVG shapes fill black: that is what the CSP made of the old <style> block.
    const black = shapes.filter((fill) => fill === 'rgb(0, 0, 0)');
    if (black.length) throw new Error(`${black.length} of ${shapes.length} shapes of the illustration are black: ${shapes.join(', ')}`);
    await page.waitForTimeout(500);
    await screenshot(page, 'normal-walkthrough');
    await page.keyboard.press('Control+KeyB');
    await page.locator('.part.sidebar').first().waitFor({ state: 'visible', timeout: 10_000 });
  });
  await step('the view\'s welcome offers the next step only: after sign-in, no Import and no Sign In', async () => {
    const welcome = page.locator('.part.sidebar .welcome-view-content').first();
    await showViewContainer(page, 'Gmail Tools', welcome.getByText('Open Chat').first());
    const text = await welcome.innerText();
    if (/Sign In to Google|Import OAuth Client/.test(text)) throw new Error(`the welcome still offers the setup: ${text}`);
    // The title is cut by CSS (text-overflow), so its text never holds the "…": compare its widths.
    const title = page.locator('.part.sidebar .composite.title .title-label h2').first();
    const cut = await title.evaluate((el) => el.scrollWidth > el.clientWidth);
    if (cut) throw new Error(`the view's title is cut: ${await title.innerText()}`);
  });
  await step('enables the send toolset (incremental consent)', async () => {
    await runCommand(page, 'Gmail: Enable a Toolset');
    await answerInput(page, 'send');
    await until('the gmail.send consent', () =>
      google.fake.requestLog.some((e) => e.path === '/o/oauth2/v2/auth' && e.query.scope === 'https://www.googleapis.com/auth/gmail.send'),
    );
    await until('a second code exchange', () => google.fake.requestLog.filter((e) => e.path === '/token' && e.status === 200).length >= 2);
    await page.waitForTimeout(1000);
  });

  const compose = async (subject) => {
    await runCommand(page, 'Gmail: Compose and Send');
    await answerInput(page, 'friend@example.org');
    await answerInput(page, subject);
    await answerInput(page, `Body of ${subject}`);
    await page.locator('.tab', { hasText: 'Send as demo.user@example.com' }).first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(800);
  };
  const sentSubjects = () => google.fake.sentMessages().map((m) => m.subject);

  await step('Send in the diff editor title sends the message', async () => {
    await compose('Normal window approve');
    await screenshot(page, 'normal-send-diff');
    if (sentSubjects().includes('Normal window approve')) throw new Error('sent before approval');
    await page.locator('.editor-actions [aria-label="Approve"]').first().click();
    await until('the approved message in Sent', () => sentSubjects().includes('Normal window approve'), 20_000);
    await screenshot(page, 'normal-after-send');
  });
  await step('an edit typed into the diff is shown again as it will be sent; approved again, it is what is sent, and nothing asks to save', async () => {
    await compose('Normal window edited');
    await page.locator('.monaco-diff-editor .editor.modified .view-line', { hasText: 'Body of Normal window edited' }).first().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Typed in the diff.');
    await screenshot(page, 'normal-edited-typed');
    await page.locator('.editor-actions [aria-label="Approve"]').first().click();
    // An edit (the person's, or a tool's that can edit open documents) opens a second review of the rebuilt message.
    await page.locator('.monaco-diff-editor .editor.modified .view-line', { hasText: 'The message was changed in the confirmation' }).first().waitFor({ timeout: 20_000 });
    await page.locator('.monaco-diff-editor .editor.modified .view-line', { hasText: 'Typed in the diff.' }).first().waitFor({ timeout: 5_000 });
    if (sentSubjects().includes('Normal window edited')) throw new Error('sent before the second approval');
    await screenshot(page, 'normal-edited-shown-again');
    await page.locator('.editor-actions [aria-label="Approve"]').first().click();
    const sent = await until('the edited message in Sent', () => google.fake.sentMessages().find((m) => m.subject === 'Normal window edited'), 20_000);
    if (!sent.text.includes('Typed in the diff.')) throw new Error(`the edit was not sent: ${sent.text}`);
    await page.locator('.tab', { hasText: 'Send as demo.user@example.com' }).first().waitFor({ state: 'detached', timeout: 15_000 });
    await page.waitForTimeout(1000);
    // Closing the edited review must not ask "Do you want to save the changes…?" about a message already sent.
    if (await page.locator('.monaco-dialog-box').isVisible()) {
      await screenshot(page, 'normal-edited-dialog');
      throw new Error(`a dialog appeared after sending: ${await page.locator('.monaco-dialog-box').innerText()}`);
    }
  });
  await step('Cancel in the diff editor title sends nothing', async () => {
    const writes = google.fake.requestLog.filter((e) => e.method === 'POST' && e.path.endsWith('/send')).length;
    await compose('Normal window cancel');
    await page.locator('.editor-actions [aria-label="Cancel"]').first().click();
    await page.locator('.tab', { hasText: 'Send as demo.user@example.com' }).first().waitFor({ state: 'detached', timeout: 15_000 });
    await page.waitForTimeout(1000);
    if (sentSubjects().includes('Normal window cancel')) throw new Error('a cancelled message was sent');
    const after = google.fake.requestLog.filter((e) => e.method === 'POST' && e.path.endsWith('/send')).length;
    if (after !== writes) throw new Error('the fake saw a send request after Cancel');
  });
  await step('the tree view lists the calls', async () => {
    // Rows read as actions, under their time group: what the person checks is what was sent and what was not.
    await showViewContainer(page, 'Gmail Tools', page.locator('.part.sidebar .monaco-list-row', { hasText: 'Today' }).first());
    await page.locator('.monaco-list-row', { hasText: "Declined · Send 'Normal window cancel' to friend@example.org" }).first().waitFor({ timeout: 15_000 });
    await page.locator('.monaco-list-row', { hasText: "Sent as you edited it · Send 'Normal window edited' to friend@example.org" }).first().waitFor({ timeout: 15_000 });
    // At the default width the outcome still shows: it leads the row.
    const declined = page.locator('.monaco-list-row', { hasText: "Send 'Normal window cancel'" }).first().locator('.label-name').first();
    if (!/^Declined/.test((await declined.innerText()).trim())) throw new Error(`the row does not lead with its outcome: ${await declined.innerText()}`);
    await screenshot(page, 'normal-tree-view');
  });
  await step('the walkthrough ticks the toolset once it is on; agent mode stays unticked: the calls listed are the person\'s own', async () => {
    await runCommand(page, 'Gmail: Get Started with Gmail Tools');
    await until('"Enable a toolset when you need it" ticked', async () => (await walkthroughTicked(page, 'Enable a toolset when you need it')), 15_000);
    // Compose and Send from the palette is not agent mode, though its calls are in the view.
    if (await walkthroughTicked(page, 'Try agent mode')) throw new Error('"Try agent mode" is ticked with no call from the agent');
  });
  // Issue 16's palette and issue 15's Save Attachment, as a person sees them: the live pick, the message editor and
  // the real save dialog (the simple file dialog of VS Code for the web), answered by pressing Enter on its suggestion.
  await step('Search Mail: the typed query\'s hits in a live pick; choosing one opens it read-only', async () => {
    await runCommand(page, 'Gmail: Search Mail');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    // Something shows at once: the Loading… line, then the inbox's hits.
    await page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ timeout: 20_000 });
    await page.locator('.quick-input-widget .monaco-list-row', { hasNotText: /Loading your inbox|Searching your mail/ }).first().waitFor({ timeout: 20_000 });
    await input.fill('from:tickets@rail.example');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Your e-ticket' }).first();
    await row.waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    const rowText = await row.innerText();
    if (/CATEGORY_|INBOX|UNREAD/.test(rowText)) throw new Error(`label ids in the pick: ${rowText}`);
    await screenshot(page, 'normal-search-pick');
    await row.click();
    await page.locator('.tab', { hasText: 'Your e-ticket' }).first().waitFor({ timeout: 20_000 });
    // The read-only mail-text view (a webview, never a text editor: the chat's implicit context). Lines wrap: the
    // notice line above the text is longer than the view is wide, so the text takes more rows than it has lines.
    const pre = await mailTextView(page, 'Your e-ticket');
    const layout = await pre.evaluate((el) => ({
      rows: Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)),
      lines: (el.textContent ?? '').replace(/\n$/, '').split('\n').length,
      overflows: el.scrollWidth > el.clientWidth,
    }));
    if (!(layout.rows > layout.lines) || layout.overflows) throw new Error(`the message view does not wrap its lines: ${JSON.stringify(layout)}`);
    await screenshot(page, 'normal-message-editor');
  });
  await step('Save Attachment… opens the save dialog in the workspace with the file name; Enter writes exactly the attachment', async () => {
    const expected = path.join(server.folder, 'Ticket_ICE1025.pdf');
    await page.locator('.editor-actions [aria-label^="Save Attachment"]').first().click();
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    const suggested = await until('the suggested file name in the dialog', async () => {
      const value = await input.inputValue();
      return value.endsWith('Ticket_ICE1025.pdf') ? value : undefined;
    });
    if (path.basename(path.dirname(suggested)) !== path.basename(server.folder)) throw new Error(`the dialog did not start in the workspace: ${suggested}`);
    // The end of the path (the file name) in view for the picture.
    await input.press('End');
    await page.waitForTimeout(300);
    await screenshot(page, 'normal-save-dialog');
    if (existsSync(expected)) throw new Error('written before the dialog was answered');
    await input.press('Enter');
    const { simpleParser } = await import('mailparser');
    const mail = await simpleParser(readFileSync(path.join(ROOT, 'test/fixtures/mail/20260504T0744-travel-train.eml')));
    const ticket = mail.attachments.find((a) => a.filename === 'Ticket_ICE1025.pdf');
    if (!ticket) throw new Error('the fixture lost its attachment');
    await until('the saved file', () => existsSync(expected) && statSync(expected).size === ticket.content.length, 20_000);
    if (!readFileSync(expected).equals(ticket.content)) throw new Error('the saved file is not the attachment');
  });
  await step('Move to Trash with the organize toolset off says so and offers Enable…; then the trash diff, whose Cancel trashes nothing', async () => {
    const changes = () => google.fake.requestLog.filter((e) => e.method === 'POST' && /\/(trash|modify|batchModify)$/.test(e.path)).length;
    const before = changes();
    await page.locator('.editor-actions [aria-label^="Move to Trash"]').first().click();
    // With other notifications about, VS Code may keep the new one in the notification center rather than a toast.
    await until('the message that organize is off', async () => (await notificationTexts(page)).some((t) => /Moving mail to Trash needs the organize toolset/.test(t)), 15_000);
    await runCommand(page, 'Notifications: Show Notifications');
    const enable = page.locator('.notifications-center .monaco-button', { hasText: 'Enable…' }).first();
    await enable.waitFor({ timeout: 10_000 });
    await screenshot(page, 'normal-trash-needs-organize');
    await enable.click();
    await until('the gmail.modify consent', () =>
      google.fake.requestLog.some((e) => e.path === '/o/oauth2/v2/auth' && e.query.scope === 'https://www.googleapis.com/auth/gmail.modify'),
    );
    const cancel = page.locator('.editor-actions [aria-label="Cancel"]').first();
    await cancel.waitFor({ timeout: 30_000 });
    await runCommand(page, 'Notifications: Hide Notifications');
    await page.waitForTimeout(800);
    await screenshot(page, 'normal-trash-diff');
    await cancel.click();
    await until('the trash diff to close', async () => !(await cancel.isVisible()), 15_000);
    if (changes() !== before) throw new Error('the fake saw a change of labels after Cancel');
  });
  await step('a flagged mail in the message editor and the tree: warnings in words, no ids, no reason codes', async () => {
    const subject = 'Your invoice INV-20931 is ready';
    await runCommand(page, 'Gmail: Search Mail');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(`subject:"${subject}" from:billing@northwind-invoices.example`);
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: subject }).first();
    await row.waitFor({ timeout: 20_000 });
    if (!/reads like instructions to an AI/.test(await row.innerText())) throw new Error(`the hit does not say it is flagged: ${await row.innerText()}`);
    await row.click();
    await page.locator('.tab', { hasText: 'Your invoice INV-20931' }).first().waitFor({ timeout: 20_000 });
    const text = (await (await mailTextView(page, 'Reads like instructions to an AI')).innerText()).replace(/\u00a0/g, ' ');
    for (const jargon of [/hidden from the reader/i, /displayNone|hidden-instructions|override-phrase/, /\((low|medium|high)\)/]) {
      if (jargon.test(text)) throw new Error(`the message editor shows ${jargon}: ${text.slice(0, 600)}`);
    }
    await screenshot(page, 'normal-message-editor-flagged');
    const read = page.locator('.part.sidebar .monaco-list-row', { hasText: `Read '${subject.slice(0, 20)}` }).first();
    await showViewContainer(page, 'Gmail Tools', read);
    await read.locator('.monaco-tl-twistie').first().click();
    const flag = page.locator('.part.sidebar .monaco-list-row .label-name', { hasText: /reads like instructions to an AI/ }).first();
    await flag.waitFor({ timeout: 10_000 });
    const flagText = (await flag.innerText()).replace(/\u00a0/g, ' ').trim();
    if (!/^The message reads like instructions to an AI/.test(flagText) || /[0-9a-f]{12}|hidden-instructions/.test(flagText)) throw new Error(`the flag row: ${flagText}`);
    await screenshot(page, 'normal-tree-flags');
  });
} catch (error) {
  report.fail('normal window run', error);
  if (workbench) await screenshot(workbench.page, `normal-failure-${Date.now()}`).catch(() => undefined);
} finally {
  await workbench?.close().catch(() => undefined);
  await server?.stop().catch(() => undefined);
  await google?.stop().catch(() => undefined);
  await stopAll();
}
process.exit(report.summary() ? 1 : 0);
