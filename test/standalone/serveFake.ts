/**
 * `npm run serve:fake -- [--mailbox DIR] [--latency MS] [--port N] [--toolsets read,drafts,send,organize]
 * [--confirm approve|decline]`: the fake Google with that mailbox, signed in through its OAuth with the scopes
 * of those toolsets, and the Gmail MCP server in TCP test mode (bearer token, Host and Origin checks). Every
 * confirmation is answered by --confirm (default decline) and written to stderr as one line `CONFIRMATION <json>`
 * (tool, kind, account, grade, summary, items with their grades and reasons: see confirmationLine.ts). Prints one JSON line
 * {url, bearerToken, account, fakeGoogle, admin, toolsets, confirm} and runs until killed. `admin` is the fake's
 * control API (GET /sent, GET /message?id=, GET /log) for checking what a call changed. For conformance tests,
 * benchmarks, black-box checks and other MCP clients; never reachable from the extension.
 */
import { resolve } from 'node:path';
import { AccountServerLauncher } from '../../src/mcp/server/accountServer';
import { NO_OBSERVER } from '../../src/mcp/server/callObserver';
import { scopesForToolsets } from '../../src/gmail/scopes';
import { createFakeGoogle } from '../fakeGoogle';
import { startFakeAdmin } from '../fakeGoogle/adminServer';
import { flagConfirmer } from './flagConfirmer';
import { parseServeFakeArgs, SERVE_FAKE_USAGE } from './serveFakeArgs';
import { signInToFake } from './signInToFake';

async function main(): Promise<void> {
  let options;
  try {
    options = parseServeFakeArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`serve:fake: ${(err as Error).message}\n${SERVE_FAKE_USAGE}\n`);
    process.exit(2);
  }
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const fake = await createFakeGoogle({ mailboxDir: resolve(options.mailbox), latencyMs: options.latencyMs });
  const admin = await startFakeAdmin(fake);
  const { tokenSource, grant } = await signInToFake(fake, scopesForToolsets(options.toolsets));
  const account = fake.accounts[0];
  const launcher = new AccountServerLauncher({
    endpoints: fake.endpoints,
    observer: NO_OBSERVER,
    tokenSourceFor: () => tokenSource,
    grantedScopesFor: async () => grant.grantedScopes,
    toolsets: () => options.toolsets,
    confirmer: flagConfirmer(options.confirm, log),
    listen: { kind: 'tcp', port: options.port },
    log,
  });
  const endpoint = await launcher.start(account);
  const bearer = endpoint.server.authHeader.value.replace(/^Bearer\s+/i, '');
  process.stdout.write(
    `${JSON.stringify({ url: endpoint.server.url, bearerToken: bearer, account, fakeGoogle: fake.baseUrl, admin: admin.url, toolsets: options.toolsets, confirm: options.confirm })}\n`,
  );

  const stop = async () => {
    await endpoint.close();
    await admin.close();
    await fake.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`serve:fake failed: ${(err as Error).message}\n`);
  process.exit(1);
});
