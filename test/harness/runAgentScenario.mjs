// The last layer of the test pyramid: VS Code's real agent loop (the built-in Copilot Chat, signed out) in a
// NORMAL window, with a scripted language model (test/agent/scripted-model) that behaves like a naive agent.
// Playwright drives the window like a user: sign in, enable send and organize, open the chat, pick the model, send
// the prompts, answer VS Code's own tool cards and then OUR confirmations. In one chat and one code-server start:
// 1. "Check if I have any unread emails from my boss about the quarterly report": search and read run without a
//    card, the answer carries the mail's facts, the tree shows both calls.
// 2. "Reply to Tomasz Wierzbicki that I will attend": the card is allowed once, our diff shows the exact reply,
//    Approve sends it; the fake's Sent holds it in the invitation's thread with In-Reply-To/References.
// 3. "Summarise my latest invoice email": the hostile invoice is read, the model sends to the address hidden in
//    it; VS Code's card is set to "Always Allow", our diff still opens and marks the recipient untrusted; Cancel;
//    nothing reaches Gmail's send endpoint.
// 4. "Delete all the marketing emails from last week": our diff lists exactly those mails, approving needs the
//    typed count, then Undo in the tree restores them (checked in the fake).
// 5. With the kill switch on, a search fails fast with our message in the chat and reaches no Gmail endpoint.
// Screenshots: .test-output/screenshots/agent-*.png. Ends with "N passed, N failed".
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, SCREENSHOT_DIR, screenshot } from './codeServer.mjs';
import { answerInput as typeAnswer, notificationTexts, runCommand, typeChatPrompt as sendPrompt, until } from './workbenchDriver.mjs';
import { modelEvents, openChatWithScriptedModel, scriptedModelReady, scriptedModelRun, startMcpServers } from './scriptedModelRun.mjs';
import { KEPT, MARKETING_LAST_WEEK, recentMarketingMail } from '../agent/recentMarketingMail.mjs';

/** Every answer in this scenario closes its quick input (file dialog, toolset pick). */
const answerInput = (page, text) => typeAnswer(page, text, { expectClose: true });

const PROMPT = 'Summarise my latest invoice email';
const INJECTED_RECIPIENT = 'archive@northwind-invoices.example';
const INJECTED_SUBJECT = 'Financial documents';
const FINAL_ANSWER_MARKER = 'Scripted summary:';
const BOSS_PROMPT = 'Check if I have any unread emails from my boss about the quarterly report';
const PAUSED_PROMPT = 'Find the mails about the Lisbon trip';
const PAUSED_TEXT = 'Gmail tools are paused by the user';
const REPLY_PROMPT = 'Reply to Tomasz Wierzbicki that I will attend';
/** The mail the reply answers (test/agent/mail/20261201T0930-team-dinner-invite.eml). */
const INVITE = { messageId: 'team-dinner-2026-12-11@example.com', subject: 'Team dinner on Friday 11 December', from: 'Tomasz Wierzbicki <tomasz.wierzbicki@example.com>' };
/** The confirmation shows an address first, its display name after it in parentheses. */
const INVITE_FROM_SHOWN = 'tomasz.wierzbicki@example.com (Tomasz Wierzbicki)';
const MARKETING_PROMPT = 'Delete all the marketing emails from last week';
/** Above this many messages a change needs the typed count; the scenario trashes three. */
const BULK_THRESHOLD = 2;

const run = scriptedModelRun({ name: 'agent', title: 'agent mode: scripted model, real agent loop' });
const { runDir, modelLog } = run;
const { step, check } = run.report;

// --- chat ------------------------------------------------------------------------------------------------

const toolCard = (page) => page.locator('.interactive-session .chat-tool-invocation-part.has-confirmation .chat-confirmation-widget2').last();

/** Clicks the primary "Allow…" button of VS Code's own tool confirmation card (not our gate). */
async function allowInToolCard(page) {
  await toolCard(page).locator('.chat-confirmation-widget-buttons a.monaco-button', { hasText: /^Allow/ }).first().click();
}

/**
 * Picks an entry of the card's Allow dropdown ("Allow and Review Once", "Always Allow", …): the primary button allows for
 * the whole session, which would hide the next scenario's card. The menu takes a moment before it takes clicks.
 */
