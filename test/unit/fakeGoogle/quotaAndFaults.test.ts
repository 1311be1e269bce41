import assert from 'node:assert/strict';
import type { gmail_v1 } from '@googleapis/gmail';
import { createFakeGoogle, OLDER_PROJECT_QUOTA, QUOTA_UNITS, type FakeGoogle } from '../../fakeGoogle/index';
import { failure, gmailFor, SCOPE, signIn, TEST_MAIL_DIR } from './helpers';

describe('fake Gmail quota and fault injection', () => {
  let fake: FakeGoogle;
  let api: gmail_v1.Gmail;
  let token: string;
  beforeEach(async () => {
    fake = await createFakeGoogle({ mailboxDir: TEST_MAIL_DIR, autoConsent: true });
    const client = await signIn(fake, [SCOPE.readonly]);
    token = client.credentials.access_token!;
    api = gmailFor(fake, client);
  });
  afterEach(() => fake.close());

  it('enforces a new project\'s 6,000 units a minute per user by default; OLDER_PROJECT_QUOTA gives 15,000', async () => {
    assert.equal(fake.settings.quota.unitsPerWindow, 6_000);
    assert.equal(fake.settings.quota.windowSeconds, 60);
    const older = await createFakeGoogle({ quota: OLDER_PROJECT_QUOTA });
    try {
      assert.equal(older.settings.quota.unitsPerWindow, 15_000);
      assert.equal(older.settings.quota.windowSeconds, 60);
    } finally {
      await older.close();
    }
  });

  it('charges Gmail\'s published units and logs them per request', async () => {
    assert.equal(QUOTA_UNITS['messages.send'], 100);
    assert.equal(QUOTA_UNITS['messages.batchModify'], 50);
    const list = await api.users.messages.list({ userId: 'me' });
    await api.users.messages.get({ userId: 'me', id: list.data.messages![0].id! });
    await api.users.threads.list({ userId: 'me' });
    await api.users.labels.list({ userId: 'me' });
    await api.users.getProfile({ userId: 'me' });
    assert.equal(fake.unitsUsed(), 5 + 5 + 10 + 1 + 1);
    const gmailEntries = fake.requestLog.filter((e) => e.path.startsWith('/gmail/'));
    assert.deepEqual(gmailEntries.map((e) => e.quotaUnits), [5, 5, 10, 1, 1]);
    assert.ok(gmailEntries.every((e) => e.account === 'demo.user@example.com' && e.status === 200));
  });

  it('answers 429 rateLimitExceeded (the time in the message, Retry-After only when switched on) once the per-user window is spent, and recovers', async () => {
    fake.settings.rateLimitRetryAfterHeader = true;
    fake.settings.quota.unitsPerWindow = 50;
    fake.settings.quota.windowSeconds = 1;
    const results = await Promise.allSettled(Array.from({ length: 15 }, () => api.users.messages.list({ userId: 'me' })));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    assert.equal(ok, 10, '50 units / 5 per list');
    const limited = await failure(api.users.messages.list({ userId: 'me' }));
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.errors[0].reason, 'rateLimitExceeded');
    assert.equal(limited.body.error.errors[0].domain, 'usageLimits');
    assert.match(limited.body.error.message, /^User-rate limit exceeded\. {2}Retry after \d{4}-\d\d-\d\dT[\d:.]+Z$/);
    assert.match(limited.headers['retry-after'], /^\d+$/);
    fake.settings.rateLimitRetryAfterHeader = false;
    const textOnly = await failure(api.users.messages.list({ userId: 'me' }));
    assert.equal(textOnly.status, 429);
    assert.equal(textOnly.headers['retry-after'], undefined, 'like Gmail, no header by default');
    assert.match(textOnly.body.error.message, /Retry after \d{4}-/);
    assert.equal(fake.unitsUsed(), 50, 'rejected calls cost nothing');
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal((await api.users.messages.list({ userId: 'me' })).status, 200);
  });

  it('answers 403 dailyLimitExceeded when the total is spent or the switch is on', async () => {
    fake.settings.quota.dailyUnits = 6;
    await api.users.getProfile({ userId: 'me' });
    await api.users.messages.list({ userId: 'me' });
    const daily = await failure(api.users.getProfile({ userId: 'me' }));
    assert.equal(daily.status, 403);
    assert.equal(daily.body.error.errors[0].reason, 'dailyLimitExceeded');
    fake.settings.quota.dailyUnits = undefined;
    fake.settings.quota.exhausted = true;
    assert.equal((await failure(api.users.labels.list({ userId: 'me' }))).status, 403);
  });

  it('injects 500/503 backendError for the next N matching requests only', async () => {
    fake.injectFault({ kind: 'backendError', status: 503, times: 2, path: '/messages' });
    assert.equal((await api.users.getProfile({ userId: 'me' })).status, 200, 'path filter');
    const first = await failure(api.users.messages.list({ userId: 'me' }));
    assert.equal(first.status, 503);
    assert.equal(first.body.error.errors[0].reason, 'backendError');
    assert.equal((await failure(api.users.messages.list({ userId: 'me' }))).status, 503);
    assert.equal((await api.users.messages.list({ userId: 'me' })).status, 200);
    assert.equal(fake.settings.faults.length, 0);
    fake.injectFault({ kind: 'backendError', fraction: 0 });
    assert.equal((await api.users.getProfile({ userId: 'me' })).status, 200, 'fraction 0 never fires');
  });

  it('resets the connection before or after processing, and can send malformed JSON', async () => {
    const call = () => fetch(`${fake.baseUrl}/gmail/v1/users/me/profile`, { headers: { authorization: `Bearer ${token}` } });
    fake.injectFault({ kind: 'resetBeforeReply', times: 1 });
    await assert.rejects(call());
    assert.equal(fake.unitsUsed(), 0, 'nothing was processed');
    fake.injectFault({ kind: 'resetAfterProcessing', times: 1 });
    await assert.rejects(call());
    assert.equal(fake.unitsUsed(), 1, 'the request was processed before the reset');
    fake.injectFault({ kind: 'malformedJson', times: 1 });
    const res = await call();
    assert.equal(res.status, 200);
    await assert.rejects(res.json());
    assert.equal((await call()).status, 200);
  });

  it('adds latency from settings and from latency faults', async () => {
    fake.settings.latencyMs = 60;
    fake.injectFault({ kind: 'latency', latencyMs: 60, times: 1 });
    const started = Date.now();
    await api.users.getProfile({ userId: 'me' });
    assert.ok(Date.now() - started >= 115);
  });
});
