import assert from 'node:assert/strict';
import type { gmail_v1 } from '@googleapis/gmail';
import { composeMessage, replyHeaders } from '../../../src/mail/compose';
import { createFakeGoogle, QUOTA_UNITS, type FakeGoogle } from '../../fakeGoogle/index';
import { failure, SCOPE, TEST_MAIL_DIR } from './helpers';
import { apiWith, base64url, ME, uploadAt } from './writeHelpers';

describe('fake Gmail drafts through @googleapis/gmail', () => {
  let fake: FakeGoogle;
  let api: gmail_v1.Gmail;
  before(async () => {
    fake = await createFakeGoogle({ mailboxDir: TEST_MAIL_DIR, autoConsent: true });
    api = await apiWith(fake, [SCOPE.compose]);
  });
  after(() => fake.close());

  const draftRaw = async (subject: string, extra: Partial<Parameters<typeof composeMessage>[0]> = {}) =>
    composeMessage({ from: ME, to: ['carol@kitchen.test'], subject, text: `Body of ${subject}`, ...extra });

  it('create, get, list, update, send: the draft becomes a SENT message and the draft is gone', async () => {
    const first = await draftRaw('Draft one');
    const units = fake.unitsUsed();
    const created = await api.users.drafts.create({ userId: 'me', requestBody: { message: { raw: base64url(first.raw) } } });
    assert.match(created.data.id!, /^r\d+$/);
    assert.deepEqual(created.data.message!.labelIds, ['DRAFT']);
    assert.equal(fake.unitsUsed() - units, QUOTA_UNITS['drafts.create']);

    const got = await api.users.drafts.get({ userId: 'me', id: created.data.id!, format: 'full' });
    assert.equal(got.data.id, created.data.id);
    assert.equal(got.data.message!.payload!.headers!.find((h) => h.name === 'Subject')!.value, 'Draft one');
    const list = await api.users.drafts.list({ userId: 'me' });
    assert.deepEqual(list.data.drafts, [{ id: created.data.id, message: { id: created.data.message!.id, threadId: created.data.message!.threadId } }]);
    assert.equal((await api.users.drafts.list({ userId: 'me', q: 'subject:nothing-like-this' })).data.resultSizeEstimate, 0);

    const second = await draftRaw('Draft one, revised');
    const updated = await api.users.drafts.update({ userId: 'me', id: created.data.id!, requestBody: { message: { raw: base64url(second.raw) } } });
    assert.equal(updated.data.id, created.data.id, 'the draft id stays');
    assert.notEqual(updated.data.message!.id, created.data.message!.id, 'the message is replaced');
    assert.equal(fake.message(created.data.message!.id!), undefined);
    assert.equal(fake.drafts().length, 1);
    assert.equal(fake.drafts()[0].subject, 'Draft one, revised');

    const before = fake.unitsUsed();
    const sent = await api.users.drafts.send({ userId: 'me', requestBody: { id: created.data.id } });
    assert.deepEqual(sent.data.labelIds, ['SENT']);
    assert.equal(fake.unitsUsed() - before, QUOTA_UNITS['drafts.send']);
    assert.equal(fake.drafts().length, 0);
    assert.equal(fake.findByMessageId(second.messageId)[0].id, sent.data.id);
    assert.equal((await failure(api.users.drafts.get({ userId: 'me', id: created.data.id! }))).status, 404);
    const entry = fake.requestLog.filter((e) => e.path.endsWith('/drafts/send')).at(-1)!;
    assert.match(entry.note!, new RegExp(`drafts\\.send Message-ID ${second.messageId}`));
  });

  it('keeps a reply draft in its thread when sent, by Gmail\'s threading rules', async () => {
    const ref = (await api.users.messages.list({ userId: 'me', q: 'rfc822msgid:<lunch-2@kitchen.test>' }).catch(() => undefined))?.data.messages?.[0];
    assert.equal(ref, undefined, 'gmail.compose cannot search messages');
    const original = fake.findByMessageId('<lunch-2@kitchen.test>')[0];
    const h = replyHeaders({ messageId: original.messageId, references: original.references, subject: original.subject, from: original.from, to: original.to }, { replyAll: false, self: ME });
    const reply = await draftRaw(h.subject, { to: h.to, inReplyTo: h.inReplyTo, references: h.references });
    const created = await api.users.drafts.create({ userId: 'me', requestBody: { message: { raw: base64url(reply.raw), threadId: original.threadId } } });
    assert.equal(created.data.message!.threadId, original.threadId);
    const sent = await api.users.drafts.send({ userId: 'me', requestBody: { id: created.data.id } });
    assert.equal(sent.data.threadId, original.threadId);
    assert.equal(fake.message(sent.data.id!)!.inReplyTo, '<lunch-2@kitchen.test>');
  });

  it('delete removes the draft for good (204); unknown ids are 404, malformed ones 400', async () => {
    const d = await api.users.drafts.create({ userId: 'me', requestBody: { message: { raw: base64url((await draftRaw('To be deleted')).raw) } } });
    const deleted = await api.users.drafts.delete({ userId: 'me', id: d.data.id! });
    assert.equal(deleted.status, 204);
    assert.equal(fake.message(d.data.message!.id!), undefined);
    assert.equal((await failure(api.users.drafts.delete({ userId: 'me', id: d.data.id! }))).status, 404);
    assert.equal((await failure(api.users.drafts.get({ userId: 'me', id: 'not-a-draft' }))).status, 400);
    const noRaw = await failure(api.users.drafts.create({ userId: 'me', requestBody: { message: {} } }));
    assert.equal(noRaw.status, 400);
    const noRecipient = await api.users.drafts.create({ userId: 'me', requestBody: { message: { raw: base64url(Buffer.from('Subject: no one\r\n\r\nx')) } } });
    const refused = await failure(api.users.drafts.send({ userId: 'me', requestBody: { id: noRecipient.data.id } }));
    assert.equal(refused.body.error.message, 'Recipient address required');
    assert.equal(fake.drafts().some((m) => m.draftId === noRecipient.data.id), true, 'a refused send keeps the draft');
  });

  it('accepts a draft uploaded on the upload URI (multipart)', async () => {
    const d = await draftRaw('Uploaded draft');
    const created = await api.users.drafts.create({ userId: 'me', requestBody: { message: {} }, media: { mimeType: 'message/rfc822', body: d.raw.toString('latin1') } }, uploadAt(fake));
    assert.equal(fake.message(created.data.message!.id!)!.messageId, d.messageId);
    assert.equal(fake.requestLog.at(-1)!.path, '/upload/gmail/v1/users/me/drafts');
  });

  it('drafts.send reset after processing: exactly one sent message, no draft left', async () => {
    const d = await draftRaw('Ambiguous draft send');
    const created = await api.users.drafts.create({ userId: 'me', requestBody: { message: { raw: base64url(d.raw) } } });
    fake.injectFault({ kind: 'resetAfterProcessing', path: '/drafts/send', times: 1 });
    await assert.rejects(api.users.drafts.send({ userId: 'me', requestBody: { id: created.data.id } }));
    const stored = fake.findByMessageId(d.messageId);
    assert.equal(stored.length, 1);
    assert.deepEqual(stored[0].labelIds, ['SENT']);
    assert.equal(fake.drafts().some((m) => m.draftId === created.data.id), false);
    // A blind retry of the same draft fails: the draft no longer exists, so nothing is sent twice.
    assert.equal((await failure(api.users.drafts.send({ userId: 'me', requestBody: { id: created.data.id } }))).status, 404);
  });

  it('applies the draft scopes: gmail.send cannot draft, gmail.readonly can only read drafts', async () => {
    const raw = base64url((await draftRaw('scope check')).raw);
    const sendOnly = await apiWith(fake, [SCOPE.send]);
    assert.equal((await failure(sendOnly.users.drafts.create({ userId: 'me', requestBody: { message: { raw } } }))).status, 403);
    assert.equal((await failure(sendOnly.users.drafts.list({ userId: 'me' }))).status, 403);
    const readonly = await apiWith(fake, [SCOPE.readonly]);
    assert.equal((await readonly.users.drafts.list({ userId: 'me' })).status, 200);
    assert.equal((await failure(readonly.users.drafts.create({ userId: 'me', requestBody: { message: { raw } } }))).status, 403);
    const modify = await apiWith(fake, [SCOPE.modify]);
    assert.equal((await modify.users.drafts.create({ userId: 'me', requestBody: { message: { raw } } })).status, 200);
  });
});
