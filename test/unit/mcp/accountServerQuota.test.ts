import { strict as assert } from 'node:assert';
import { InProcessMailProcessor } from '../../../src/mail/processing/mailProcessor';
import { AccountServerLauncher } from '../../../src/mcp/server/accountServer';
import { NO_OBSERVER } from '../../../src/mcp/server/callObserver';
import { createFakeGoogle, OLDER_PROJECT_QUOTA, type FakeGoogle } from '../../fakeGoogle/index';
import { signInToFake } from '../../standalone/signInToFake';

describe('mcp AccountServerLauncher: the quota setting reaches the account\'s Gmail client', function () {
  this.timeout(30_000);
  let fake: FakeGoogle;
  before(async () => {
    fake = await createFakeGoogle({ quota: OLDER_PROJECT_QUOTA });
  });
  after(async () => fake?.close());

  const startWith = async (quotaUnitsPerMinute?: () => number | undefined) => {
    const { tokenSource, grant } = await signInToFake(fake);
    const launcher = new AccountServerLauncher({
      endpoints: fake.endpoints,
      observer: NO_OBSERVER,
      tokenSourceFor: () => tokenSource,
      grantedScopesFor: async () => grant.grantedScopes,
      mailProcessor: new InProcessMailProcessor(),
      listen: { kind: 'tcp' },
      quotaUnitsPerMinute,
    });
    return launcher.start(fake.accounts[0]);
  };

  it('paces at the setting (read at each start), and at 6,000 a minute when it is unset', async () => {
    let setting: number | undefined = 15_000;
    const older = await startWith(() => setting);
    try {
      // 15,000 a minute: a 250-unit burst, then (15,000 - 250) / 60 units a second.
      assert.equal(older.quotaUnitsPerSecond(), (15_000 - 250) / 60);
    } finally {
      await older.close();
    }
    setting = undefined;
    const unset = await startWith(() => setting);
    try {
      assert.equal(unset.quotaUnitsPerSecond(), (6_000 - 100) / 60);
    } finally {
      await unset.close();
    }
  });
});
