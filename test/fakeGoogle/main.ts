/**
 * Runs the fake Google until killed:
 *   npx tsx test/fakeGoogle/main.ts --mailbox DIR [--port N] [--auto-consent] [--account ADDRESS] [--older-project-quota]
 * Gmail's per-user quota is a new project's 6,000 units a minute, or 15,000 with --older-project-quota.
 * Prints one JSON line: {"baseUrl":..., "clientId":..., "clientSecret":...}.
 */
import { parseArgs } from 'node:util';
import { createFakeGoogle, DEFAULT_ACCOUNT, OLDER_PROJECT_QUOTA } from './index';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mailbox: { type: 'string' },
      port: { type: 'string', default: '0' },
      'auto-consent': { type: 'boolean', default: false },
      account: { type: 'string', default: DEFAULT_ACCOUNT },
      'older-project-quota': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.mailbox) throw new Error('--mailbox DIR is required');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  const fake = await createFakeGoogle({
    accounts: [{ address: values.account, mailboxDir: values.mailbox }],
    port,
    autoConsent: values['auto-consent'],
    quota: values['older-project-quota'] ? OLDER_PROJECT_QUOTA : undefined,
  });
  process.stdout.write(`${JSON.stringify({ baseUrl: fake.baseUrl, clientId: fake.client.clientId, clientSecret: fake.client.clientSecret })}\n`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`fake Google: ${(err as Error).message}\n`);
  process.exit(1);
});
