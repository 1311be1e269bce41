// Driving a NORMAL VS Code window the way a user does (command palette, quick inputs), and reporting steps.
// Shared by the runners of a normal window: runNormalWindow.mjs, runVsixSmoke.mjs and the scripted-model runs (scriptedModelRun.mjs).

/** Named steps with a ✔/✖ line each; `summary()` prints "N passed, N failed" and returns the failure count. */
export function createStepReport() {
  const results = [];
  const step = async (name, fn) => {
    const t0 = Date.now();
    try {
      await fn();
      results.push([name, true]);
      console.log(`  ✔ ${name} (${Date.now() - t0} ms)`);
    } catch (error) {
      results.push([name, false]);
      console.log(`  ✖ ${name}\n    ${String(error.stack ?? error).split('\n').slice(0, 8).join('\n    ')}`);
      throw error;
    }
  };
  return {
    results,
    step,
    /** Like step, but a failure is recorded and the run goes on. */
    check: (name, fn) => step(name, fn).catch(() => undefined),
    /** Records an error that happened outside any step. */
    fail(name, error) {
      if (results.some(([, ok]) => !ok)) return;
      results.push([name, false]);
      console.log(`  ✖ ${error.stack ?? error}`);
    },
    summary() {
      const passed = results.filter(([, ok]) => ok).length;
      const failed = results.length - passed;
      console.log(`${passed} passed, ${failed} failed`);
      return failed;
    },
  };
}

export async function until(what, probe, timeoutMs = 30_000, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Opens a view container from the activity bar and waits until `shown` (a locator inside it) is visible. A click on
 * an activity bar entry toggles it, and a workbench still restoring its layout can put its default view back over
 * ours: so click only while our entry is not the active one, and look again until `shown` appears.
 */
export async function showViewContainer(page, label, shown, timeoutMs = 60_000) {
  const entry = page.locator(`.activitybar [aria-label^="${label}"]`).first();
  await until(`the ${label} view showing what it should`, async () => {
    if (await shown.isVisible().catch(() => false)) return true;
    const active = await entry
      .evaluate((el) => {
        const item = el.closest('.action-item') ?? el;
        return item.classList.contains('checked') || el.getAttribute('aria-selected') === 'true' || el.getAttribute('aria-pressed') === 'true';
      })
      .catch(() => false);
    if (!active) await entry.click({ timeout: 5_000 }).catch(() => undefined);
    return false;
  }, timeoutMs, 2_500);
}

/** Runs a command from the palette by its title; retries while extensions are still registering commands. */
export async function runCommand(page, title) {
  for (let attempt = 1; ; attempt++) {
    const input = page.locator('.quick-input-widget .quick-input-box input');
    // F1 can land where the workbench does not see it (a webview that has focus, as the walkthrough's media): press
    // again until the palette shows.
    let pressed = false;
    await until('the command palette', async () => {
      if (pressed && (await input.isVisible().catch(() => false))) return true;
      await page.keyboard.press('F1');
      pressed = true;
      return input.waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false);
    }, 15_000, 0);
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    try {
      // The palette can open inert, while a webview (the walkthrough's media) still holds the focus: give the
      // focus back to the workbench and open it again.
      await input.fill(`>${title}`, { timeout: 5_000 });
      await row.waitFor({ timeout: 5_000 });
      await row.click();
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      await page.locator('.part.statusbar').first().click({ position: { x: 5, y: 5 } }).catch(() => {});
      if (attempt >= 6) throw error;
    }
  }
}

/**
 * Types an answer into the open quick input (a quick pick, an input box, the simple file dialog) and accepts it.
 * Some inputs (the file dialog) fill themselves in asynchronously, which can land after our text on a busy
 * machine: retype until the value sticks. With `expectClose`, also wait for the widget to close (retyping if it
 * did not); leave it off for a chain of input boxes, where the next one opens at once.
 */
export async function answerInput(page, text, { settleMs = 300, expectClose = false } = {}) {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('.quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  for (let attempt = 1; ; attempt++) {
    await input.fill(text);
    await page.waitForTimeout(settleMs);
    if ((await input.inputValue()) !== text) {
      if (attempt >= 8) throw new Error(`the quick input kept overwriting "${text}"`);
      continue;
    }
    await input.press('Enter');
    if (!expectClose) return;
    try {
      await widget.waitFor({ state: 'hidden', timeout: 3_000 });
      return;
    } catch (error) {
      if (attempt >= 5) throw new Error(`the quick input did not accept "${text}": ${error.message}`);
    }
  }
}

/** Texts of the notifications so far (the notification center: toasts that faded, or never showed, count too). */
export async function notificationTexts(page) {
  await runCommand(page, 'Notifications: Show Notifications');
  await page.waitForTimeout(300);
  const texts = await page.locator('.notifications-center .notification-list-item-message').allTextContents();
  await page.keyboard.press('Escape');
  return texts;
}

/**
 * Opens the chat view (Ctrl+Alt+I, "Chat: Open Chat") and waits for its input. The key goes nowhere while the
 * workbench is still taking focus after load: press again until the input shows (the command opens, never closes).
 */
export async function openChat(page) {
  const input = page.locator('.interactive-input-part').first();
  await until('the chat view', async () => {
    if (await input.isVisible().catch(() => false)) return true;
    await page.keyboard.press('Control+Alt+KeyI');
    return input.waitFor({ timeout: 3_000 }).then(() => true, () => false);
  }, 30_000, 0);
}

/** Picks a model in the chat's model picker; retries, since the picker re-renders while models register. */
export async function pickChatModel(page, name) {
  const picker = page.locator('.interactive-input-part .model-picker-item').first();
  for (let attempt = 1; ; attempt++) {
    try {
      await picker.click({ timeout: 10_000 });
      const row = page.locator('.action-widget .monaco-list-row', { hasText: name }).first();
      await row.waitFor({ timeout: 5_000 });
      await row.click();
      await until(`the picker to show ${name}`, async () => (await picker.textContent())?.includes(name), 5_000);
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (attempt >= 5) throw error;
      await page.waitForTimeout(500);
    }
  }
}

/** Types a prompt into the chat input key by key, as a person does, and sends it. */
export async function typeChatPrompt(page, text) {
  const editor = page.locator('.interactive-input-part .monaco-editor').first();
  await editor.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Puts a prompt into the chat input in one piece (no per-key typing, so long prompts are quick) and sends it. */
export async function sendChatPrompt(page, text) {
  const editor = page.locator('.interactive-input-part .monaco-editor').first();
  await editor.click();
  await page.keyboard.insertText(text);
  await page.keyboard.press('Enter');
}

/**
 * The <pre> of our read-only mail-text view (a webview: src/ui/mailTextView) whose text holds `text`, once one
 * shows it (an error after `timeoutMs`).
 */
export async function mailTextView(page, text, { timeoutMs = 20_000 } = {}) {
  return until(`a mail-text view showing "${text}"`, async () => {
    for (const frame of page.frames()) {
      const pre = frame.locator('body > pre').first();
      if ((await pre.innerText({ timeout: 200 }).catch(() => '')).includes(text)) return pre;
    }
    return undefined;
  }, timeoutMs);
}