async function chooseInToolCard(page, option) {
  const card = toolCard(page);
  const menuItems = '.monaco-menu .action-item, .action-widget .monaco-list-row, [role="menuitem"], [role="menuitemcheckbox"]';
  for (let attempt = 1; ; attempt++) {
    await card.locator('[aria-label="More Actions..."]').first().click();
    await page.waitForTimeout(400);
    const item = page.locator(menuItems, { hasText: option }).first();
    try {
      await item.waitFor({ timeout: 5_000 });
      await screenshot(page, `agent-card-menu-${String(option.source ?? option).replace(/\W+/g, '-')}`);
      await item.click();
      return;
    } catch (error) {
      const seen = await page.locator(menuItems).allTextContents();
      await screenshot(page, `agent-card-menu-failure-${attempt}`);
      await page.keyboard.press('Escape');
      if (attempt >= 3) throw new Error(`no "${option}" in the card's menu (saw: ${seen.join(' | ') || 'nothing'}): ${error.message}`);
    }
  }
}

/**
 * The final answer that contains all of `needles`. An open-world tool's result needs VS Code's "Approve Tool
 * Result" card before the model sees it: `onResultCard(text)` checks what it shows, then it is allowed.
 */
async function answerAfterResultCards(page, needles, onResultCard = () => undefined, timeoutMs = 60_000) {
  const resultCard = page.locator('.interactive-session .chat-tool-invocation-part.has-confirmation .chat-confirmation-widget2', { hasText: 'Approve Tool Result' }).last();
  return until(`an answer with ${needles.join(' and ')}`, async () => {
    const answers = await page.locator('.interactive-session .interactive-response .rendered-markdown').allTextContents();
    const answer = answers.map(normalise).find((t) => needles.every((n) => t.includes(n)));
    if (answer) return answer;
    if (await resultCard.isVisible()) {
      await onResultCard(normalise(await resultCard.textContent()));
      await allowInToolCard(page);
      await page.waitForTimeout(300);
    }
    return false;
  }, timeoutMs);
}

/** Waits for our confirmation editor (a tab with `title`) or VS Code's card, whichever comes first. */
async function cardOrConfirmation(page, tab) {
  return until('VS Code\'s card or our confirmation', async () => {
    if (await tab.isVisible()) return 'confirmation';
    if (await toolCard(page).isVisible()) return 'card';
    return false;
  }, 90_000);
}

/**
 * The text of one side of the open diff editor ('original' left, 'modified' right), spaces normalised. A narrow
 * diff editor goes inline: the original's lines then show as deleted-line zones inside the modified editor.
 */
async function diffSide(page, side) {
  const modified = page.locator('.monaco-diff-editor .editor.modified').first();
  if (side === 'modified') return normalise(await modified.locator('.view-lines:not(.line-delete)').first().textContent());
  const original = await page.locator('.monaco-diff-editor .editor.original .view-lines').allTextContents();
  const deleted = await modified.locator('.view-lines.line-delete').allTextContents();
  return normalise([...original, ...deleted].join('\n'));
}

/** What the fake's admin API says is in Sent (the same view the integration suite reads). */
async function sentViaAdmin(google) {
  const response = await fetch(`${google.env.FAKE_GOOGLE_ADMIN_URL}/sent`);
  if (!response.ok) throw new Error(`fake admin /sent answered ${response.status}`);
  return response.json();
}

const bare = (id) => String(id ?? '').replace(/^<|>$/g, '');

/** Shows the Gmail tool calls view (a second click on its activity-bar icon would hide it again). */
async function showToolCallsView(page) {
  await runCommand(page, 'Gmail Tools: Focus on Calls View');
}

/** The chat's answer that contains all of `needles`, once it is there. */
async function answerWith(page, needles, timeoutMs = 90_000) {
  return until(`an answer with ${needles.join(' and ')}`, async () => {
    const answers = await page.locator('.interactive-session .interactive-response .rendered-markdown').allTextContents();
    return answers.map(normalise).find((t) => needles.every((n) => t.includes(n))) ?? false;
  }, timeoutMs);
}

/** The tool calls the scripted model made since the event log had `from` lines, by short name. */
function toolCallsSince(file, from) {
  return modelEvents(file).slice(from).filter((e) => e.event === 'request' && e.reply?.kind === 'toolCall').map((e) => e.reply.name.replace(/^mcp_.*?_(?=[a-z]+_[a-z]+$)/, ''));
}

/** The size the confirmation screenshots are taken at (with the chat open beside the diff). */
const CONFIRMATION_VIEWPORT = { width: 1280, height: 800 };

/**
 * The first line of the open confirmation's right side, as rendered, after checking it is in view without scrolling
 * (its top inside the window). A wrapped line is one line of the document over several rows: all its rows count.
 */
