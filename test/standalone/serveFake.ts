/**
 * `npm run serve:fake -- --mailbox DIR [--latency MS] [--port N]`: the fake Google with that mailbox, signed in
 * through its OAuth, and the Gmail MCP server in TCP test mode (bearer token, Host and Origin checks). Prints
 * one JSON line {url, bearerToken, account, fakeGoogle} and runs until killed. For conformance tests,
 * benchmarks and other MCP clients.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { AccountServerLauncher } from '../../src/mcp/server/accountServer';
import { NO_OBSERVER } from '../../src/mcp/server/callObserver';
import { createFakeGoogle } from '../fakeGoogle';
import { signInToFake } from './signInToFake';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mailbox: { type: 'string', default: 'test/fixtures/mail' },
      latency: { type: 'string', default: '0' },
      port: { type: 'string', default: '0' },
    },
  });
  const fake = await createFakeGoogle({ mailboxDir: resolve(values.mailbox!), latencyMs: Number(values.latency) });
  const { tokenSource, grant } = await signInToFake(fake);
  const account = fake.accounts[0];
  const launcher = new AccountServerLauncher({
    endpoints: fake.endpoints,
    observer: NO_OBSERVER,
    tokenSourceFor: () => tokenSource,
    grantedScopesFor: async () => grant.grantedScopes,
    listen: { kind: 'tcp', port: Number(values.port) },
    log: (message) => process.stderr.write(`${message}\n`),
  });
  const endpoint = await launcher.start(account);
  const bearer = endpoint.server.authHeader.value.replace(/^Bearer\s+/i, '');
  process.stdout.write(`${JSON.stringify({ url: endpoint.server.url, bearerToken: bearer, account, fakeGoogle: fake.baseUrl })}\n`);

  const stop = async () => {
    await endpoint.close();
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
