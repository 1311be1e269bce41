// The services the integration suite needs while VS Code runs, started by runIntegration.mjs (code-server)
// and runElectron.mjs (desktop). Add a service here (the fake Google goes here): start it, put what the
// extension host must know into `env` and user settings into `settings`, handle its browser pages in
// `onPopup`, and stop it in `stop`.
import { createServer } from 'node:http';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { OUTPUT_DIR, screenshot } from './codeServer.mjs';
import { startPopupProbe } from './popupProbe.mjs';

const SECOND_ACCOUNT = 'sam.rivera@northwind.example';

/**
 * @param {{ host: 'code-server' | 'electron' }} options  electron: openExternal opens the desktop's own
 *   browser, which no test can click in, so popup-driven tests skip there (they check HARNESS_HOST).
 * @returns {Promise<{ env: Record<string, string>, settings: Record<string, unknown>,
 *   onPopup(page: import('playwright-core').Page): Promise<void>, stop(): Promise<void> }>}
 */
export async function startServices({ host }) {
  const stops = [];
  try {
    const probe = await startPopupProbe();
    stops.push(probe.stop);
    // Tests in the extension host ask for screenshots of the workbench by name (GET ?name=...).
    let workbench;
    const shots = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const name = url.searchParams.get('name') ?? 'screenshot';
      try {
        if (!workbench) throw new Error('no workbench page yet');
        if (url.pathname === '/notifications') {
          // What the workbench shows as notifications (toasts, and the centre when it is open): a test asks
          // which buttons a notification offers and whether it is gone, which no extension API tells.
          res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(await notificationsShown(workbench)));
          return;
        }
        const file = await screenshot(workbench, name.replace(/[^\w.-]/g, '_'));
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end(file);
      } catch (error) {
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error));
      }
    });
    await new Promise((resolve) => shots.listen(0, '127.0.0.1', resolve));
    stops.push(() => new Promise((resolve) => { shots.closeAllConnections(); shots.close(resolve); }));
    const screenshotUrl = `http://127.0.0.1:${shots.address().port}/`;
    const { startFakeGoogleService } = await tsImport('./fakeGoogleService.ts', import.meta.url);
    // A second Google account beside the demo one (test/integration/04-twoAccounts.test.ts); the consent page
    // preselects the demo account, so the other suites never see it.
    const google = await startFakeGoogleService(path.join(OUTPUT_DIR, 'fake-google'), screenshot, {
      moreAccounts: [{ address: SECOND_ACCOUNT, mailDir: 'test/fixtures/work-account' }],
    });
    stops.push(() => google.stop());
    return {
      env: { HARNESS_HOST: host, HARNESS_POPUP_PROBE_URL: probe.url, HARNESS_SCREENSHOT_URL: screenshotUrl, FAKE_GOOGLE_SECOND_ACCOUNT: SECOND_ACCOUNT, ...google.env },
      // A short undo-send window: the suites still pass through it (notification, countdown) without waiting 10 s a send.
      settings: { 'gmailTools.confirmation.undoSendSeconds': 2 },
      onPage(page) {
        workbench = page;
      },
      async onPopup(page) {
        if (await probe.handlePopup(page)) return;
        if (await google.handleConsentPage(page)) return;
        // Not a page any service knows: leave it open for the test that opened it.
      },
      async stop() { await Promise.allSettled(stops.reverse().map((stop) => stop())); },
    };
  } catch (error) {
    await Promise.allSettled(stops.reverse().map((stop) => stop()));
    throw error;
  }
}

/** The notifications in the workbench's DOM: where (toast or centre), the message, and the buttons in their order. */
async function notificationsShown(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.notification-toast, .notifications-center .notification-list-item')].map((el) => ({
      where: el.closest('.notifications-center') ? 'centre' : 'toast',
      message: el.querySelector('.notification-list-item-message')?.textContent ?? '',
      buttons: [...el.querySelectorAll('.notification-list-item-buttons-container .monaco-button')].map((b) => ({
        label: b.textContent ?? '',
        primary: !b.classList.contains('secondary'),
      })),
    })),
  );
}