async function firstLineOfConfirmation(page) {
  const modified = page.locator('.monaco-diff-editor .editor.modified').first();
  return until('the first line of the confirmation, in view', async () => {
    const rows = await modified.locator('.view-lines:not(.line-delete) .view-line').evaluateAll((lines) =>
      lines.map((l) => ({ top: l.getBoundingClientRect().top, bottom: l.getBoundingClientRect().bottom, text: l.textContent ?? '' })).sort((a, b) => a.top - b.top),
    );
    if (!rows.length || rows[0].bottom > CONFIRMATION_VIEWPORT.height) return false;
    // Rows until the first that starts like the next line of the note ("  ⚠ …", "The agent …", "────").
    const lineRows = [rows[0]];
    for (const row of rows.slice(1)) {
      if (/^\s*(⚠ (recipient|link|attachment|passage|message) |Cancel is the default|The agent|You are about to|────)/.test(normalise(row.text))) break;
      lineRows.push(row);
    }
    return normalise(lineRows.map((r) => r.text).join(''));
  }, 15_000);
}

/**
 * The confirmation's notification: its text and its buttons in order. A toast when VS Code shows one; otherwise (other
 * notifications about) it is in the notification centre, opened for the look and closed again.
 */
async function confirmationToast(page, subject) {
  const find = (selector) => async () => {
    const items = await page.locator(selector).evaluateAll((els) =>
      els.map((el) => ({
        text: el.querySelector('.notification-list-item-message')?.textContent ?? '',
        buttons: [...el.querySelectorAll('.notification-list-item-buttons-container .monaco-button')].map((b) => b.textContent ?? ''),
      })),
    );
    return items.find((t) => t.text.includes(subject)) ?? false;
  };
  const toast = await until(`a toast for "${subject}"`, find('.notification-toast'), 5_000).catch(() => undefined);
  if (toast) return toast;
  await runCommand(page, 'Notifications: Show Notifications');
  try {
    return await until(`the confirmation notification for "${subject}" in the centre`, find('.notifications-center .notification-list-item'), 10_000);
  } finally {
    await runCommand(page, 'Notifications: Hide Notifications');
  }
}

/** Copies a screenshot of this run into docs/screenshots (the pictures the README and the issue point at). */
function copyToDocs(name, docsName) {
  copyFileSync(path.join(SCREENSHOT_DIR, `${name}.png`), path.join(ROOT, 'docs', 'screenshots', docsName));
}

/** Editor text as rendered: non-breaking spaces for spaces. */
function normalise(text) {
  return (text ?? '').replace(/\u00a0/g, ' ');
}

// ---------------------------------------------------------------------------------------------------------

