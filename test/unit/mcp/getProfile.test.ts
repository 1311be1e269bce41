import { strict as assert } from 'node:assert';
import { textOf } from './harness';
import { ME, startWriteHarness, type WriteHarness } from './writeHarness';

interface Profile {
  emailAddress: string;
  sendAs?: Array<{ email: string; displayName?: string; isPrimary: boolean; isDefault: boolean; hasSignature: boolean }>;
  sendAsUnavailable?: string;
}

describe('mcp get_profile: send-as aliases from users.settings.sendAs.list (fake Google)', function () {
  this.timeout(30_000);
  let h: WriteHarness;
  before(async () => {
    h = await startWriteHarness();
  });
  after(async () => h.close());

  it('lists the primary address and the verified alias, not the pending one, and never the signature', async () => {
    const result = await h.call('get_profile');
    assert.equal(result.isError, undefined, textOf(result));
    const s = result.structuredContent as unknown as Profile;
    assert.equal(s.emailAddress, ME);
    assert.deepEqual(s.sendAs, [
      { email: ME, isPrimary: true, isDefault: true, hasSignature: false },
      { email: 'team@example.com', displayName: 'Team Desk', isPrimary: false, isDefault: false, hasSignature: true },
    ]);
    const text = textOf(result);
    assert.match(text, /\nSends as: demo\.user@example\.com \(primary, default\); Team Desk <team@example\.com> \(has a signature\)\.$/);
    const everything = `${text}\n${JSON.stringify(result.structuredContent)}`;
    assert.doesNotMatch(everything, /old\.address/, 'an alias still pending verification cannot be sent from');
    assert.doesNotMatch(everything, /<div|tracker\.example|team\.example\/help/, 'the signature HTML stays out');
    assert.ok(h.fake.requestLog.some((e) => e.path === '/gmail/v1/users/me/settings/sendAs' && e.status === 200 && e.quotaUnits === 1));
  });

  it('a default alias is marked; a failing send-as list leaves the profile intact and says why', async () => {
    const mailbox = h.fake.mailbox();
    const saved = mailbox.sendAs.map((x) => ({ ...x }));
    try {
      mailbox.sendAs = saved.map((x) => ({ ...x, isDefault: x.sendAsEmail === 'team@example.com' }));
      const aliased = (await h.call('get_profile')).structuredContent as unknown as Profile;
      assert.deepEqual(aliased.sendAs?.filter((x) => x.isDefault).map((x) => x.email), ['team@example.com']);

      h.fake.injectFault({ kind: 'backendError', status: 503, path: '/settings/sendAs' });
      const result = await h.call('get_profile');
      assert.equal(result.isError, undefined);
      const s = result.structuredContent as unknown as Profile;
      assert.equal(s.emailAddress, ME);
      assert.equal(s.sendAs, undefined);
      assert.match(s.sendAsUnavailable ?? '', /unavailable|503|try again/i);
      assert.match(textOf(result), /Send-as addresses unavailable:/);
    } finally {
      h.fake.clearFaults();
      mailbox.sendAs = saved;
    }
  });
});
