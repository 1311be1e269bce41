/**
 * `npm run serve:fake -- [--mailbox DIR] [--second-mailbox DIR] [--latency MS] [--port N]
 * [--toolsets read,drafts,send,organize] [--confirm approve|decline] [--older-project-quota]`: the fake Google (Gmail's per-user quota of a new Cloud
 * project, 6,000 units a minute, or 15,000 with --older-project-quota) with that mailbox, signed in
 * through its OAuth with the scopes of those toolsets, and the Gmail MCP server in TCP test mode (bearer token, Host
 * and Origin checks). Every confirmation is answered by --confirm (default decline) and written to stderr as one
 * line `CONFIRMATION <json>` (tool, kind, account, grade, summary, items with their grades and reasons: see
 * confirmationLine.ts). Prints one JSON line {url, bearerToken, account, fakeGoogle, admin, toolsets, confirm} and
 * runs until killed. With --second-mailbox, a second account (sam.rivera@northwind.example) is served too, by the
 * same launcher as the extension serves two, and the line adds `accounts`: [{account, url, bearerToken}] for both
 * (an address read in one account's mail and sent from the other). `admin` is the fake's control API (GET /sent,
 * GET /message?id=, GET /log) for checking what a call changed. For conformance tests, benchmarks, black-box checks
 * and other MCP clients; never reachable from the extension.
 */
import { resolve } from 'node:path';
import { AccountServerLauncher, type AccountMcpEndpoint } from '../../src/mcp/server/accountServer';
import { NO_OBSERVER } from '../../src/mcp/server/callObserver';
import { scopesForToolsets } from '../../src/gmail/scopes';
import { createFakeGoogle, DEFAULT_ACCOUNT } from '../fakeGoogle';
import { startFakeAdmin } from '../fakeGoogle/adminServer';
import { flagConfirmer } from './flagConfirmer';
import { parseServeFakeArgs, SECOND_ACCOUNT, SERVE_FAKE_USAGE } from './serveFakeArgs';
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
  const fake = await createFakeGoogle({
    accounts: [
      { address: DEFAULT_ACCOUNT, mailboxDir: resolve(options.mailbox) },
      ...(options.secondMailbox ? [{ address: SECOND_ACCOUNT, mailboxDir: resolve(options.secondMailbox) }] : []),
    ],
    latencyMs: options.latencyMs,
    quota: { unitsPerWindow: options.unitsPerMinute, windowSeconds: 60 },
  });
  const admin = await startFakeAdmin(fake);
  const signedIn = new Map<string, Awaited<ReturnType<typeof signInToFake>>>();
  for (const address of fake.accounts) signedIn.set(address, await signInToFake(fake, scopesForToolsets(options.toolsets), address));
  // One launcher for every account, as the extension has: what one account's server read is known to the other's.
  const launcher = new AccountServerLauncher({
    endpoints: fake.endpoints,
    observer: NO_OBSERVER,
    tokenSourceFor: (address) => signedIn.get(address)!.tokenSource,
    grantedScopesFor: async (address) => signedIn.get(address)!.grant.grantedScopes,
    toolsets: () => options.toolsets,
    confirmer: flagConfirmer(options.confirm, log),
    listen: { kind: 'tcp', port: options.port },
    quotaUnitsPerMinute: () => options.unitsPerMinute,
    log,
  });
  const endpoints: AccountMcpEndpoint[] = [];
  for (const address of fake.accounts) endpoints.push(await launcher.start(address));
  const served = endpoints.map((e) => ({ account: e.account, url: e.server.url, bearerToken: e.server.authHeader.value.replace(/^Bearer\s+/i, '') }));
  const [first] = served;
  process.stdout.write(
    `${JSON.stringify({ ...first, fakeGoogle: fake.baseUrl, admin: admin.url, toolsets: options.toolsets, confirm: options.confirm, ...(served.length > 1 ? { accounts: served } : {}) })}\n`,
  );

  const stop = async () => {
    for (const endpoint of endpoints) await endpoint.close();
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