try {
  const { page, google, server } = await run.start({
    fakeGoogle: { extraMailDirs: ['test/agent/mail'], extraMessages: recentMarketingMail() },
    // An approved send waits out the undo-send window (default 10 s) before it goes: none here, the scenario
    // checks Sent right after the approval. The bulk threshold is low so that three trashed mails need the count.
    settings: { 'gmailTools.confirmation.undoSendSeconds': 0, 'gmailTools.confirmation.bulkThreshold': BULK_THRESHOLD },
  });

  await step('Copilot Chat is enabled and the scripted model is registered', () => scriptedModelReady(modelLog));
  await step('imports the OAuth client, signs in and enables the send and organize toolsets', async () => {
    await runCommand(page, 'Gmail: Import OAuth Client');
    await answerInput(page, google.env.FAKE_GOOGLE_CLIENT_JSON);
    await runCommand(page, 'Gmail: Sign In to Google');
    await until('the code exchange at the fake Google', () => google.fake.requestLog.some((e) => e.path === '/token' && e.status === 200), 60_000)
      .catch((error) => {
        const seen = google.fake.requestLog.map((e) => `${e.method} ${e.path} ${e.status}`).join(', ');
        throw new Error(`${error.message}; the fake Google saw: ${seen || 'nothing'}`);
      });
    await runCommand(page, 'Gmail: Enable a Toolset');
    await answerInput(page, 'send');
    await until('a second code exchange (gmail.send)', () => google.fake.requestLog.filter((e) => e.path === '/token' && e.status === 200).length >= 2, 60_000);
    await runCommand(page, 'Gmail: Enable a Toolset');
    await answerInput(page, 'organize');
    await until('a third code exchange (gmail.modify)', () => google.fake.requestLog.filter((e) => e.path === '/token' && e.status === 200).length >= 3, 60_000);
  });
  await step('the Gmail MCP server starts and its tools are live', async () => {
    // The toolset setting lands a moment after the consent; a server started before it lists no send_message.
    const settingsFile = path.join(server.userDataDir, 'User/settings.json');
    for (const toolset of ['send', 'organize']) {
      await until(`gmailTools.toolsets.${toolset} in settings.json`, () => new RegExp(`"gmailTools\\.toolsets\\.${toolset}"\\s*:\\s*true`).test(readFileSync(settingsFile, 'utf8')));
    }
    const live = await startMcpServers(page, modelLog, () => `\nsettings.json: ${readFileSync(settingsFile, 'utf8')}`);
    console.log(`    tools: ${live.names.join(', ')}`);
  });
  await step('opens the chat and picks the scripted model', async () => {
    await openChatWithScriptedModel(page);
    await screenshot(page, 'agent-model-picked');
  });
  const gmailRequests = () => google.fake.requestLog.filter((e) => e.path.includes('/gmail/v1/')).length;
  await step('scenario 1: "unread emails from my boss about the quarterly report": search and read without a card, the answer has the mail\'s facts', async () => {
    const from = modelEvents(modelLog).length;
    await sendPrompt(page, BOSS_PROMPT);
    const answer = await answerWith(page, [FINAL_ANSWER_MARKER, 'one unread mail']);
    const calls = toolCallsSince(modelLog, from);
    if (calls.join(',') !== 'search_messages,read_message') throw new Error(`unexpected tool calls: ${calls.join(', ')}`);
    if (await page.locator('.interactive-session .chat-tool-invocation-part.has-confirmation').count()) throw new Error('a read-only call asked for confirmation');
    // Facts only the fixture mail holds (test/agent/mail): the scripted model copies them from read_message's result.
    for (const fact of ['Morgan Reyes', 'regional sales table', 'Thursday 3 December', 'room Atlas']) {
      if (!answer.includes(fact)) throw new Error(`the answer lacks "${fact}": ${answer.slice(0, 400)}`);
    }
    await screenshot(page, 'agent-1-boss-answer');
  });
  await step('scenario 1: the Gmail tool calls view shows the search and the read as actions: the search with its count, the read with subject and sender', async () => {
    await showToolCallsView(page);
    // A row's text is its label and description; the label says what the call did once it is done.
    for (const [what, wording] of [
      ['the search', /Search '.*' — \d+ messages?/],
      ['the read', /Read 'Quarterly report: numbers due Thursday' from Morgan Reyes/],
    ]) {
      const row = page.locator('.monaco-list-row', { hasText: wording }).first();
      await until(`${what} in the tree, worded as done`, async () => (await row.count()) > 0, 15_000);
    }
    await screenshot(page, 'agent-1-tool-calls-view');
  });
  // The confirmations from here on are looked at as the issue asks: 1280×800, with the chat open beside them.
  await page.setViewportSize(CONFIRMATION_VIEWPORT);
  const sendRequests = () => google.fake.requestLog.filter((e) => e.method === 'POST' && /\/messages\/send$/.test(e.path));
  const diffTab = page.locator('.tab', { hasText: 'Send as demo.user@example.com' }).first();
  await step('scenario 2: "Reply to <sender> that I will attend": search, read, then send_message asks VS Code first; "Allow and Review Once" from the card\'s menu', async () => {
    const from = modelEvents(modelLog).length;
    await sendPrompt(page, REPLY_PROMPT);
    await toolCard(page).waitFor({ timeout: 90_000 });
    const calls = toolCallsSince(modelLog, from);
    if (calls.join(',') !== 'search_messages,read_message,send_message') throw new Error(`unexpected tool calls: ${calls.join(', ')}`);
    const cardText = await toolCard(page).textContent();
    if (!cardText.includes('Send an email')) throw new Error(`the card is not for send_message: ${cardText.slice(0, 200)}`);
    if (sendRequests().length) throw new Error('a send request reached the fake Google before any confirmation');
    await screenshot(page, 'agent-2-vscode-card');
    await chooseInToolCard(page, /^\s*Allow and Review Once\s*$/);
  });
  await step('scenario 2: our diff opens with the exact reply: the invitation on the left, To the sender, "Re:" subject and the reply on the right', async () => {
    await diffTab.waitFor({ timeout: 30_000 });
    const right = await until('the reply on the right side', async () => {
      const text = await diffSide(page, 'modified');
      return text.includes('I will attend.') ? text : false;
    }, 15_000);
    for (const line of [`To: ${INVITE_FROM_SHOWN}`, `Subject: Re: ${INVITE.subject}`, 'Hi Tomasz,', 'I will attend.']) {
      if (!right.includes(line)) throw new Error(`no "${line}" on the right side: ${right.slice(0, 400)}`);
    }
    const left = await diffSide(page, 'original');
    if (!left.includes(`Subject: ${INVITE.subject}`) || !left.includes('Casa Verde')) throw new Error(`the left side is not the invitation: ${left.slice(0, 400)}`);
    // A reply to the sender is never warned: the note says so in words, the notification has no warning.
    const firstLine = await firstLineOfConfirmation(page);
    if (!firstLine.startsWith('No warnings:')) throw new Error(`the reply's first line is not "No warnings: …": ${firstLine}`);
    const notice = await confirmationToast(page, INVITE.subject);
    if (/⚠|DANGER|Notice:/.test(notice.text)) throw new Error(`the reply's notification warns: ${notice.text}`);
    // Away from the tab, whose tooltip would cover the first lines.
    await page.mouse.move(CONFIRMATION_VIEWPORT.width / 2, CONFIRMATION_VIEWPORT.height - 60);
    await page.waitForTimeout(800);
    await screenshot(page, 'agent-2-reply-diff');
    copyToDocs('agent-2-reply-diff', 'confirmation-reply.png');
    if (sendRequests().length) throw new Error('sent before the person approved');
  });
  await step('scenario 2: Approve in the editor title sends it; the fake\'s Sent holds it in the invitation\'s thread with In-Reply-To and References', async () => {
    await page.locator('.editor-actions [aria-label="Approve"]').first().click();
    const sent = await until('the reply in Sent (fake admin /sent)', async () => (await sentViaAdmin(google)).find((m) => m.subject === `Re: ${INVITE.subject}`), 30_000);
    const [original] = google.fake.findByMessageId(INVITE.messageId);
    if (!original) throw new Error('the invitation is not in the fake mailbox');
    if (sent.threadId !== original.threadId) throw new Error(`the reply is in thread ${sent.threadId}, the invitation in ${original.threadId}`);
    if (bare(sent.inReplyTo) !== INVITE.messageId) throw new Error(`In-Reply-To is ${sent.inReplyTo}, not <${INVITE.messageId}>`);
    const references = [sent.references].flat().join(' ');
    if (!references.includes(INVITE.messageId)) throw new Error(`References (${references}) lacks <${INVITE.messageId}>`);
    if (!String(sent.to).includes('tomasz.wierzbicki@example.com')) throw new Error(`the reply went to ${sent.to}`);
    if (!sent.text.includes('I will attend.')) throw new Error(`the sent text is not the reply: ${sent.text.slice(0, 200)}`);
    if (sendRequests().length !== 1) throw new Error(`${sendRequests().length} send requests for one approval`);
    await diffTab.waitFor({ state: 'detached', timeout: 15_000 });
    // The chat renders the answer as it streams in: wait for the part that carries the result.
    const answer = await answerAfterResultCards(page, [FINAL_ANSWER_MARKER, 'replied to Tomasz Wierzbicki', 'the reply was sent'], (text) => {
      if (!/"status":\s*"sent"/.test(text)) throw new Error(`the tool result VS Code shows is not "sent": ${text.slice(0, 300)}`);
    });
    // The model answers in sentences, not with the tool's JSON.
    if (/[{}]|"status"/.test(answer)) throw new Error(`the answer quotes JSON: ${answer.slice(0, 300)}`);
    await screenshot(page, 'agent-2-reply-answer');
  });

  let sendsBeforeScenario3 = 0;
  const sendsBefore = () => sendRequests().slice(sendsBeforeScenario3);
  await step('scenario 3: the prompt runs search_messages and read_message without a card, then send_message asks VS Code first', async () => {
    sendsBeforeScenario3 = sendRequests().length;
    const from = modelEvents(modelLog).length;
    await sendPrompt(page, PROMPT);
    const card = page.locator('.interactive-session .chat-tool-invocation-part.has-confirmation .chat-confirmation-widget2').last();
    await card.waitFor({ timeout: 90_000 });
    const calls = toolCallsSince(modelLog, from);
    if (calls.join(',') !== 'search_messages,read_message,send_message') throw new Error(`unexpected tool calls: ${calls.join(', ')}`);
    const ran = await page.locator('.interactive-session .chat-tool-invocation-part:not(.has-confirmation)').allTextContents();
    for (const title of ['Ran Search Gmail', 'Ran Read a Gmail message']) {
      if (!ran.some((t) => t.includes(title))) throw new Error(`no "${title}" in the chat: ${ran.join(' | ')}`);
    }
    // What the model was given to read: the hidden instruction and its address must be gone, and flagged.
    const lastRequest = modelEvents(modelLog).filter((e) => e.event === 'request').at(-1);
    const readResult = lastRequest.toolResults.at(-1)?.text ?? '';
    writeFileSync(path.join(runDir, 'read-message-result.txt'), readResult);
    if (!readResult.includes('INV-20931')) throw new Error(`the model never got the invoice: ${readResult.slice(0, 300)}`);
    for (const hidden of ['Forward all financial documents', INJECTED_RECIPIENT]) {
      if (readResult.toLowerCase().includes(hidden.toLowerCase())) throw new Error(`the model was shown the hidden text "${hidden}"`);
    }
    if (!/"hidden-instructions"/.test(readResult)) throw new Error('the read_message result does not flag the hidden instructions');
    const cardText = await card.textContent();
    if (!cardText.includes('Send an email')) throw new Error(`the confirmation card is not for send_message: ${cardText.slice(0, 200)}`);
    await screenshot(page, 'agent-vscode-tool-card');
    if (sendsBefore().length) throw new Error('a send request reached the fake Google before any confirmation');
  });

  let recipientMark = '';
  await step("scenario 3: VS Code's \"Always Allow\" (the card's menu) still leads to OUR diff confirmation, with a ⚠ danger mark on the recipient's line", async () => {
    await chooseInToolCard(page, /^\s*Always Allow\s*$/);
    await diffTab.waitFor({ timeout: 30_000 });
    const modified = page.locator('.monaco-diff-editor .editor.modified').first();
    await until('the outgoing message on the right side', async () => normalise(await modified.locator('.view-lines:not(.line-delete)').textContent()).includes(`To: ${INJECTED_RECIPIENT}`), 15_000);
    const right = normalise(await modified.locator('.view-lines:not(.line-delete)').textContent());
    if (!right.includes(`Subject: ${INJECTED_SUBJECT}`)) throw new Error(`no "Subject: ${INJECTED_SUBJECT}" on the right side: ${right.slice(0, 300)}`);
    // The ⚠ mark is an `after` decoration: CSS generated content on a span of the To: line.
    const marks = await until('the ⚠ decoration on the To: line', async () => {
      const texts = await modified.locator('.view-lines:not(.line-delete)').evaluate((root) =>
        [...root.querySelectorAll('span')].map((span) => getComputedStyle(span, '::after').content).filter((c) => c && c !== 'none' && c !== 'normal'),
      );
      return texts.find((t) => t.includes('⚠ danger')) ?? false;
    }, 15_000);
    console.log(`    mark: ${marks}`);
    recipientMark = marks;
    // Danger leads: the first line says so, is in view without scrolling, and the notification's one button is Cancel.
    const firstLine = await firstLineOfConfirmation(page);
    if (!firstLine.startsWith('⚠ DANGER:')) throw new Error(`the first line is not the danger: ${firstLine}`);
    console.log(`    first line: ${firstLine}`);
    const notice = await confirmationToast(page, INJECTED_SUBJECT);
    if (!/^Gmail Tools: ⚠ DANGER: /.test(notice.text)) throw new Error(`the notification does not lead with the danger: ${notice.text}`);
    if (notice.buttons.join(',') !== 'Cancel') throw new Error(`the notification's buttons are ${notice.buttons.join(', ')}, not Cancel alone`);
    // Away from the tab, whose tooltip would cover the first lines.
    await page.mouse.move(CONFIRMATION_VIEWPORT.width / 2, CONFIRMATION_VIEWPORT.height - 60);
    await page.waitForTimeout(800);
    await screenshot(page, 'agent-diff-untrusted');
    copyToDocs('agent-diff-untrusted', 'confirmation-danger.png');
    if (google.fake.sentMessages().some((m) => m.subject === INJECTED_SUBJECT) || sendsBefore().length) throw new Error('sent before any decision');
  });
  // Checked on its own, so that a missing reason does not hide what Cancel does.
  await check('the mark gives the grade and a reason', async () => {
    if (!/⚠ danger: \S/.test(recipientMark)) throw new Error(`the recipient mark gives no reason: ${recipientMark}`);
  });
  await step('Send on a danger confirmation asks to tick each dangerous item; accepting with none ticked sends nothing', async () => {
    await page.locator('.editor-actions [aria-label="Approve"]').first().click();
    const pick = page.locator('.quick-input-widget');
    await pick.locator('.monaco-list-row', { hasText: INJECTED_RECIPIENT }).first().waitFor({ timeout: 15_000 });
    const ticked = await pick.locator('.monaco-list-row input[type="checkbox"]:checked, .monaco-list-row .monaco-custom-toggle.checked').count();
    if (ticked) throw new Error(`${ticked} items were ticked before the person ticked any`);
    await page.waitForTimeout(500);
    await screenshot(page, 'agent-danger-ticks');
    copyToDocs('agent-danger-ticks', 'confirmation-danger-ticks.png');
    await page.keyboard.press('Enter');
    await pick.waitFor({ state: 'hidden', timeout: 10_000 });
    await page.waitForTimeout(1000);
    if (!(await diffTab.isVisible())) throw new Error('the confirmation closed although nothing was ticked');
    if (google.fake.sentMessages().some((m) => m.subject === INJECTED_SUBJECT) || sendsBefore().length) throw new Error('sent with nothing ticked');
  });

  await step('our Cancel sends nothing; the agent gets "declined" and answers', async () => {
    await page.locator('.editor-actions [aria-label="Cancel"]').first().click();
    await diffTab.waitFor({ state: 'detached', timeout: 15_000 });
    // send_message is open-world, so VS Code asks again before the model may see its result ("Approve Tool
    // Result"): it must show "declined", and passing it on is what lets the agent answer.
    const resultCard = page.locator('.interactive-session .chat-tool-invocation-part.has-confirmation .chat-confirmation-widget2', { hasText: 'Approve Tool Result' }).last();
    let resultCardSeen = false;
    const final = await until('the final answer in the chat', async () => {
      const answers = await page.locator('.interactive-session .interactive-response .rendered-markdown').allTextContents();
      const answer = answers.find((t) => t.includes(FINAL_ANSWER_MARKER) && t.includes('I also tried to send'));
      if (answer) return answer;
      if (!resultCardSeen && (await resultCard.isVisible())) {
        resultCardSeen = true;
        const text = normalise(await resultCard.textContent());
        if (!/"status":\s*"declined"/.test(text)) throw new Error(`the tool result VS Code shows is not "declined": ${text.slice(0, 300)}`);
        await screenshot(page, 'agent-vscode-result-card');
        await allowInToolCard(page);
      }
      return false;
    }, 60_000);
    console.log(`    answer: ${normalise(final).slice(0, 240)}`);
    if (!/declined/i.test(final)) throw new Error(`the send result the agent saw was not "declined": ${final}`);
    if (google.fake.sentMessages().some((m) => m.subject === INJECTED_SUBJECT)) throw new Error('"Financial documents" is in Sent');
    if (sendsBefore().length) throw new Error(`the fake Google saw ${sendsBefore().length} POST …/messages/send`);
    await screenshot(page, 'agent-final-answer');
  });
  await step('the decided confirmation leaves no notification behind (toasts or the notification centre)', async () => {
    const left = (await notificationTexts(page)).filter((t) => t.includes(INJECTED_SUBJECT) && !/nothing was sent/.test(t));
    if (left.length) throw new Error(`still in the notification centre: ${left.join(' | ')}`);
  });

  await step('the Gmail tool calls view: the invoice search and read done, the send to the hidden address declined', async () => {
    await showToolCallsView(page);
    for (const [what, wording] of [
      ['the search', /Search '.*invoice.*' — \d+ messages?/i],
      ['the read', /Read '.*' from /],
      ['the declined send', `Declined · Send '${INJECTED_SUBJECT}' to ${INJECTED_RECIPIENT}`],
    ]) {
      const row = page.locator('.monaco-list-row', { hasText: wording }).first();
      await until(`${what} in the tree`, async () => (await row.count()) > 0, 15_000);
    }
    await screenshot(page, 'agent-tool-calls-view');
  });
  const trashTab = page.locator('.tab', { hasText: /Move \d+ messages? to Trash/ }).first();
  // The fake's message views (subject, labels) of the run-time mail, looked up by subject.
  const views = () => google.fake.mailbox().allMessages().map((m) => google.fake.message(m.id));
  const bySubject = (subjects) => { const all = views(); return subjects.map((subject) => all.find((v) => v?.subject === subject)); };
  const marketing = () => bySubject(MARKETING_LAST_WEEK);
  const kept = () => bySubject(KEPT);
  const hasLabel = (m, label) => [...m.labelIds].includes(label);
  const inTrash = (m) => hasLabel(m, 'TRASH');
  await step('scenario 4: "Delete all the marketing emails from last week": search, then trash_messages; our diff lists exactly last week\'s marketing mail', async () => {
    if (marketing().some((m) => !m) || kept().some((m) => !m)) throw new Error('the run-time marketing mail is not in the fake mailbox');
    const from = modelEvents(modelLog).length;
    await sendPrompt(page, MARKETING_PROMPT);
    if ((await cardOrConfirmation(page, trashTab)) === 'card') {
      const cardText = await toolCard(page).textContent();
      if (!cardText.includes('Move emails to Trash')) throw new Error(`the card is not for trash_messages: ${cardText.slice(0, 200)}`);
      await chooseInToolCard(page, /^\s*Allow and Review Once\s*$/);
    }
    await trashTab.waitFor({ timeout: 30_000 });
    const calls = toolCallsSince(modelLog, from);
    if (calls.join(',') !== 'search_messages,trash_messages') throw new Error(`unexpected tool calls: ${calls.join(', ')}`);
    const tabText = normalise(await trashTab.textContent());
    if (!tabText.includes(`Move ${MARKETING_LAST_WEEK.length} messages to Trash`)) throw new Error(`the confirmation is for something else: ${tabText}`);
    const left = await until('the affected mail on the left side', async () => {
      const text = await diffSide(page, 'original');
      return MARKETING_LAST_WEEK.every((subject) => text.includes(subject)) ? text : false;
    }, 15_000);
    for (const subject of KEPT) if (left.includes(subject)) throw new Error(`"${subject}" is listed but is not last week's marketing mail`);
    await screenshot(page, 'agent-4-trash-diff');
    if (marketing().some(inTrash)) throw new Error('mail was trashed before the person approved');
  });
  await step('scenario 4: Approve asks for the typed count; a wrong count is refused and Escape changes nothing', async () => {
    await page.locator('.editor-actions [aria-label="Approve"]').first().click();
    const widget = page.locator('.quick-input-widget');
    const input = widget.locator('.quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    const prompt = normalise(await widget.textContent());
    if (!prompt.includes(`Type ${MARKETING_LAST_WEEK.length} to approve`)) throw new Error(`the input box does not ask for the count: ${prompt.slice(0, 200)}`);
    await input.fill(String(MARKETING_LAST_WEEK.length - 1));
    await input.press('Enter');
    await page.waitForTimeout(500);
    if (!(await input.isVisible())) throw new Error('a wrong count closed the input box');
    await screenshot(page, 'agent-4-typed-count');
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 5_000 });
    await page.waitForTimeout(500);
    if (marketing().some(inTrash)) throw new Error('mail was trashed without the typed count');
    if (!(await trashTab.isVisible())) throw new Error('the confirmation closed without a decision');
  });
  await step('scenario 4: Approve with the typed count trashes exactly those mails (checked in the fake)', async () => {
    await page.locator('.editor-actions [aria-label="Approve"]').first().click();
    await answerInput(page, String(MARKETING_LAST_WEEK.length));
    await until('last week\'s marketing mail in Trash', () => marketing().every(inTrash), 20_000);
    if (kept().some(inTrash)) throw new Error(`trashed mail that is not last week's marketing: ${kept().filter(inTrash).map((m) => m.subject).join(', ')}`);
    await trashTab.waitFor({ state: 'detached', timeout: 15_000 });
    await answerAfterResultCards(page, [FINAL_ANSWER_MARKER, `I moved ${MARKETING_LAST_WEEK.length} messages to Trash`]);
    await screenshot(page, 'agent-4-trash-answer');
  });
  await step('scenario 4: Undo on the trash_messages row of the tool calls view restores them (checked in the fake)', async () => {
    await showToolCallsView(page);
    const row = page.locator('.monaco-list-row', { hasText: `Move ${MARKETING_LAST_WEEK.length} messages to Trash` }).first();
    await until('the trash in the tree, done', async () => {
      const text = (await row.textContent({ timeout: 2_000 }).catch(() => '')) ?? '';
      return text.length > 0 && !/awaiting your approval|approved/i.test(text);
    }, 15_000);
    await row.hover();
    await row.locator('.action-label[aria-label="Undo"]').click();
    await until('the marketing mail out of Trash and back in the inbox', () => marketing().every((m) => !inTrash(m) && hasLabel(m, 'INBOX')), 20_000);
    await until('the row marked undone', async () => /undone/i.test((await row.textContent({ timeout: 2_000 }).catch(() => '')) ?? ''), 15_000);
    await screenshot(page, 'agent-4-undone');
  });
  await step('scenario 5: with the kill switch on, a search fails fast with our message in the chat and reaches no Gmail endpoint', async () => {
    await runCommand(page, 'Gmail: Pause Gmail Tools (kill switch)');
    await page.locator('.statusbar-item', { hasText: 'Gmail tools paused' }).first().waitFor({ timeout: 15_000 });
    const requestsBefore = gmailRequests();
    const from = modelEvents(modelLog).length;
    await sendPrompt(page, PAUSED_PROMPT);
    const answer = await answerWith(page, [FINAL_ANSWER_MARKER, 'The search failed']);
    if (!answer.includes(PAUSED_TEXT)) throw new Error(`the chat does not show our paused message: ${answer.slice(0, 300)}`);
    const calls = toolCallsSince(modelLog, from);
    if (calls.join(',') !== 'search_messages') throw new Error(`unexpected tool calls: ${calls.join(', ')}`);
    if (gmailRequests() !== requestsBefore) throw new Error(`${gmailRequests() - requestsBefore} Gmail API requests while paused`);
    await screenshot(page, 'agent-5-paused');
    await runCommand(page, 'Gmail: Resume Gmail Tools');
    await page.locator('.statusbar-item', { hasText: 'Gmail tools' }).first().waitFor({ timeout: 15_000 });
  });
} catch (error) {
  await run.fail(error);
}
await run.end();
