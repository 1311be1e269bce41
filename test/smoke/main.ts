import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { GOOGLE_ENDPOINTS } from '../../src/gmail/endpoints';
import { redactSecrets } from '../../src/gmail/errors';
import { runLiveSmoke } from './liveSmoke';

/**
 * npm run smoke:live -- path/to/client_secret.json
 * Against Google's real endpoints only (the fake is for the unit test, which calls runLiveSmoke itself).
 */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('Usage: npm run smoke:live -- <client_secret JSON of a Desktop OAuth client>');
  const client = desktopClient(await readFile(file, 'utf8'));
  const report = await runLiveSmoke({
    client,
    endpoints: GOOGLE_ENDPOINTS,
    openBrowser: async (url) => {
      // The URL holds the public client id, a state and a PKCE challenge: no secret.
      console.log(`Sign in with the account to test (opening a browser; else open this URL):\n${url}\n`);
      return openInBrowser(url);
    },
    log: (line) => console.log(line),
  });
  console.log(`\nsmoke:live passed for ${report.account} (${report.steps.length} steps; nothing was sent).`);
}

/** Google's client_secret_*.json of a Desktop app ("installed"). */
function desktopClient(json: string): { clientId: string; clientSecret: string } {
  const installed = (JSON.parse(json) as { installed?: { client_id?: unknown; client_secret?: unknown } }).installed;
  if (typeof installed?.client_id !== 'string' || typeof installed.client_secret !== 'string') {
    throw new Error('This JSON has no Desktop-app client ("installed" with client_id and client_secret).');
  }
  return { clientId: installed.client_id, clientSecret: installed.client_secret };
}

function openInBrowser(url: string): Promise<boolean> {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}

main().catch((error: unknown) => {
  console.error(`smoke:live failed: ${redactSecrets(error instanceof Error ? error.message : String(error))}`);
  process.exitCode = 1;
});
