import assert from 'node:assert/strict';
import { AccessTokenCache } from '../../../src/auth/accessTokenCache';

describe('AccessTokenCache (access tokens in memory only)', () => {
  it('coalesces concurrent refreshes into one and reuses the token until shortly before expiry', async () => {
    let now = 1_000_000;
    const cache = new AccessTokenCache(() => now);
    let refreshes = 0;
    const refresh = async () => {
      refreshes++;
      await new Promise((r) => setTimeout(r, 10));
      return { token: `t${refreshes}`, expiresAt: now + 3600_000 };
    };
    const tokens = await Promise.all(Array.from({ length: 10 }, () => cache.get('s', refresh)));
    assert.deepEqual(new Set(tokens), new Set(['t1']));
    assert.equal(refreshes, 1);
    now += 3600_000 - 30_000; // within the refresh margin
    assert.equal(await cache.get('s', refresh), 't2');
    assert.equal(refreshes, 2);
  });

  it('forgets a token Google refused (invalidate) but not a newer one', async () => {
    const cache = new AccessTokenCache();
    let n = 0;
    const refresh = async () => ({ token: `t${++n}`, expiresAt: Date.now() + 3600_000 });
    assert.equal(await cache.get('s', refresh), 't1');
    cache.invalidate('s', 'stale-other-token');
    assert.equal(await cache.get('s', refresh), 't1');
    cache.invalidate('s', 't1');
    assert.equal(await cache.get('s', refresh), 't2');
  });

  it('does not keep the result of a refresh that a sign-out overtook', async () => {
    const cache = new AccessTokenCache();
    let release!: () => void;
    const slow = cache.get('s', () => new Promise((resolve) => (release = () => resolve({ token: 'late', expiresAt: Date.now() + 3600_000 }))));
    cache.delete('s');
    release();
    assert.equal(await slow, 'late');
    let refreshed = false;
    await cache.get('s', async () => ((refreshed = true), { token: 'fresh', expiresAt: Date.now() + 3600_000 }));
    assert.equal(refreshed, true, 'the overtaken token was not cached');
  });
});
