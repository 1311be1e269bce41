import { strict as assert } from 'node:assert';
import { GmailClient } from '../../../src/gmail/client';
import { composeMessage } from '../../../src/mail/compose';
import { GmailApiError } from '../../../src/gmail/errors';
import { GMAIL_SCOPES } from '../../../src/gmail/scopes';
import { createFakeGoogle, type FakeGoogle } from '../../fakeGoogle/index';
import { signIn } from '../fakeGoogle/helpers';

const ME = 'demo.user@example.com';

describe('gmail/client write side against the fake Google', () => {
  let fake: FakeGoogle;
  const clients: GmailClient[] = [];
  const clientWith = async (scopes: string[]) => {
    const oauth = await signIn(fake, scopes);
    const client = new GmailClient({
      tokenSource: { getAccessToken: async () => (await oauth.getAccessToken()).token as string },
      endpoints: fake.endpoints,
      retry: { initialDelayMs: 5, maxDelayMs: 20 },
      sendRecovery: { lookups: 2, lookupDelayMs: 5 },
    });
    clients.push(client);
    return client;
  };
  const outgoing = async (subject: string) => {
    const m = await composeMessage({ from: ME, to: ['someone@example.com'], subject, text: 'hello' });
    return { raw: m.raw, messageId: m.messageId };
  };

  before(async () => {
    fake = await createFakeGoogle({ autoConsent: true });
  });
  after(async () => {
    for (const c of clients) c.close();
    await fake.close();
  });

  it('batchModify goes in chunks of 1000 ids (50 units each); one id uses messages.modify', async () => {
    const gmail = await clientWith([GMAIL_SCOPES.modify]);
    const sent = await gmail.sendMessage(await outgoing('to be labelled'));
    const ids = [sent.id, ...Array.from({ length: 1200 }, (_, i) => (0x1000000000000 + i).toString(16))];
    const since = fake.requestLog.length;
    const result = await gmail.modifyMessages(ids, ['STARRED'], []);
    assert.equal(result.changed.length, 1201);
    const batches = fake.requestLog.slice(since).filter((e) => e.path.endsWith('/messages/batchModify'));
    assert.deepEqual(batches.map((e) => [e.status, e.quotaUnits]), [[204, 50], [204, 50]]);
    assert.ok(fake.message(sent.id)?.labelIds.includes('STARRED'));

    const single = await gmail.modifyMessages([sent.id], [], ['STARRED']);
    assert.deepEqual(single, { changed: [sent.id], failed: [] });
    assert.ok(fake.requestLog.at(-1)?.path.endsWith(`/messages/${sent.id}/modify`));
    const missing = await gmail.trashMessages([sent.id, 'ffffffffffffffff']);
    assert.deepEqual(missing.changed, [sent.id]);
    assert.equal(missing.failed[0].id, 'ffffffffffffffff');
  });

  it('without a scope that can search Sent, an ambiguous send failure is reported as uncertain and never retried', async () => {
    const gmail = await clientWith([GMAIL_SCOPES.send]);
    fake.injectFault({ kind: 'resetAfterProcessing', path: '/messages/send', method: 'POST', times: 1 });
    const message = await outgoing('send scope only');
    const since = fake.requestLog.length;
    const error = await gmail.sendMessage(message).catch((e: unknown) => e);
    assert.ok(error instanceof GmailApiError, String(error));
    assert.match(error.message, /may or may not have been sent[\s\S]*not sent again/);
    assert.match(error.message, /scopes do not allow searching Sent/);
    assert.equal(fake.requestLog.slice(since).filter((e) => e.path.endsWith('/messages/send')).length, 1);
    assert.equal(fake.findByMessageId(message.messageId, ME).length, 1, 'it had in fact been sent, once');
  });

  it('an unreadable answer to a send (cut-off JSON) is resolved by the Sent lookup, not by a second send', async () => {
    const gmail = await clientWith([GMAIL_SCOPES.readonly, GMAIL_SCOPES.send]);
    fake.injectFault({ kind: 'malformedJson', path: '/messages/send', method: 'POST', times: 1 });
    const message = await outgoing('cut-off answer');
    const since = fake.requestLog.length;
    const result = await gmail.sendMessage(message);
    assert.equal(result.recovered, true);
    assert.equal(result.attempts, 1);
    assert.equal(fake.requestLog.slice(since).filter((e) => e.path.endsWith('/messages/send')).length, 1);
    assert.equal(fake.findByMessageId(message.messageId, ME).length, 1);
  });

  it('drafts.delete whose 204 was lost: the retry\'s 404 counts as deleted, not as "no such draft"', async () => {
    const gmail = await clientWith([GMAIL_SCOPES.compose]);
    const draft = await gmail.createDraft(await outgoing('a draft to delete'));
    fake.injectFault({ kind: 'resetAfterProcessing', path: `/drafts/${draft.id}`, method: 'DELETE', times: 1 });
    const since = fake.requestLog.length;
    await gmail.deleteDraft(draft.id);
    const deletes = fake.requestLog.slice(since).filter((e) => e.method === 'DELETE' && e.path.endsWith(`/drafts/${draft.id}`));
    assert.deepEqual(deletes.map((e) => e.status === 404), [false, true], 'the first attempt was done but unanswered, the retry found nothing');
    assert.ok(!fake.drafts(ME).some((d) => d.draftId === draft.id), 'the draft is gone');
  });

  it('drafts.delete of a draft that does not exist is still "no such draft" when no attempt went unanswered', async () => {
    const gmail = await clientWith([GMAIL_SCOPES.compose]);
    const draft = await gmail.createDraft(await outgoing('deleted twice'));
    await gmail.deleteDraft(draft.id);
    const error = await gmail.deleteDraft(draft.id).catch((e: unknown) => e);
    assert.ok(error instanceof GmailApiError, String(error));
    assert.equal(error.kind, 'notFound');
    assert.match(error.message, new RegExp(`no draft ${draft.id}`));
  });

  it('a 4xx refusal of a send is final: no lookup, no retry', async () => {
    const gmail = await clientWith([GMAIL_SCOPES.readonly, GMAIL_SCOPES.send]);
    const since = fake.requestLog.length;
    const error = await gmail.sendMessage({ raw: Buffer.from('not a message at all'), messageId: '<x@example.com>' }).catch((e: unknown) => e);
    assert.ok(error instanceof GmailApiError);
    assert.equal(error.kind, 'invalidArgument');
    const log = fake.requestLog.slice(since);
    assert.equal(log.length, 1);
  });
});
