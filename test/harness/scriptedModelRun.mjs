// One run of a NORMAL code-server window with VS Code's agent (the built-in Copilot Chat, signed out) and the
// scripted test model (test/agent/scripted-model): what runAgentScenario.mjs and runMcpContext.mjs share. Each
// runner keeps its own mail, settings and steps; this module builds, installs, starts, tears down and reports.
//
//   const run = scriptedModelRun({ name: 'agent', title: 'agent mode: …' });
//   try {
//     const { page, google, server } = await run.start({ fakeGoogle: { … }, env: { … }, settings: { … } });
//     await run.report.step(…);
//   } catch (error) {
//     await run.fail(error);
//   }
//   await run.end(); // tears down, prints "N passed, N failed" and exits
//
// Env: INTEGRATION_SKIP_BUILD=1 uses dist/ as it is (as runIntegration.mjs does); otherwise the extension is built
// first, so a stale dist/ is never what gets tested.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { OUTPUT_DIR, ROOT, ensureCache, installVsix, openWorkbench, screenshot, startCodeServer, stopAll } from './codeServer.mjs';
import { createStepReport, pickChatModel, runCommand, until } from './workbenchDriver.mjs';
import { buildScriptedModel } from '../agent/scripted-model/build.mjs';

/** The scripted model's name in VS Code's model picker (test/agent/scripted-model/src/extension.ts). */
export const SCRIPTED_MODEL_NAME = 'Scripted Agent Model';

/** The scripted model's event log (SCRIPTED_MODEL_LOG), one JSON object a line; empty until it writes one. */
export function modelEvents(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/**
 * A run named `name`: its files go to .test-output/<name>/, its screenshots of a failure are <name>-failure-*.png,
 * and `title` heads its output.
 * @param {{ name: string, title: string }} options
 */
export function scriptedModelRun({ name, title }) {
  const started = Date.now();
  const report = createStepReport();
  const runDir = path.join(OUTPUT_DIR, name);
  const modelLog = path.join(runDir, `scripted-model-${process.pid}.jsonl`);
  let google;
  let server;
  let workbench;
  let extensionsDir;

  return {
    report,
    runDir,
    modelLog,

    /**
     * Builds the extension (unless INTEGRATION_SKIP_BUILD=1), installs the scripted model into a fresh extensions
     * dir, starts the fake Google (`fakeGoogle`: its extra mail), code-server with the extension from source and the
     * model's log (`env` and `settings` added), and a window that answers the fake's consent pages.
     * @param {{ fakeGoogle?: object, env?: Record<string, string>, settings?: Record<string, unknown> }} [options]
     */
    async start({ fakeGoogle = {}, env = {}, settings } = {}) {
      ensureCache();
      mkdirSync(runDir, { recursive: true });
      rmSync(modelLog, { force: true });
      if (process.env.INTEGRATION_SKIP_BUILD !== '1') {
        const built = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
        if (built.status !== 0) throw new Error(`node esbuild.mjs failed (exit ${built.status ?? built.signal})`);
      }
      const vsix = await buildScriptedModel(runDir);
      extensionsDir = path.join(runDir, `extensions-${process.pid}`);
      rmSync(extensionsDir, { recursive: true, force: true });
      mkdirSync(extensionsDir, { recursive: true });
      await installVsix({ vsixPath: vsix, extensionsDir });

      const { startFakeGoogleService } = await tsImport('./fakeGoogleService.ts', import.meta.url);
      google = await startFakeGoogleService(path.join(runDir, 'fake-google'), undefined, fakeGoogle);
      server = await startCodeServer({
        name,
        extensionDevelopmentPath: ROOT,
        extensionsDir,
        env: { GMAIL_TOOLS_FAKE_GOOGLE_URL: google.env.GMAIL_TOOLS_FAKE_GOOGLE_URL, SCRIPTED_MODEL_LOG: modelLog, ...env },
        settings,
      });
      workbench = await openWorkbench({ server });
      const { page, context } = workbench;
      context.on('page', (popup) => void google.handleConsentPage(popup).catch((e) => console.log(`[${name}] consent: ${e}`)));
      console.log(`${title} (setup ${Date.now() - started} ms)`);
      return { page, context, google, server };
    },

    /** Records an error outside any step (a failed start) and screenshots the window as it was. */
    async fail(error) {
      report.fail(title, error);
      if (workbench) await screenshot(workbench.page, `${name}-failure-${Date.now()}`).catch(() => undefined);
    },

    /** Stops everything it started, keeps the model's log only when a step failed, prints the summary and exits. */
    async end() {
      await workbench?.close().catch(() => undefined);
      await server?.stop().catch(() => undefined);
      await google?.stop().catch(() => undefined);
      await stopAll();
      if (extensionsDir) rmSync(extensionsDir, { recursive: true, force: true });
      if (report.results.length && report.results.every(([, ok]) => ok)) rmSync(modelLog, { force: true });
      else console.log(`scripted model log: ${path.relative(ROOT, modelLog)}`);
      console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
      process.exit(report.summary() ? 1 : 0);
    },
  };
}

/** Waits until the scripted model has announced itself and Copilot Chat (which runs the agent loop) is enabled. */
export async function scriptedModelReady(modelLog) {
  await until('the scripted model and Copilot Chat', () => {
    const events = modelEvents(modelLog);
    return events.some((e) => e.event === 'model-announced') && events.some((e) => e.event === 'copilot-chat' && e.state !== 'still missing');
  }, 120_000);
}

/**
 * Starts the MCP servers through the scripted model's command and waits for their tools; returns the model's
 * 'tools-live' event (its `names`). `explainFailure()` adds to the error when they never go live.
 */
export async function startMcpServers(page, modelLog, explainFailure = () => '') {
  await runCommand(page, 'Scripted Model: Start MCP Servers and Wait for Their Tools');
  const done = await until('tools-live in the model log', () => modelEvents(modelLog).find((e) => e.event === 'tools-live' || e.event === 'tools-not-live'), 120_000);
  if (done.event !== 'tools-live') {
    const lastAttempt = modelEvents(modelLog).filter((e) => e.event.startsWith('start-')).at(-1);
    throw new Error(`the MCP tools never went live: ${JSON.stringify(lastAttempt)}${explainFailure()}`);
  }
  return done;
}

/** Opens the chat view and picks the scripted model in it. */
export async function openChatWithScriptedModel(page) {
  await runCommand(page, 'Chat: Open Chat');
  await page.locator('.interactive-input-part .monaco-editor').first().waitFor({ timeout: 30_000 });
  // Copilot's "Set BYOK utility models" toast covers the chat's lower part in the screenshots.
  const byokToast = page.locator('.interactive-session [aria-label="Dismiss notification"]').first();
  if (await byokToast.isVisible()) await byokToast.click();
  await pickChatModel(page, SCRIPTED_MODEL_NAME);
}
