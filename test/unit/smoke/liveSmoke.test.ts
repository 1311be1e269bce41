import { strict as assert } from 'node:assert';
import { runLiveSmoke } from '../../smoke/liveSmoke';
import { createFakeGoogle, type FakeGoogle } from '../../fakeGoogle/index';
import { rawMail } from '../mcp/writeHarness';

/** The person at the consent page: follows the fake's redirects to the loopback listener. */
async function consent(url: string): Promise<boolean> {
  void (async () => {
    let next = url;
    for (let hop = 0; hop < 5; hop++) {
      const res = await fetch(next, { redirect: 'manual' });
      await res.arrayBuffer();
      const location = res.headers.get('location');
      if (!location) return;
      next = new URL(location, next).toString();
    }
  })();
  return true;
}

describe('npm run smoke:live, run against the fake Google with the same code', function () {
  this.timeout(30_000);
  let fake: FakeGoogle;
  before(async () => {
    fake = await createFakeGoogle({
      accounts: [{ address: 'demo.user@example.com', messages: [await rawMail({ from: 'alice@example.com', to: 'demo.user@example.com', subject: 'Hello', text: 'Hi there.', date: new Date('2024-05-01T09:00:00Z') })] }],
      autoConsent: true,
    });
  });
  after(async () => fake.close());

  it('signs in, reads profile, labels, one search and one message, creates and deletes a draft, sends nothing, revokes, prints no token', async () => {
    const lines: string[] = [];
    const report = await runLiveSmoke({ client: fake.client, endpoints: fake.endpoints, openBrowser: consent, log: (l) => lines.push(l), signInTimeoutMs: 10_000 });
    assert.equal(report.account, 'demo.user@example.com');
    assert.deepEqual(
      lines.map((l) => l.split(':')[0]),
      ['sign-in', 'profile', 'send-as', 'labels', 'search', 'read', 'draft', 'draft', 'revoke'],
    );
    assert.match(lines[0], /^sign-in: ok, granted 2 scope\(s\)$/);
    assert.match(lines[4], /^search: ok, 1 hit\(s\)/);
    assert.match(lines[5], /^read: ok, message \S+: \d+ characters of body, 0 attachment\(s\)$/);
    assert.equal(lines.at(-1), 'revoke: ok, the grant is gone');

    assert.deepEqual(fake.drafts(), [], 'the draft is gone');
    assert.deepEqual(fake.sentMessages(), [], 'nothing was sent');
    assert.ok(!fake.requestLog.some((e) => /\/(messages|drafts)\/send$/.test(e.path)), 'no send request at all');
    assert.ok(fake.requestLog.some((e) => e.method === 'DELETE' && /\/drafts\/[^/]+$/.test(e.path) && e.status === 204));
    const output = lines.join('\n');
    for (const token of fake.issuedTokens()) assert.ok(!output.includes(token), 'no code or token in the output');
    assert.ok(!output.includes(fake.client.clientSecret));
  });

  it('fails clearly, still revoking, when a step fails', async () => {
    fake.injectFault({ kind: 'backendError', status: 500, path: '/labels' });
    const lines: string[] = [];
    try {
      await assert.rejects(
        runLiveSmoke({ client: fake.client, endpoints: fake.endpoints, openBrowser: consent, log: (l) => lines.push(l), signInTimeoutMs: 10_000 }),
        /labels\.list|Gmail/,
      );
    } finally {
      fake.clearFaults();
    }
    assert.equal(lines.at(-1), 'revoke: ok, the grant is gone');
    assert.deepEqual(fake.drafts(), []);
  });
});
