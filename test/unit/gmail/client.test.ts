import { strict as assert } from 'node:assert';
import { GmailClient } from '../../../src/gmail/client';
import { endpointsAt } from '../../../src/gmail/endpoints';
import { GmailApiError } from '../../../src/gmail/errors';
import { QuotaLimiter } from '../../../src/gmail/quota';
import { AccessRevokedError } from '../../../src/gmail/tokenSource';
import { googleError, startGmailStub, type StubRequest, type StubResponse } from './gmailStub';

const TOKEN = 'ya29.test-access-token-value';
const tokenSource = { getAccessToken: async () => TOKEN };
const fastRetry = { initialDelayMs: 5, maxDelayMs: 20 };

function messageMeta(id: string): StubResponse {
  return {
    body: {
      id,
      threadId: `t-${id}`,
      labelIds: ['INBOX'],
      snippet: `snippet ${id}`,
      internalDate: '1700000000000',
      payload: { headers: [{ name: 'From', value: 'a@example.com' }, { name: 'Subject', value: `subject ${id}` }, { name: 'From', value: 'forged@evil.example' }] },
    },
  };
}

describe('gmail/client', () => {
  let stub: Awaited<ReturnType<typeof startGmailStub>> | undefined;
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  it('searches with a partial response, fans out metadata gets, and sends the token only as a header', async () => {
    stub = await startGmailStub((req) => {
      if (req.path === '/gmail/v1/users/me/messages') return { body: { messages: [{ id: 'a', threadId: 'ta' }, { id: 'b', threadId: 'tb' }], nextPageToken: 'p2' } };
      const id = req.path.split('/').pop() as string;
      return messageMeta(id);
    });
    const client = new GmailClient({ tokenSource, endpoints: endpointsAt(stub.baseUrl), retry: fastRetry });
    const result = await client.searchMessages({ query: 'from:a@example.com', maxResults: 2 });
    client.close();
    assert.deepEqual(result.messages.map((m) => m.id), ['a', 'b']);
    assert.equal(result.nextPageToken, 'p2');
    assert.equal(result.messages[0].headers.subject, 'subject a');
    assert.equal(result.messages[0].headers.from, 'a@example.com', 'the first From wins over a forged second one');
    const list = stub.requests[0];
    assert.equal(list.query.get('q'), 'from:a@example.com');
    assert.equal(list.query.get('fields'), 'messages(id,threadId),nextPageToken,resultSizeEstimate');
    const get = stub.requests[1];
    assert.equal(get.query.get('format'), 'metadata');
    assert.deepEqual(get.query.getAll('metadataHeaders'), ['From', 'To', 'Cc', 'Date', 'Subject']);
    assert.ok(get.query.get('fields')?.includes('payload/headers'));
    for (const r of stub.requests) {
      assert.equal(r.authorization, `Bearer ${TOKEN}`);
      assert.ok(![...r.query.values()].some((v) => v.includes(TOKEN)));
    }
  });

  it('retries 429 and 503 with backoff, honouring Retry-After, then succeeds', async () => {
    let calls = 0;
    stub = await startGmailStub(() => {
      calls++;
      if (calls === 1) return { ...googleError(429, 'rateLimitExceeded', 'slow down'), headers: { 'retry-after': '1' } };
      if (calls === 2) return googleError(503, 'backendError', 'Backend Error');
      return { body: { emailAddress: 'me@example.com', messagesTotal: 3, threadsTotal: 2, historyId: '9' } };
    });
    const client = new GmailClient({ tokenSource, endpoints: endpointsAt(stub.baseUrl), retry: fastRetry });
    const started = Date.now();
    const profile = await client.getProfile();
    client.close();
    assert.equal(profile.emailAddress, 'me@example.com');
    assert.equal(stub.requests.length, 3);
    assert.ok(stub.requests[1].at - stub.requests[0].at >= 950, 'waited for Retry-After: 1');
    assert.ok(Date.now() - started >= 950);
  });

  it('does not retry client errors and maps them without the token', async () => {
    stub = await startGmailStub(() => googleError(404, 'notFound', 'Requested entity was not found.'));
    const client = new GmailClient({ tokenSource, endpoints: endpointsAt(stub.baseUrl), retry: fastRetry });
    const error = await client.getMessage('missing1', 'raw').catch((e: unknown) => e);
    client.close();
    assert.ok(error instanceof GmailApiError);
    assert.equal(error.kind, 'notFound');
    assert.match(error.message, /no message missing1/);
    assert.ok(!JSON.stringify({ ...error, m: error.message, s: error.stack }).includes(TOKEN));
    assert.equal(stub.requests.length, 1);
  });

  it('gives up after the retry budget on persistent 503s', async () => {
    stub = await startGmailStub(() => googleError(503, 'backendError', 'Backend Error'));
    const client = new GmailClient({ tokenSource, endpoints: endpointsAt(stub.baseUrl), retry: { ...fastRetry, maxRetries: 2 } });
    const error = await client.listLabels().catch((e: unknown) => e);
    client.close();
    assert.ok(error instanceof GmailApiError && error.kind === 'unavailable');
    assert.equal(stub.requests.length, 3);
  });

  it('passes AccessRevokedError from the token source through unchanged', async () => {
    stub = await startGmailStub(() => ({ body: {} }));
    const revoked = new AccessRevokedError();
    const client = new GmailClient({ tokenSource: { getAccessToken: async () => Promise.reject(revoked) }, endpoints: endpointsAt(stub.baseUrl) });
    assert.equal(await client.getProfile().catch((e: unknown) => e), revoked);
    client.close();
    assert.equal(stub.requests.length, 0);
  });

  it('caches message content but re-reads labels every time', async () => {
    let labels = ['INBOX', 'UNREAD'];
    stub = await startGmailStub((req: StubRequest) => {
      if (req.query.get('format') === 'raw') return { body: { id: 'm1', threadId: 't1', labelIds: labels, raw: Buffer.from('Subject: hi\r\n\r\nbody').toString('base64url') } };
      return { body: { id: 'm1', threadId: 't1', labelIds: labels } };
    });
    const client = new GmailClient({ tokenSource, endpoints: endpointsAt(stub.baseUrl) });
    const first = await client.getMessage('m1', 'raw');
    labels = ['INBOX'];
    const second = await client.getMessage('m1', 'raw');
    client.close();
    assert.deepEqual(first.labelIds, ['INBOX', 'UNREAD']);
    assert.deepEqual(second.labelIds, ['INBOX']);
    assert.equal(second.raw, first.raw);
    assert.deepEqual(stub.requests.map((r) => r.query.get('format')), ['raw', 'minimal']);
    assert.equal(stub.requests[1].query.get('fields'), 'id,threadId,labelIds');
  });

  it('reuses a label list only for callers that accept its age, and always reads anew by default', async () => {
    let name = 'Receipts';
    stub = await startGmailStub(() => ({ body: { labels: [{ id: 'Label_1', name, type: 'user' }] } }));
    const client = new GmailClient({ tokenSource, endpoints: endpointsAt(stub.baseUrl) });
    const first = await client.listLabels({ maxAgeMs: 60_000 });
    name = 'Renamed';
    const reused = await client.listLabels({ maxAgeMs: 60_000 });
    assert.equal(stub.requests.length, 1, 'a list one minute old is good enough for names');
    const fresh = await client.listLabels();
    assert.equal(stub.requests.length, 2, 'no maxAgeMs: Gmail is asked');
    await new Promise((r) => setTimeout(r, 30));
    const expired = await client.listLabels({ maxAgeMs: 10 });
    client.close();
    assert.equal(first[0].name, 'Receipts');
    assert.equal(reused[0].name, 'Receipts');
    assert.equal(fresh[0].name, 'Renamed');
    assert.equal(expired[0].name, 'Renamed');
    assert.equal(stub.requests.length, 3, 'an older list than the caller accepts is read again');
  });

  it('spends the quota budget evenly instead of bursting (30 gets x 5 units at the default 6,000 a minute: burst 100, then ~98 units/s)', async () => {
    stub = await startGmailStub((req) => messageMeta(req.path.split('/').pop() as string));
    const client = new GmailClient({ tokenSource, endpoints: endpointsAt(stub.baseUrl) });
    const started = Date.now();
    await Promise.all(Array.from({ length: 30 }, (_, i) => client.getMessage(`m${i}`, 'metadata')));
    client.close();
    const elapsed = Date.now() - started;
    // 150 units, 100 available at once, the remaining 50 at (6,000 - 100) / 60 units/s: at least ~0.5 s.
    assert.ok(elapsed >= 450, `finished in ${elapsed} ms; the limiter let a burst through`);
    // Counted from when the calls were made, not from the first arrival: a loaded machine only delays arrivals,
    // so the bound holds however late the first request lands.
    const early = stub.requests.filter((r) => r.at - started < 400).length;
    assert.ok(early <= 28, `${early} requests in the first 400 ms`);
  });

  it('bounds concurrency of fan-out', async () => {
    let inFlight = 0;
    let peak = 0;
    stub = await startGmailStub(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 30));
      inFlight--;
      return { body: { id: 'x', threadId: 't', labelIds: [] } };
    });
    const client = new GmailClient({ tokenSource, endpoints: endpointsAt(stub.baseUrl), maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => client.getMessage(`m${i}`, 'minimal')));
    client.close();
    assert.ok(peak <= 3, `peak concurrency ${peak}`);
    assert.ok(peak >= 2);
  });

  it('rejects limiter settings that could never admit a send', () => {
    assert.throws(() => new QuotaLimiter({ unitsPerMinute: 3_000, burstUnits: 50 }), /at least 100/);
    assert.throws(() => new QuotaLimiter({ unitsPerMinute: 0 }), /positive/);
  });

  it('slows its pace after Gmail answers userRateLimitExceeded, and the read still succeeds on retry', async () => {
    let calls = 0;
    stub = await startGmailStub(() => {
      calls++;
      if (calls === 1) return googleError(429, 'userRateLimitExceeded', 'User-rate limit exceeded.');
      return { body: { emailAddress: 'me@example.com', messagesTotal: 3, threadsTotal: 2, historyId: '9' } };
    });
    const client = new GmailClient({ tokenSource, endpoints: endpointsAt(stub.baseUrl), retry: fastRetry, quota: { unitsPerMinute: 6_000 } });
    const full = client.quotaUnitsPerSecond();
    assert.equal((await client.getProfile()).emailAddress, 'me@example.com');
    client.close();
    assert.equal(calls, 2);
    const now = client.quotaUnitsPerSecond();
    assert.ok(now < full * 0.51 && now >= full * 0.5, `${now} units/s after the answer, ${full} before`);
  });

  it('a 403 rateLimitExceeded (the per-project limit) slows the pace too; a daily-limit answer does not', async () => {
    let calls = 0;
    stub = await startGmailStub(() => {
      calls++;
      if (calls === 1) return googleError(403, 'dailyLimitExceeded', 'Daily Limit Exceeded');
      if (calls === 2) return googleError(403, 'rateLimitExceeded', 'Rate Limit Exceeded');
      return { body: { emailAddress: 'me@example.com' } };
    });
    const client = new GmailClient({ tokenSource, endpoints: endpointsAt(stub.baseUrl), retry: fastRetry });
    const full = client.quotaUnitsPerSecond();
    await assert.rejects(client.getProfile(), (e: unknown) => e instanceof GmailApiError && e.kind === 'quotaExhausted');
    assert.equal(client.quotaUnitsPerSecond(), full, 'the day\'s quota is spent: pacing cannot help');
    assert.equal((await client.getProfile()).emailAddress, 'me@example.com');
    client.close();
    assert.ok(client.quotaUnitsPerSecond() < full * 0.51);
  });
});
