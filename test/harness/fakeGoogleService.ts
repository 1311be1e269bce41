import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { DEFAULT_ACCOUNT, createFakeGoogle } from '../fakeGoogle';
import { startFakeAdmin } from '../fakeGoogle/adminServer';

/**
 * The fake Google for tests in a real VS Code: the demo mailbox, a consent page that a scripted user
 * (Playwright) answers, an admin API for the tests in the extension host, and the OAuth client JSON the
 * tests import like a user would.
 */
export async function startFakeGoogleService(
  outputDir: string,
  takeScreenshot?: (page: Page, name: string) => Promise<unknown>,
  options: {
    extraMailDirs?: readonly string[];
    extraMessages?: readonly Buffer[];
    /** More Google accounts beside demo.user@example.com, each with its own folder of .eml files. */
    moreAccounts?: readonly { address: string; mailDir: string }[];
  } = {},
) {
  // The demo mailbox plus the hostile corpus: the guard is shown and tested on mail it has not been tuned on too.
  // A scenario may add its own mail (test/agent/mail, or messages made at run time when their dates must be recent),
  // kept out of the demo mailbox and the guard's corpus.
  const messages: Buffer[] = ['test/fixtures/mail', 'test/fixtures/hostile/eml', ...(options.extraMailDirs ?? [])].flatMap((dir) =>
    readdirSync(resolve(dir))
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .map((f) => readFileSync(join(resolve(dir), f))),
  );
  messages.push(...(options.extraMessages ?? []));
  const more = (options.moreAccounts ?? []).map((a) => ({ address: a.address, mailboxDir: resolve(a.mailDir) }));
  const fake = await createFakeGoogle({ accounts: [{ address: DEFAULT_ACCOUNT, messages }, ...more], autoConsent: false });
  const admin = await startFakeAdmin(fake);
  mkdirSync(outputDir, { recursive: true });
  const clientJson = join(outputDir, 'client_secret_fake.apps.googleusercontent.com.json');
  writeFileSync(
    clientJson,
    JSON.stringify({
      installed: {
        client_id: fake.client.clientId,
        client_secret: fake.client.clientSecret,
        auth_uri: fake.endpoints.authUrl,
        token_uri: fake.endpoints.tokenUrl,
        redirect_uris: ['http://localhost'],
      },
    }),
  );
  let consentScreenshots = 0;
  return {
    fake,
    env: {
      GMAIL_TOOLS_FAKE_GOOGLE_URL: fake.baseUrl,
      FAKE_GOOGLE_ADMIN_URL: admin.url,
      FAKE_GOOGLE_CLIENT_JSON: clientJson,
    },
    /** The consent page (reached through code-server's /proxy/PORT/ rewrite or directly). */
    async handleConsentPage(page: Page): Promise<boolean> {
      await page.waitForLoadState('domcontentloaded').catch(() => undefined);
      if (!/\/o\/oauth2\/v2\/auth/.test(page.url())) return false;
      const button = page.locator(admin.consentDecision === 'deny' ? '#deny' : '#approve');
      await button.waitFor({ timeout: 15_000 });
      if (admin.consentAccount) await page.selectOption('#account', admin.consentAccount);
      if (takeScreenshot && consentScreenshots++ === 0) await takeScreenshot(page, 'fake-google-consent');
      await button.click();
      await page.waitForLoadState('load').catch(() => undefined);
      await page.close().catch(() => undefined);
      return true;
    },
    async stop(): Promise<void> {
      await admin.close();
      await fake.close();
    },
  };
}
