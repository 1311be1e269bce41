import { strict as assert } from 'node:assert';
import { UserLimits, isSensitiveQuery, type UserLimitSettings } from '../../../src/guard/userLimits';

function policyWith(settings: Partial<UserLimitSettings> = {}) {
  let now = Date.UTC(2024, 0, 1, 12);
  const current = { ...settings };
  const policy = new UserLimits({ settings: () => current, now: () => now });
  return { policy, current, advance: (ms: number) => (now += ms) };
}

describe('guard/userLimits', () => {
  it('blocklist refuses (subdomains too) and wins over the allowlist; a non-empty allowlist refuses everything else', () => {
    const { policy, current } = policyWith({ blockedRecipientDomains: ['evil.example', '@Bad.Example.'] });
    assert.equal(policy.checkRecipients(['Bob <bob@example.com>']).allowed, true);
    const blocked = policy.checkRecipients(['ok@example.com', 'Eve <eve@mail.evil.example>', 'x@bad.example']);
    assert.equal(blocked.allowed, false);
    assert.match(!blocked.allowed ? blocked.message : '', /eve@mail\.evil\.example, x@bad\.example are in a blocked recipient domain\. Nothing was sent\./);
    assert.equal(policy.checkRecipients(['a@notevil.example']).allowed, true, 'a suffix is not a subdomain');

    current.allowedRecipientDomains = ['example.com'];
    current.blockedRecipientDomains = ['example.com'];
    assert.match(JSON.stringify(policy.checkRecipients(['a@example.com'])), /blocked/);
    current.blockedRecipientDomains = [];
    assert.equal(policy.checkRecipients(['a@example.com', 'b@eu.example.com']).allowed, true);
    const outside = policy.checkRecipients(['a@example.com', 'c@other.example']);
    assert.match(!outside.allowed ? outside.message : '', /c@other\.example is outside the allowed recipient domains \(example\.com\)/);
  });

  it('caps recipients per message and falls back to defaults for nonsense settings', () => {
    const { policy, current } = policyWith({ maxRecipientsPerMessage: 2 });
    assert.equal(policy.checkRecipients(['a@x.example', 'b@x.example']).allowed, true);
    assert.match(JSON.stringify(policy.checkRecipients(['a@x.example', 'b@x.example', 'c@x.example'])), /3 recipients, the limit is 2/);
    current.maxRecipientsPerMessage = -5;
    assert.equal(policy.settings.maxRecipientsPerMessage, 20);
    const broken = new UserLimits({
      settings: () => {
        throw new Error('settings unavailable');
      },
    });
    assert.equal(broken.settings.sendsPerHour, 20, 'a throwing getter means defaults, not no limits');
  });

  it('sends per hour is a sliding window that follows the setting live', () => {
    const { policy, current, advance } = policyWith({ sendsPerHour: 2 });
    assert.equal(policy.checkSendRate().allowed, true);
    assert.equal(policy.reserveSend().allowed, true);
    advance(20 * 60_000);
    assert.equal(policy.reserveSend().allowed, true);
    const full = policy.reserveSend();
    assert.equal(full.allowed, false);
    assert.match(!full.allowed ? full.message : '', /2 messages were sent or proposed in the last hour, the limit is 2\. Nothing was sent; try again in about 40 minutes/);
    advance(40 * 60_000 + 1);
    assert.equal(policy.checkSendRate().allowed, true, 'the first send left the window');
    policy.reserveSend();
    assert.equal(policy.checkSendRate().allowed, false);
    current.sendsPerHour = 5;
    assert.equal(policy.checkSendRate().allowed, true, 'a raised limit applies at once');
    current.sendsPerHour = 0;
    assert.equal(policy.checkSendRate().allowed, false, '0 stops sending');
  });

  it('a released reservation frees its slot at once: declined and failed sends do not count', () => {
    const { policy } = policyWith({ sendsPerHour: 1 });
    const first = policy.reserveSend();
    assert.ok(first.allowed);
    assert.equal(policy.reserveSend().allowed, false, 'a pending proposal holds the only slot');
    first.release();
    first.release();
    const second = policy.reserveSend();
    assert.equal(second.allowed, true, 'released (twice, harmlessly): the slot is free');
    assert.equal(policy.reserveSend().allowed, false, 'a double release did not free a second slot');
  });

  it('caps messages per change call', () => {
    const { policy } = policyWith({ maxMessagesPerChange: 10 });
    assert.equal(policy.checkChangeCount(10).allowed, true);
    assert.match(JSON.stringify(policy.checkChangeCount(11)), /this call selects 11 messages, and one call may change at most 10\. Nothing was changed; select fewer messages/);
  });

  it('raises a read burst once per burst and re-arms when reading slows down', () => {
    const { policy, advance } = policyWith({ readsPerMinuteAlarm: 3 });
    assert.equal(policy.observeReads(1), undefined);
    assert.equal(policy.observeReads(2), undefined);
    const crossing = policy.observeReads(1);
    assert.equal(crossing?.kind, 'readBurst');
    assert.equal(crossing?.notify, true);
    assert.match(crossing?.message ?? '', /4 messages read within a minute \(the alarm is set at 3\)/);
    assert.equal(policy.observeReads(1)?.notify, false, 'flagged, not notified again');
    advance(61_000);
    assert.equal(policy.observeReads(1), undefined);
    advance(1000);
    policy.observeReads(3);
    assert.equal(policy.observeReads(0), undefined, 'a call that read nothing is not a burst');
  });

  it('counts the reads of the last minute only, as older ones leave the window', () => {
    const { policy, advance } = policyWith({ readsPerMinuteAlarm: 3 });
    assert.equal(policy.observeReads(2), undefined);
    advance(30_000);
    assert.equal(policy.observeReads(1), undefined, '3 in the minute: at the alarm, not over it');
    advance(31_000);
    assert.equal(policy.observeReads(2), undefined, 'the first 2 left the window: 3 again');
    advance(1000);
    assert.match(policy.observeReads(1)?.message ?? '', /^4 messages read within a minute/);
    advance(60_000);
    assert.equal(policy.observeReads(3), undefined, 'everything older than a minute is gone');
  });

  it('flags a search for secrets or money within the window after flagged content was read, and only then', () => {
    const { policy, advance } = policyWith({ sensitiveSearchWindowMs: 5 * 60_000 });
    assert.equal(policy.observeSearch('password reset'), undefined, 'nothing flagged was read');
    policy.observeReads(1, 'message m3');
    advance(2 * 60_000);
    const anomaly = policy.observeSearch('from:bank subject:(IBAN OR "bank details")');
    assert.equal(anomaly?.kind, 'sensitiveSearch');
    assert.match(anomaly?.message ?? '', /a search for "IBAN" within 2 minutes of reading message m3 with instruction-like content/);
    assert.equal(policy.observeSearch('lunch friday'), undefined);
    advance(4 * 60_000);
    assert.equal(policy.observeSearch('2FA code'), undefined, 'outside the window');
  });

  it('recognises sensitive searches in several phrasings and leaves ordinary ones alone', () => {
    for (const q of ['password', 'verification code', 'subject:invoice', '2fa', 'one-time code', 'bank details', 'api key', 'Rechnung']) {
      assert.ok(isSensitiveQuery(q), q);
    }
    for (const q of ['lunch', 'from:alice project plan', 'newer_than:7d is:unread', 'passage', 'invoiced']) {
      assert.ok(!isSensitiveQuery(q), q);
    }
  });
});
