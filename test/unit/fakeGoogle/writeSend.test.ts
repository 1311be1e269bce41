import assert from 'node:assert/strict';
import type { gmail_v1 } from '@googleapis/gmail';
import { simpleParser } from 'mailparser';
import { composeMessage, replyHeaders } from '../../../src/mail/compose';
import { createFakeGoogle, MAX_MESSAGE_BYTES, QUOTA_UNITS, type FakeGoogle } from '../../fakeGoogle/index';
import { failure, SCOPE, TEST_MAIL_DIR } from './helpers';
import { apiWith, base64url, headerOf, idBySubject, ME, uploadAt } from './writeHelpers';
import { forwardSpec } from '../../../src/mail/processing/mailProcessing';

const CAROL = 'carol@kitchen.test';

describe('fake Gmail messages.send through @googleapis/gmail', () => {
  let fake: FakeGoogle;
  let api: gmail_v1.Gmail;
  before(async () => {
    fake = await createFakeGoogle({ accounts: [{ address: ME, mailboxDir: TEST_MAIL_DIR }, { address: CAROL }], autoConsent: true });
    api = await apiWith(fake, [SCOPE.modify]);
  });
  after(() => fake.close());

  /** The original of "Lunch plans" as a client reads it, and the reply headers compose builds from it. */
  async function lunchReply(overrides: { subject?: string } = {}) {
    const ref = (await api.users.messages.list({ userId: 'me', q: 'rfc822msgid:<lunch-2@kitchen.test>' })).data.messages![0];
    const [id, threadId] = [ref.id!, ref.threadId!];
    const { data } = await api.users.messages.get({ userId: 'me', id, format: 'metadata', metadataHeaders: ['Message-ID', 'References', 'Subject', 'From', 'To', 'Cc', 'Reply-To'] });
    const headers = replyHeaders(
      { messageId: headerOf(data, 'Message-ID'), references: headerOf(data, 'References'), subject: headerOf(data, 'Subject'), from: headerOf(data, 'From')!, to: headerOf(data, 'To'), cc: headerOf(data, 'Cc') },
      { replyAll: true, self: ME },
    );
    const composed = await composeMessage({ from: ME, to: headers.to, cc: headers.cc, subject: overrides.subject ?? headers.subject, text: 'See you there.', inReplyTo: headers.inReplyTo, references: headers.references });
    return { threadId, composed };
  }

  it('files a reply sent with threadId, In-Reply-To, References and the subject in the same thread', async () => {
    const { threadId, composed } = await lunchReply();
    const before = fake.unitsUsed();
    const { data } = await api.users.messages.send({ userId: 'me', requestBody: { raw: base64url(composed.raw), threadId } });
    assert.deepEqual(Object.keys(data).sort(), ['id', 'labelIds', 'threadId']);
    assert.equal(data.threadId, threadId);
    assert.deepEqual(data.labelIds, ['SENT']);
    assert.equal(fake.unitsUsed() - before, QUOTA_UNITS['messages.send']);

    const stored = fake.findByMessageId(composed.messageId, ME);
    assert.equal(stored.length, 1);
    assert.equal(stored[0].threadId, threadId);
    assert.equal(stored[0].inReplyTo, '<lunch-2@kitchen.test>');
    assert.deepEqual(stored[0].references, ['<lunch-1@example.com>', '<lunch-2@kitchen.test>']);
    assert.equal(stored[0].subject, 'Re: Lunch plans');
    assert.equal(stored[0].text.trim(), 'See you there.');
    assert.deepEqual(stored[0].labelIds, ['SENT']);
    assert.deepEqual(fake.sentMessages().at(-1)!.id, data.id);

    const thread = await api.users.threads.get({ userId: 'me', id: threadId, format: 'minimal' });
    assert.deepEqual(thread.data.messages!.map((m) => m.id).at(-1), data.id);
    assert.equal(thread.data.messages!.length, 3);

    const entry = fake.requestLog.filter((e) => e.path.endsWith('/messages/send')).at(-1)!;
    assert.equal(entry.status, 200);
    assert.equal(entry.quotaUnits, 100);
    assert.match(entry.note!, new RegExp(`messages\\.send Message-ID ${composed.messageId}`));
    assert.doesNotMatch(JSON.stringify(fake.requestLog), /See you there/, 'bodies never reach the log');

    // Carol is an account of this fake too: her copy arrives in her inbox, in her thread for "Lunch plans".
    const carols = fake.findByMessageId(composed.messageId, CAROL);
    assert.equal(carols.length, 1);
    assert.deepEqual(carols[0].labelIds, ['INBOX', 'UNREAD']);
  });

  it('starts a new thread when the subject does not match, or when threadId is missing, as Gmail does', async () => {
    const changed = await lunchReply({ subject: 'Dinner instead?' });
    const a = await api.users.messages.send({ userId: 'me', requestBody: { raw: base64url(changed.composed.raw), threadId: changed.threadId } });
    assert.notEqual(a.data.threadId, changed.threadId);
    assert.equal(a.data.threadId, a.data.id);

    const noThreadId = await lunchReply();
    const b = await api.users.messages.send({ userId: 'me', requestBody: { raw: base64url(noThreadId.composed.raw) } });
    assert.equal(b.data.threadId, b.data.id, 'headers alone do not thread a sent message in the sender\'s mailbox');

    const plain = await composeMessage({ from: ME, to: ['x@example.org'], subject: 'Re: Lunch plans', text: 'no threading headers' });
    const c = await api.users.messages.send({ userId: 'me', requestBody: { raw: base64url(plain.raw), threadId: noThreadId.threadId } });
    assert.notEqual(c.data.threadId, noThreadId.threadId, 'a matching subject without In-Reply-To/References is not enough');

    const unknown = await failure(api.users.messages.send({ userId: 'me', requestBody: { raw: base64url(plain.raw), threadId: 'ffffffffffffffff' } }));
    assert.equal(unknown.status, 404);
  });

  it('adds Message-ID and Date when missing, sets From to the account, keeps Bcc only in the sender\'s copy', async () => {
    const raw = Buffer.from(`From: Someone Else <boss@elsewhere.test>\r\nTo: ${CAROL}\r\nBcc: secret@hidden.test\r\nSubject: Bcc check\r\n\r\nhello\r\n`);
    const { data } = await api.users.messages.send({ userId: 'me', requestBody: { raw: base64url(raw) } });
    const mine = fake.message(data.id!)!;
    assert.match(mine.messageId!, /^<[^@\s]+@mail\.gmail\.com>$/);
    assert.ok(mine.header('date'));
    assert.equal(mine.from, ME);
    assert.equal(mine.bcc, 'secret@hidden.test');
    const carols = fake.findByMessageId(mine.messageId!, CAROL);
    assert.equal(carols.length, 1);
    assert.equal(carols[0].header('bcc'), undefined);
    assert.doesNotMatch(carols[0].raw.toString(), /secret@hidden\.test/);
    assert.match(fake.requestLog.at(-1)!.note!, /Message-ID added.*From set to the account/);
  });

  it('refuses bad requests with Google\'s errors: no raw, no recipients, bad base64, unknown fields, too large', async () => {
    const noRaw = await failure(api.users.messages.send({ userId: 'me', requestBody: {} }));
    assert.equal(noRaw.status, 400);
    assert.equal(noRaw.body.error.message, "'raw' RFC822 payload message string or uploading message via /upload/* URL required");
    const noRcpt = await failure(api.users.messages.send({ userId: 'me', requestBody: { raw: base64url(Buffer.from('Subject: x\r\n\r\nbody')) } }));
    assert.equal(noRcpt.status, 400);
    assert.equal(noRcpt.body.error.message, 'Recipient address required');
    const badBase64 = await failure(api.users.messages.send({ userId: 'me', requestBody: { raw: 'not*base64!' } }));
    assert.equal(badBase64.status, 400);
    const unknownField = await failure(api.users.messages.send({ userId: 'me', requestBody: { raw: 'eA', bogus: 1 } as gmail_v1.Schema$Message }));
    assert.match(unknownField.body.error.message, /Unknown name "bogus"/);
    assert.equal(fake.settings.maxMessageBytes, MAX_MESSAGE_BYTES);
    assert.equal(MAX_MESSAGE_BYTES, 36_700_160);
    fake.settings.maxMessageBytes = 64 * 1024;
    const huge = Buffer.alloc(64 * 1024 + 1, 'a');
    huge.write(`To: ${CAROL}\r\nSubject: big\r\n\r\n`);
    const tooLarge = await failure(api.users.messages.send({ userId: 'me', requestBody: { raw: base64url(huge) } }));
    assert.equal(tooLarge.status, 413);
    assert.equal(tooLarge.body.error.errors[0].reason, 'uploadTooLarge');
    const tooLargeUpload = await failure(api.users.messages.send({ userId: 'me', media: { mimeType: 'message/rfc822', body: huge.toString('latin1') } }, uploadAt(fake)));
    assert.equal(tooLargeUpload.status, 413);
    fake.settings.maxMessageBytes = MAX_MESSAGE_BYTES;
    assert.equal(fake.findByMessageId('<never@x>').length, 0);
  });

  it('refuses, as Gmail does, a message whose headers pass Gmail\'s header limits, and stores one of any number of parts', async () => {
    const withHeaders = (extra: string) => base64url(Buffer.from(`To: ${CAROL}\r\nSubject: limits\r\n${extra}\r\nbody\r\n`));
    const tooMany = await failure(api.users.messages.send({ userId: 'me', requestBody: { raw: withHeaders('X-N: v\r\n'.repeat(5000)) } }));
    assert.equal(tooMany.status, 400);
    assert.match(tooMany.body.error.message, /header size exceeds Gmail's limits: it has 50\d\d headers \(at most 5000\)/);
    const longValue = await failure(api.users.messages.send({ userId: 'me', requestBody: { raw: withHeaders(`X-Long: ${'a'.repeat(33 * 1024)}\r\n`) } }));
    assert.match(longValue.body.error.message, /x-long header is 33792 bytes long/);
    const longSubject = await failure(api.users.messages.send({ userId: 'me', requestBody: { raw: base64url(Buffer.from(`To: ${CAROL}\r\nSubject: ${'s'.repeat(999)}\r\n\r\nbody`)) } }));
    assert.match(longSubject.body.error.message, /Subject is 999 characters long/);
    // To is exempt from the single-header limit, as Gmail documents.
    const manyRecipients = Array.from({ length: 2500 }, (_, i) => `r${i}@kitchen.test`).join(', ');
    const sent = await api.users.messages.send({ userId: 'me', requestBody: { raw: base64url(Buffer.from(`To: ${manyRecipients}\r\nSubject: wide\r\n\r\nbody`)) } });
    assert.ok(sent.data.id);
    const parts = Array.from({ length: 1200 }, (_, i) => `--B\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="p${i}.txt"\r\n\r\npart ${i}`).join('\r\n');
    const many = await api.users.messages.send({
      userId: 'me',
      requestBody: { raw: base64url(Buffer.from(`To: ${CAROL}\r\nSubject: parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n${parts}\r\n--B--\r\n`)) },
    });
    const { data } = await api.users.messages.get({ userId: 'me', id: many.data.id!, format: 'full' });
    assert.equal(data.payload?.parts?.length, 1200);
  });

  it('accepts the upload URI too (uploadType=multipart with metadata, uploadType=media alone)', async () => {
    const { threadId, composed } = await lunchReply();
    const multipart = await api.users.messages.send({ userId: 'me', requestBody: { threadId }, media: { mimeType: 'message/rfc822', body: composed.raw.toString('latin1') } }, uploadAt(fake));
    assert.equal(multipart.data.threadId, threadId);
    assert.equal(fake.requestLog.at(-1)!.path, '/upload/gmail/v1/users/me/messages/send');
    assert.equal(fake.requestLog.at(-1)!.query.uploadType, 'multipart');
    const alone = await composeMessage({ from: ME, to: [CAROL], subject: 'media upload', text: 'x' });
    const media = await api.users.messages.send({ userId: 'me', media: { mimeType: 'message/rfc822', body: alone.raw.toString('latin1') } }, uploadAt(fake));
    assert.equal(fake.message(media.data.id!)!.messageId, alone.messageId);
    const wrongType = await failure(api.users.messages.send({ userId: 'me', media: { mimeType: 'text/plain', body: 'x' } }, uploadAt(fake)));
    assert.equal(wrongType.status, 400);
  });

  it('forwards a message with its attachments', async () => {
    const original = await idBySubject(api, 'Alpha logo draft');
    const raw = Buffer.from((await api.users.messages.get({ userId: 'me', id: original.id, format: 'raw' })).data.raw!, 'base64url');
    const spec = await forwardSpec(raw, { from: ME, to: [CAROL], note: 'Have a look.' });
    const composed = await composeMessage(spec);
    const { data } = await api.users.messages.send({ userId: 'me', requestBody: { raw: base64url(composed.raw) } });
    const sent = fake.message(data.id!)!;
    assert.equal(sent.subject, 'Fwd: Alpha logo draft');
    assert.deepEqual(sent.attachments.map((a) => [a.filename, a.mimeType]), [['logo.png', 'image/png']]);
    const originalLogo = (await simpleParser(raw)).attachments[0].content;
    assert.ok(sent.attachments[0].content.equals(originalLogo));
    assert.match(sent.text, /Have a look\.[\s\S]*---------- Forwarded message ---------[\s\S]*Here is the logo draft\./);
  });

  it('applies the send scopes: gmail.send and gmail.compose may send, gmail.readonly may not', async () => {
    const composed = await composeMessage({ from: ME, to: [CAROL], subject: 'scopes', text: 'x' });
    const readonly = await apiWith(fake, [SCOPE.readonly]);
    const denied = await failure(readonly.users.messages.send({ userId: 'me', requestBody: { raw: base64url(composed.raw) } }));
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.errors[0].reason, 'insufficientPermissions');
    assert.equal(denied.body.error.details![0].reason, 'ACCESS_TOKEN_SCOPE_INSUFFICIENT');
    for (const scope of [SCOPE.send, SCOPE.compose]) {
      const client = await apiWith(fake, [scope]);
      const again = await composeMessage({ from: ME, to: [CAROL], subject: `scope ${scope}`, text: 'x' });
      assert.equal((await client.users.messages.send({ userId: 'me', requestBody: { raw: base64url(again.raw) } })).status, 200);
    }
  });

  it('a reset after processing leaves exactly one stored message, which the client can find by its Message-ID', async () => {
    const composed = await composeMessage({ from: ME, to: [CAROL], subject: 'Ambiguous send', text: 'Did it go?' });
    fake.injectFault({ kind: 'resetAfterProcessing', path: '/messages/send', times: 1 });
    await assert.rejects(api.users.messages.send({ userId: 'me', requestBody: { raw: base64url(composed.raw) } }), (err: Error & { code?: string }) => /ECONNRESET|socket hang up|fetch failed|terminated/i.test(`${err.code} ${err.message}`));
    assert.equal(fake.findByMessageId(composed.messageId, ME).length, 1);
    assert.equal(fake.findByMessageId(composed.messageId, CAROL).length, 1);
    const lookup = await api.users.messages.list({ userId: 'me', q: `in:sent rfc822msgid:${composed.messageId}` });
    assert.equal(lookup.data.messages?.length, 1, 'the lookup a careful client does before any retry');
    const entry = fake.requestLog.filter((e) => e.path.endsWith('/messages/send')).at(-1)!;
    assert.match(entry.note!, /reset after processing/);
    assert.equal(entry.status, 200);
  });
});
