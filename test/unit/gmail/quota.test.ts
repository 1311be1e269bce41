import { strict as assert } from 'node:assert';
import {
  AdaptivePace,
  DEFAULT_UNITS_PER_MINUTE,
  GMAIL_QUOTA_UNITS,
  GMAIL_USER_UNITS_PER_MINUTE,
  QuotaLimiter,
  type GmailMethod,
} from '../../../src/gmail/quota';
import { QUOTA_UNITS, USER_UNITS_PER_MINUTE } from '../../fakeGoogle/index';

/** A clock the test moves by hand. */
function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('gmail/quota: the per-user limit and the pace after rate-limit answers', () => {
  it('defaults to a new project\'s 6,000 units a minute, and no 60 s span can carry more than that', () => {
    assert.equal(DEFAULT_UNITS_PER_MINUTE, 6_000);
    assert.deepEqual(GMAIL_USER_UNITS_PER_MINUTE, { newProject: 6_000, olderProject: 15_000 });
    const limiter = new QuotaLimiter();
    assert.equal(limiter.unitsPerMinute, 6_000);
    assert.equal(limiter.burstUnits, 100, 'one second\'s worth, and a send fits');
    // A full burst, then the steady pace for 60 s: exactly the minute's units.
    assert.ok(Math.abs(limiter.burstUnits + 60 * limiter.unitsPerSecond() - 6_000) < 1e-9, `${limiter.unitsPerSecond()} units/s`);
    const older = new QuotaLimiter({ unitsPerMinute: GMAIL_USER_UNITS_PER_MINUTE.olderProject });
    assert.equal(older.burstUnits, 250);
    assert.ok(Math.abs(older.burstUnits + 60 * older.unitsPerSecond() - 15_000) < 1e-9);
  });

  it('charges what the fake Google charges, method by method (both from Google\'s table)', () => {
    const fakeName = (method: GmailMethod) => (method === 'users.getProfile' ? 'getProfile' : method);
    for (const [method, units] of Object.entries(GMAIL_QUOTA_UNITS) as Array<[GmailMethod, number]>) {
      assert.equal((QUOTA_UNITS as Record<string, number>)[fakeName(method)], units, method);
    }
    assert.deepEqual(USER_UNITS_PER_MINUTE, GMAIL_USER_UNITS_PER_MINUTE);
    assert.equal(GMAIL_QUOTA_UNITS['messages.get'], 5);
    assert.equal(GMAIL_QUOTA_UNITS['messages.list'], 5);
    assert.equal(GMAIL_QUOTA_UNITS['messages.send'], 100);
    assert.equal(GMAIL_QUOTA_UNITS['drafts.delete'], 10);
  });

  it('halves the pace on a rate-limit answer, once per event, and climbs back linearly within a minute', () => {
    const clock = fakeClock();
    const pace = new AdaptivePace(100, 0.5, clock.now);
    assert.equal(pace.unitsPerSecond(), 100);
    assert.equal(pace.rateLimited(), true);
    assert.equal(pace.unitsPerSecond(), 50);
    // The other calls in flight come back refused too: the same event, not a reason to halve again.
    clock.advance(500);
    assert.equal(pace.rateLimited(), false);
    assert.equal(pace.unitsPerSecond(), 50 + (100 * 0.5 * 500) / 60_000);
    clock.advance(29_500);
    assert.equal(pace.unitsPerSecond(), 75, 'half way back after 30 s');
    clock.advance(29_999);
    assert.ok(pace.unitsPerSecond() < 100);
    clock.advance(1);
    assert.equal(pace.unitsPerSecond(), 100, 'the full pace again after a minute');
    clock.advance(3_600_000);
    assert.equal(pace.unitsPerSecond(), 100, 'never above the full pace');
  });

  it('halves again from wherever it stands, but never below an eighth of the full pace', () => {
    const clock = fakeClock();
    const pace = new AdaptivePace(100, 0.5, clock.now);
    pace.rateLimited();
    clock.advance(30_000);
    assert.equal(pace.unitsPerSecond(), 75);
    assert.equal(pace.rateLimited(), true);
    assert.equal(pace.unitsPerSecond(), 37.5);
    // From 37.5 back to 100 at 50 units/s a minute: 75 s.
    clock.advance(74_999);
    assert.ok(pace.unitsPerSecond() < 100);
    clock.advance(1);
    assert.equal(pace.unitsPerSecond(), 100);
    for (let i = 0; i < 10; i++) {
      clock.advance(2_000);
      pace.rateLimited();
    }
    assert.ok(Math.abs(pace.unitsPerSecond() - 12.5) < 1e-9, `${pace.unitsPerSecond()}`);
  });

  it('a rate-limit answer empties the bucket and slows the limiter: the next get waits at half the pace', () => {
    const clock = fakeClock();
    const limiter = new QuotaLimiter({ unitsPerMinute: 6_000, now: clock.now });
    assert.equal(limiter.waitTimeMs('messages.get'), 0, 'a full bucket: no wait');
    limiter.rateLimited();
    const half = (6_000 - 100) / 60 / 2;
    assert.equal(limiter.unitsPerSecond(), half);
    const wait = limiter.waitTimeMs('messages.get');
    const expected = (5 / half) * 1000;
    // The bucket refills on the real clock: a few microseconds may have dripped in since.
    assert.ok(wait <= Math.ceil(expected) && wait >= expected - 5, `waits ${wait} ms, ${expected.toFixed(1)} expected`);
    clock.advance(60_000);
    assert.equal(limiter.unitsPerSecond(), (6_000 - 100) / 60, 'recovered');
  });

  it('refuses settings that could never admit a send or carry a burst', () => {
    assert.throws(() => new QuotaLimiter({ unitsPerMinute: 3_000, burstUnits: 50 }), /at least 100/);
    assert.throws(() => new QuotaLimiter({ unitsPerMinute: 0 }), /positive/);
    assert.throws(() => new QuotaLimiter({ unitsPerMinute: 100 }), /more than one burst/);
    assert.throws(() => new AdaptivePace(100, 0, () => 0), /recoveryPerMinute/);
  });
});
