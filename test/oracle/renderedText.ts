import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * The test oracle for visibility (tests only, never in the product): a mail's HTML rendered by headless Chromium,
 * and the text a person sees in it. A text node counts as seen when a piece of it has a box on the page that is
 * at least MIN_GLYPH_PX tall, the page's hit test at that box finds the node's element (so clipping, clip-path,
 * overflow, off-page positions and elements laid over it all count), its compounded opacity is not near zero,
 * and its colour (or -webkit-text-fill-color) stands out from the background behind it.
 */

export const CHROMIUM = process.env.HARNESS_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** The page script as written (not through the test's TypeScript compiler, which would add helpers the page lacks). */
const PAGE_SCRIPT = readFileSync(path.join(__dirname, 'collectVisibleText.js'), 'utf8');

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export class RenderedText {
  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  static async launch(): Promise<RenderedText> {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    // A reading pane's width; no scripts, no network (remote images and stylesheets are not loaded).
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, javaScriptEnabled: false, offline: true });
    await context.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    return new RenderedText(browser, await context.newPage());
  }

  /** The text a person sees in `html`, in document order, one text node a line. */
  async visibleText(html: string): Promise<string> {
    await this.page.setContent(html, { waitUntil: 'domcontentloaded', timeout: 20_000 });
    // The whole page in the viewport, so that the hit test reaches every part of it (capped for giant pages).
    const height = await this.page.evaluate<number>('Math.min(20000, Math.max(768, document.documentElement.scrollHeight))');
    await this.page.setViewportSize({ width: 1024, height });
    return this.page.evaluate<string>(`${PAGE_SCRIPT}\ncollectVisibleText();`);
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/**
 * For a mocha suite that renders: skips it when there is no Chromium, launches one before its tests and closes it
 * after. Returns the running oracle (call it inside a test).
 */
export function renderedTextForSuite(): () => RenderedText {
  let renderer: RenderedText | undefined;
  before(async function () {
    if (!chromiumAvailable()) {
      console.log(`  SKIPPED: no Chromium at ${CHROMIUM} (install Debian's chromium, or set HARNESS_CHROMIUM)`);
      this.skip();
    }
    renderer = await RenderedText.launch();
  });
  after(async () => {
    await renderer?.close();
  });
  return () => {
    if (!renderer) throw new Error('the Chromium oracle is not running');
    return renderer;
  };
}
