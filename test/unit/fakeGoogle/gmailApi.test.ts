import assert from 'node:assert/strict';
import type { gmail_v1 } from '@googleapis/gmail';
import { createFakeGoogle, type FakeGoogle } from '../../fakeGoogle/index';
import { failure, gmailFor, SCOPE, signIn, TEST_MAIL_DIR } from './helpers';

describe('fake Gmail REST API (read side) through @googleapis/gmail', () => {
  let fake: FakeGoogle;
  let api: gmail_v1.Gmail;
  before(async () => {
    fake = await createFakeGoogle({ mailboxDir: TEST_MAIL_DIR, autoConsent: true });
    api = gmailFor(fake, await signIn(fake, [SCOPE.readonly]));
  });
  after(() => fake.close());

  const idBySubject = async (subject: string) => {
    const list = await api.users.messages.list({ userId: 'me', q: `subject:"${subject}"`, includeSpamTrash: true });
    assert.equal(list.data.messages?.length, 1, subject);
    return list.data.messages![0];
  };

  it('getProfile', async () => {
    const { data } = await api.users.getProfile({ userId: 'me' });
    assert.equal(data.emailAddress, 'demo.user@example.com');
    assert.equal(data.messagesTotal, 8);
    assert.equal(data.threadsTotal, 7);
    assert.match(data.historyId!, /^\d+$/);
    assert.equal((await api.users.getProfile({ userId: 'demo.user@example.com' })).data.emailAddress, 'demo.user@example.com');
    const other = await failure(api.users.getProfile({ userId: 'someone@else.test' }));
    assert.equal(other.status, 403);
  });

  it('messages.list: newest first, spam/trash hidden, resultSizeEstimate, labelIds', async () => {
    const { data } = await api.users.messages.list({ userId: 'me' });
    assert.equal(data.messages!.length, 6);
    assert.equal(data.resultSizeEstimate, 6);
    assert.equal(data.nextPageToken, undefined);
    for (const m of data.messages!) assert.deepEqual(Object.keys(m).sort(), ['id', 'threadId']);
    const all = await api.users.messages.list({ userId: 'me', includeSpamTrash: true });
    assert.equal(all.data.messages!.length, 8);
    const starredInbox = await api.users.messages.list({ userId: 'me', labelIds: ['INBOX', 'STARRED'] });
    assert.equal(starredInbox.data.messages!.length, 1);
    const trash = await api.users.messages.list({ userId: 'me', labelIds: ['TRASH'] });
    assert.equal(trash.data.messages!.length, 1);
    const empty = await api.users.messages.list({ userId: 'me', q: 'nosuchwordanywhere' });
    assert.deepEqual(empty.data, { resultSizeEstimate: 0 });
    const badLabel = await failure(api.users.messages.list({ userId: 'me', labelIds: ['Label_999'] }));
    assert.equal(badLabel.status, 400);
  });

  it('paginates with maxResults and pageToken', async () => {
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const { data } = await api.users.messages.list({ userId: 'me', maxResults: 4, pageToken, includeSpamTrash: true });
      seen.push(...data.messages!.map((m) => m.id!));
      pageToken = data.nextPageToken ?? undefined;
      pages++;
    } while (pageToken);
    assert.equal(pages, 2);
    assert.equal(new Set(seen).size, 8);
    const bad = await failure(api.users.messages.list({ userId: 'me', pageToken: 'garbage' }));
    assert.equal(bad.status, 400);
  });

  it('messages.get format=full: faithful payload tree, decoded headers, attachments by id', async () => {
    const ref = await idBySubject('Alpha logo draft');
    const { data } = await api.users.messages.get({ userId: 'me', id: ref.id! });
    assert.equal(data.id, ref.id);
    assert.match(data.id!, /^[0-9a-f]{16}$/);
    assert.equal(data.snippet, 'Here is the logo draft.');
    assert.equal(data.payload!.partId, '');
    assert.equal(data.payload!.mimeType, 'multipart/mixed');
    assert.deepEqual(data.payload!.parts!.map((p) => [p.partId, p.mimeType, p.filename]), [['0', 'multipart/alternative', ''], ['1', 'image/png', 'logo.png']]);
    const [plain, html] = data.payload!.parts![0].parts!;
    assert.equal(plain.partId, '0.0');
    assert.equal(Buffer.from(plain.body!.data!, 'base64url').toString(), 'Here is the logo draft.');
    assert.equal(Buffer.from(html.body!.data!, 'base64url').toString(), '<p>Here is the <i>logo</i> draft.</p>');
    const logo = data.payload!.parts![1];
    assert.equal(logo.body!.data, undefined);
    const att = await api.users.messages.attachments.get({ userId: 'me', messageId: data.id!, id: logo.body!.attachmentId! });
    assert.equal(att.data.size, 70);
    assert.equal(Buffer.from(att.data.data!, 'base64url').subarray(1, 4).toString(), 'PNG');
    assert.ok(!JSON.stringify(data).includes('X-Fake-Labels'));
    const missingAtt = await failure(api.users.messages.attachments.get({ userId: 'me', messageId: data.id!, id: 'nope' }));
    assert.equal(missingAtt.status, 400);
  });

  it('decodes RFC 2047 headers and keeps bodies as sent (quoted-printable undone)', async () => {
    const ref = await idBySubject('Café météo');
    const { data } = await api.users.messages.get({ userId: 'me', id: ref.id!, format: 'full' });
    const header = (n: string) => data.payload!.headers!.find((h) => h.name === n)?.value;
    assert.equal(header('Subject'), 'Café météo ☀');
    assert.equal(header('From'), 'Zoë Dupont <zoe@example.fr>');
    assert.equal(Buffer.from(data.payload!.body!.data!, 'base64url').toString('utf8').trim(), 'Bonjour, le café est prêt. Grüße & <salut>');
    assert.equal(data.snippet, 'Bonjour, le café est prêt. Grüße &amp; &lt;salut&gt;');
  });

  it('formats minimal, metadata (metadataHeaders), raw', async () => {
    const ref = await idBySubject('Quarterly report');
    const minimal = (await api.users.messages.get({ userId: 'me', id: ref.id!, format: 'minimal' })).data;
    assert.deepEqual(Object.keys(minimal).sort(), ['historyId', 'id', 'internalDate', 'labelIds', 'sizeEstimate', 'snippet', 'threadId']);
    assert.equal(minimal.internalDate, String(Date.parse('2024-03-05T13:00:00Z')));
    const meta = (await api.users.messages.get({ userId: 'me', id: ref.id!, format: 'metadata', metadataHeaders: ['subject', 'From'] })).data;
    assert.deepEqual(meta.payload!.headers, [{ name: 'From', value: 'Bob Builder <bob@builder.test>' }, { name: 'Subject', value: 'Quarterly report' }]);
    assert.equal(meta.payload!.parts, undefined);
    const raw = (await api.users.messages.get({ userId: 'me', id: ref.id!, format: 'raw' })).data;
    assert.equal(raw.payload, undefined);
    const text = Buffer.from(raw.raw!, 'base64url').toString();
    assert.match(text, /^From: Bob Builder/);
    assert.equal(raw.sizeEstimate, Buffer.from(raw.raw!, 'base64url').length);
    const bad = await failure(api.users.messages.get({ userId: 'me', id: ref.id!, format: 'everything' }));
    assert.equal(bad.status, 400);
  });

  it('answers 404 for unknown ids and 400 "Invalid id value" for malformed ones, with Google\'s error body', async () => {
    const missing = await failure(api.users.messages.get({ userId: 'me', id: 'ffffffffffffffff' }));
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, {
      error: { code: 404, message: 'Requested entity was not found.', errors: [{ message: 'Requested entity was not found.', domain: 'global', reason: 'notFound' }], status: 'NOT_FOUND' },
    });
    const malformed = await failure(api.users.messages.get({ userId: 'me', id: 'not-an-id!' }));
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.message, 'Invalid id value');
    assert.equal((await failure(api.users.threads.get({ userId: 'me', id: '0000000000000000' }))).status, 404);
    assert.equal((await failure(api.users.labels.get({ userId: 'me', id: 'Label_404' }))).status, 404);
  });

  it('threads.list and threads.get group replies by References and subject', async () => {
    const { data } = await api.users.threads.list({ userId: 'me', q: 'ramen' });
    assert.equal(data.threads!.length, 1);
    assert.equal(data.threads![0].snippet!.startsWith('Thursday works.'), true, 'snippet of the latest message');
    const thread = (await api.users.threads.get({ userId: 'me', id: data.threads![0].id!, format: 'metadata', metadataHeaders: ['Subject'] })).data;
    assert.equal(thread.messages!.length, 2);
    assert.deepEqual(thread.messages!.map((m) => m.payload!.headers![0].value), ['Lunch plans', 'Re: Lunch plans']);
    assert.equal(thread.messages![0].id, thread.id, 'a thread is named after its first message');
    assert.deepEqual(thread.messages![0].labelIds, ['SENT']);
    const listAll = await api.users.threads.list({ userId: 'me' });
    assert.equal(listAll.data.threads!.length, 5);
  });

  it('labels.list and labels.get with counts', async () => {
    const { data } = await api.users.labels.list({ userId: 'me' });
    const byName = new Map(data.labels!.map((l) => [l.name, l]));
    for (const id of ['INBOX', 'SENT', 'TRASH', 'SPAM', 'DRAFT', 'UNREAD', 'STARRED', 'IMPORTANT', 'CATEGORY_PERSONAL', 'CATEGORY_SOCIAL', 'CATEGORY_PROMOTIONS', 'CATEGORY_UPDATES', 'CATEGORY_FORUMS']) {
      assert.equal(byName.get(id)?.type, 'system', id);
    }
    assert.equal(byName.get('Work')?.type, 'user');
    assert.equal(byName.get('Projects/Alpha')?.type, 'user');
    const inbox = (await api.users.labels.get({ userId: 'me', id: 'INBOX' })).data;
    assert.deepEqual([inbox.messagesTotal, inbox.messagesUnread, inbox.threadsTotal, inbox.threadsUnread], [5, 3, 5, 3]);
    const work = (await api.users.labels.get({ userId: 'me', id: byName.get('Work')!.id! })).data;
    assert.equal(work.messagesTotal, 1);
  });

  it('supports the fields partial-response syntax', async () => {
    const list = await api.users.messages.list({ userId: 'me', fields: 'messages(id),resultSizeEstimate' });
    assert.deepEqual(Object.keys(list.data).sort(), ['messages', 'resultSizeEstimate']);
    assert.deepEqual(Object.keys(list.data.messages![0]), ['id']);
    const ref = await idBySubject('Project kickoff agenda');
    const got = await api.users.messages.get({ userId: 'me', id: ref.id!, fields: 'id,payload/headers,payload(parts(partId,mimeType))' });
    assert.deepEqual(Object.keys(got.data).sort(), ['id', 'payload']);
    assert.deepEqual(Object.keys(got.data.payload!).sort(), ['headers', 'parts']);
    assert.deepEqual(got.data.payload!.parts, [{ partId: '0', mimeType: 'text/plain' }, { partId: '1', mimeType: 'text/html' }]);
    const bad = await failure(api.users.messages.list({ userId: 'me', fields: 'messages(id' }));
    assert.equal(bad.status, 400);
  });

  it('rejects unknown query parameters like Google\'s front end', async () => {
    const res = await fetch(`${fake.baseUrl}/gmail/v1/users/me/profile?bogus=1`, { headers: { authorization: `Bearer ${(await signIn(fake, [SCOPE.readonly])).credentials.access_token}` } });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /Unknown name "bogus"/);
  });
});

