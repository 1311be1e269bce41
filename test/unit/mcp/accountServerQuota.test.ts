import { strict as assert } from 'node:assert';
import { createFakeGoogle, OLDER_PROJECT_QUOTA, type FakeGoogle } from '../../fakeGoogle/index';
import { startAccountServerOnFake } from './accountServerOnFake';

describe('mcp AccountServerLauncher: the quota setting reaches the account\'s Gmail client', function () {
  this.timeout(30_000);
  let fake: FakeGoogle;
  before(async () => {
    fake = await createFakeGoogle({ quota: OLDER_PROJECT_QUOTA });
  });
  after(async () => fake?.close());

  const startWith = (quotaUnitsPerMinute?: () => number | undefined) => startAccountServerOnFake(fake, { quotaUnitsPerMinute });

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
