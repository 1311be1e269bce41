import { InProcessMailProcessor } from '../../../src/mail/processing/mailProcessor';
import { AccountServerLauncher, type AccountMcpEndpoint, type AccountServerDeps } from '../../../src/mcp/server/accountServer';
import { NO_OBSERVER } from '../../../src/mcp/server/callObserver';
import type { FakeGoogle } from '../../fakeGoogle/index';
import { signInToFake } from '../../standalone/signInToFake';

/** The first account of the fake Google, signed in, served as the extension serves it (TCP, in-process mail parsing). */
export async function startAccountServerOnFake(fake: FakeGoogle, options: Partial<AccountServerDeps> = {}): Promise<AccountMcpEndpoint> {
  const { tokenSource, grant } = await signInToFake(fake);
  const launcher = new AccountServerLauncher({
    endpoints: fake.endpoints,
    observer: NO_OBSERVER,
    tokenSourceFor: () => tokenSource,
    grantedScopesFor: async () => grant.grantedScopes,
    mailProcessor: new InProcessMailProcessor(),
    listen: { kind: 'tcp' },
    ...options,
  });
  return launcher.start(fake.accounts[0]);
}
