// The services the integration suite needs while VS Code runs, started by runIntegration.mjs (code-server)
// and runElectron.mjs (desktop). Add a service here (the fake Google goes here): start it, put what the
// extension host must know into `env` and user settings into `settings`, handle its browser pages in
// `onPopup`, and stop it in `stop`.
import { startPopupProbe } from './popupProbe.mjs';

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
    return {
      env: { HARNESS_HOST: host, HARNESS_POPUP_PROBE_URL: probe.url },
      settings: {},
      async onPopup(page) {
        if (await probe.handlePopup(page)) return;
        // Not a page any service knows: leave it open for the test that opened it.
      },
      async stop() { await Promise.allSettled(stops.reverse().map((stop) => stop())); },
    };
  } catch (error) {
    await Promise.allSettled(stops.reverse().map((stop) => stop()));
    throw error;
  }
}