describe('fake Gmail auth and scope checks', () => {
  let fake: FakeGoogle;
  before(async () => {
    fake = await createFakeGoogle({ mailboxDir: TEST_MAIL_DIR, autoConsent: true });
  });
  after(() => fake.close());

  it('401 without a token, with an unknown token, and with an expired one', async () => {
    const noToken = await fetch(`${fake.baseUrl}/gmail/v1/users/me/profile`);
    assert.equal(noToken.status, 401);
    const body = (await noToken.json()) as { error: { status: string; errors: { reason: string }[] } };
    assert.equal(body.error.status, 'UNAUTHENTICATED');
    assert.equal(body.error.errors[0].reason, 'required');
    const junk = await fetch(`${fake.baseUrl}/gmail/v1/users/me/profile`, { headers: { authorization: 'Bearer ya29.junk' } });
    assert.equal(junk.status, 401);
    assert.match(junk.headers.get('www-authenticate')!, /invalid_token/);

    const client = await signIn(fake, [SCOPE.readonly]);
    const api = gmailFor(fake, client);
    fake.expireAccessTokens();
    // The client still believes its token is fresh, so it sends it and gets Google's 401.
    const res = await fetch(`${fake.baseUrl}/gmail/v1/users/me/profile`, { headers: { authorization: `Bearer ${client.credentials.access_token}` } });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error: { errors: { reason: string }[] } }).error.errors[0].reason, 'authError');
    // With the expiry known, google-auth-library refreshes on its own and the call succeeds.
    client.setCredentials({ ...client.credentials, expiry_date: Date.now() - 1000 });
    assert.equal((await api.users.getProfile({ userId: 'me' })).status, 200);
  });

  it('403 ACCESS_TOKEN_SCOPE_INSUFFICIENT for gmail.send or gmail.compose alone; modify may read', async () => {
    for (const scope of [SCOPE.send, SCOPE.compose]) {
      const denied = await failure(gmailFor(fake, await signIn(fake, [scope])).users.messages.list({ userId: 'me' }));
      assert.equal(denied.status, 403, scope);
      assert.equal(denied.body.error.errors[0].reason, 'insufficientPermissions');
      assert.equal(denied.body.error.status, 'PERMISSION_DENIED');
      assert.equal(denied.body.error.details![0].reason, 'ACCESS_TOKEN_SCOPE_INSUFFICIENT');
    }
    for (const scope of [SCOPE.modify]) {
      const api = gmailFor(fake, await signIn(fake, [scope]));
      assert.equal((await api.users.messages.list({ userId: 'me' })).status, 200, scope);
    }
  });

  it('gmail.metadata reads headers but not bodies nor search', async () => {
    const api = gmailFor(fake, await signIn(fake, [SCOPE.metadata]));
    const list = await api.users.messages.list({ userId: 'me' });
    const id = list.data.messages![0].id!;
    assert.equal((await api.users.messages.get({ userId: 'me', id, format: 'metadata' })).status, 200);
    assert.equal((await failure(api.users.messages.get({ userId: 'me', id, format: 'full' }))).status, 400);
    assert.equal((await failure(api.users.messages.list({ userId: 'me', q: 'ramen' }))).status, 400);
  });

  it('serves several accounts, each seeing only its own mailbox', async () => {
    const multi = await createFakeGoogle({
      autoConsent: true,
      accounts: [
        { address: 'first@example.com', mailboxDir: TEST_MAIL_DIR },
        { address: 'second@example.com', messages: [Buffer.from('From: a@b.test\r\nTo: second@example.com\r\nSubject: hello second\r\nMessage-ID: <s@b.test>\r\n\r\nhi\r\n')] },
      ],
    });
    try {
      const second = gmailFor(multi, await signIn(multi, [SCOPE.readonly], { loginHint: 'second@example.com' }));
      const profile = (await second.users.getProfile({ userId: 'me' })).data;
      assert.deepEqual([profile.emailAddress, profile.messagesTotal], ['second@example.com', 1]);
      assert.equal((await failure(second.users.getProfile({ userId: 'first@example.com' }))).status, 403);
    } finally {
      await multi.close();
    }
  });
});
