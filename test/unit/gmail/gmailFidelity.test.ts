/**
 * What real Gmail does that a lenient fake would hide: rate-limit waits named only in the message text, 429 on a
 * send, maxResults above 500, 413 on the plain URI for large messages, and the upload URI the client uses instead.
 */
import { strict as assert } from 'node:assert';
import { GmailClient, MAX_PAGE_SIZE, UPLOAD_ABOVE_BYTES } from '../../../src/gmail/client';
import { composeMessage } from '../../../src/mail/compose';
import { GmailApiError } from '../../../src/gmail/errors';
import { GMAIL_SCOPES } from '../../../src/gmail/scopes';
import { createFakeGoogle, type FakeGoogle } from '../../fakeGoogle/index';
import { failure, gmailFor, signIn } from '../fakeGoogle/helpers';

const ME = 'demo.user@example.com';

describe('gmail/client fidelity to real Gmail (against the fake Google)', () => {
  let fake: FakeGoogle;
  const clients: GmailClient[] = [];
  const clientWith = async (scopes: string[]) => {
    const oauth = await signIn(fake, scopes);
    const client = new GmailClient({
      tokenSource: { getAccessToken: async () => (await oauth.getAccessToken()).token as string },
      endpoints: fake.endpoints,
      retry: { initialDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2_000 },
      sendRecovery: { lookups: 1, lookupDelayMs: 5 },
    });
    clients.push(client);
    return client;
  };
  /** A message of about `bytes` bytes: a text attachment of random base64 (incompressible, like real files). */
  const messageOf = async (subject: string, bytes: number) => {
    const m = await composeMessage({
      from: ME,
      to: [ME],
      subject,
      text: 'see attached',
      attachments: bytes > 0 ? [{ filename: 'data.bin', contentType: 'application/octet-stream', content: Buffer.alloc(bytes, 7) }] : [],
    });
    return { raw: m.raw, messageId: m.messageId };
  };
  const gmailLog = (since: number) => fake.requestLog.slice(since).filter((e) => e.path.includes('/gmail/v1/'));

  beforeEach(async () => {
    fake = await createFakeGoogle({ autoConsent: true });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await fake.close();
  });

  for (const withHeader of [false, true]) {
    it(`a long rate-limit wait ${withHeader ? 'in Retry-After' : 'named only in the message text'} is shown with its time, not retried blindly`, async () => {
      const gmail = await clientWith([GMAIL_SCOPES.readonly]);
      fake.settings.rateLimitRetryAfterHeader = withHeader;
      fake.settings.quota.unitsPerWindow = 1;
      fake.settings.quota.windowSeconds = 600;
      await gmail.getProfile(); // spends the one unit
      const since = fake.requestLog.length;
      const error = await gmail.listLabels().catch((e: unknown) => e);
      assert.ok(error instanceof GmailApiError, String(error));
      assert.equal(error.kind, 'rateLimited');
      assert.ok(error.retryAt && error.retryAt.getTime() > Date.now() + 60_000, `retryAt ${error.retryAt?.toISOString()}`);
      assert.match(error.message, new RegExp(`wait until ${error.retryAt.toISOString().replace(/\./g, '\\.')} \\(about \\d+ min\\)`));
      assert.equal(gmailLog(since).length, 1, 'the wait is longer than the call may wait: one request, no retry');
    });
  }

  it('a short wait named in the text is waited out and the read succeeds', async () => {
    const gmail = await clientWith([GMAIL_SCOPES.readonly]);
    fake.settings.quota.unitsPerWindow = 1;
    fake.settings.quota.windowSeconds = 1;
    await gmail.getProfile();
    const since = fake.requestLog.length;
    const labels = await gmail.listLabels();
    assert.ok(labels.some((l) => l.id === 'INBOX'));
    const statuses = gmailLog(since).map((e) => e.status);
    assert.equal(statuses[0], 429);
    assert.equal(statuses.at(-1), 200);
  });

  it('a 429 on a send is a definite refusal: nothing sent, no Sent lookup, no second send', async () => {
    const gmail = await clientWith([GMAIL_SCOPES.readonly, GMAIL_SCOPES.send]);
    fake.settings.quota.unitsPerWindow = 100; // a send costs 100 units
    fake.settings.quota.windowSeconds = 600;
    await gmail.getProfile();
    const since = fake.requestLog.length;
    const error = await gmail.sendMessage(await messageOf('rate limited send', 0)).catch((e: unknown) => e);
    assert.ok(error instanceof GmailApiError, String(error));
    assert.equal(error.kind, 'rateLimited');
    assert.equal(error.retryable, false);
    assert.match(error.message, /was not sent, and it will not be sent again automatically/);
    assert.match(error.message, /until \d{4}-\d\d-\d\dT/);
    assert.deepEqual(gmailLog(since).map((e) => [e.method, e.status]), [['POST', 429]]);
    assert.equal(fake.sentMessages().filter((m) => m.subject === 'rate limited send').length, 0);
  });

  it(`never asks for more than ${MAX_PAGE_SIZE} results in one list request`, async () => {
    const gmail = await clientWith([GMAIL_SCOPES.readonly, GMAIL_SCOPES.compose]);
    const since = fake.requestLog.length;
    await gmail.searchMessages({ query: 'nothing-matches-this-zzz', maxResults: 5000 });
    await gmail.listDrafts({ maxResults: 501 });
    const lists = gmailLog(since).filter((e) => /\/(messages|drafts)$/.test(e.path));
    assert.deepEqual(lists.map((e) => e.query.maxResults), ['500', '500']);
  });

  it('the plain URI answers 413 above about 5 MB, as Gmail does', async () => {
    const oauth = await signIn(fake, [GMAIL_SCOPES.send]);
    const api = gmailFor(fake, oauth);
    const big = await messageOf('too big for JSON', 4 * 1024 * 1024); // base64 twice: about 7 MB of JSON
    const refused = await failure(api.users.messages.send({ userId: 'me', requestBody: { raw: big.raw.toString('base64url') } }));
    assert.equal(refused.status, 413);
    assert.equal(fake.sentMessages().length, 0);
  });

  it('sends and drafts large messages through the upload URI (multipart), small ones as JSON', async () => {
    const gmail = await clientWith([GMAIL_SCOPES.readonly, GMAIL_SCOPES.send, GMAIL_SCOPES.compose]);
    const big = await messageOf('large via upload', 4 * 1024 * 1024);
    assert.ok(big.raw.length > UPLOAD_ABOVE_BYTES);
    const since = fake.requestLog.length;
    const sent = await gmail.sendMessage(big);
    const draft = await gmail.createDraft(await messageOf('large draft', 3 * 1024 * 1024));
    const updated = await gmail.updateDraft(draft.id, await messageOf('large draft, edited', 3 * 1024 * 1024));
    const small = await gmail.sendMessage(await messageOf('small as JSON', 10));
    const writes = gmailLog(since).filter((e) => e.method !== 'GET');
    assert.deepEqual(
      writes.map((e) => [e.path.startsWith('/upload/') ? 'upload' : 'plain', e.query.uploadType ?? '', e.status]),
      [['upload', 'multipart', 200], ['upload', 'multipart', 200], ['upload', 'multipart', 200], ['plain', '', 200]],
    );
    const stored = fake.message(sent.id);
    assert.equal(stored?.subject, 'large via upload');
    assert.equal(stored?.attachments[0].content.length, 4 * 1024 * 1024);
    assert.equal(fake.drafts().find((d) => d.subject === 'large draft, edited')?.attachments[0].content.length, 3 * 1024 * 1024);
    assert.equal(updated.id, draft.id);
    assert.equal(fake.message(small.id)?.subject, 'small as JSON');
  });

  it('a message over Gmail\'s upload cap maps the 413 to a clear "too large" error', async () => {
    const gmail = await clientWith([GMAIL_SCOPES.readonly, GMAIL_SCOPES.send]);
    fake.settings.maxMessageBytes = 3 * 1024 * 1024;
    const error = await gmail.sendMessage(await messageOf('over the cap', 4 * 1024 * 1024)).catch((e: unknown) => e);
    assert.ok(error instanceof GmailApiError, String(error));
    assert.equal(error.kind, 'tooLarge');
    assert.equal(error.status, 413);
    assert.match(error.message, /too large/);
    assert.equal(fake.sentMessages().length, 0);
  });
});
