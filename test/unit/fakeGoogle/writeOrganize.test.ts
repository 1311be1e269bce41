import assert from 'node:assert/strict';
import type { gmail_v1 } from '@googleapis/gmail';
import { createFakeGoogle, MAX_BATCH_IDS, QUOTA_UNITS, type FakeGoogle } from '../../fakeGoogle/index';
import { failure, SCOPE, TEST_MAIL_DIR } from './helpers';
import { apiWith, FULL_SCOPE, idBySubject } from './writeHelpers';

describe('fake Gmail trash, untrash, modify, batchModify and delete through @googleapis/gmail', () => {
  let fake: FakeGoogle;
  let api: gmail_v1.Gmail;
  beforeEach(async () => {
    fake = await createFakeGoogle({ mailboxDir: TEST_MAIL_DIR, autoConsent: true });
    api = await apiWith(fake, [SCOPE.modify]);
  });
  afterEach(() => fake.close());

  const labelsOf = (id: string) => fake.message(id)!.labelIds;
  const lastEntry = () => fake.requestLog.filter((e) => e.path.startsWith('/gmail/')).at(-1)!;

  it('trash and untrash: TRASH added and removed, hidden from and back in list, 5 units each', async () => {
    const { id } = await idBySubject(api, 'Alpha logo draft');
    const before = labelsOf(id);
    const trashed = await api.users.messages.trash({ userId: 'me', id });
    assert.ok(trashed.data.labelIds!.includes('TRASH'));
    assert.equal(lastEntry().quotaUnits, QUOTA_UNITS['messages.trash']);
    const listed = await api.users.messages.list({ userId: 'me' });
    assert.ok(!listed.data.messages!.some((m) => m.id === id));
    const untrashed = await api.users.messages.untrash({ userId: 'me', id });
    assert.deepEqual([...untrashed.data.labelIds!].sort(), before);
    assert.equal(lastEntry().quotaUnits, QUOTA_UNITS['messages.untrash']);
    assert.equal((await failure(api.users.messages.trash({ userId: 'me', id: 'ffffffffffffffff' }))).status, 404);
  });

  it('modify: adds and removes labels, validates them like Gmail', async () => {
    const { id } = await idBySubject(api, 'Alpha logo draft');
    const historyBefore = (await api.users.messages.get({ userId: 'me', id, format: 'minimal' })).data.historyId!;
    const { data } = await api.users.messages.modify({ userId: 'me', id, requestBody: { addLabelIds: ['STARRED'], removeLabelIds: ['UNREAD', 'INBOX'] } });
    assert.deepEqual(Object.keys(data).sort(), ['historyId', 'id', 'internalDate', 'labelIds', 'sizeEstimate', 'snippet', 'threadId']);
    assert.ok(data.labelIds!.includes('STARRED') && !data.labelIds!.includes('INBOX') && !data.labelIds!.includes('UNREAD'));
    assert.ok(Number(data.historyId) > Number(historyBefore));
    assert.equal(lastEntry().quotaUnits, QUOTA_UNITS['messages.modify']);

    const refusals: [gmail_v1.Schema$ModifyMessageRequest, string][] = [
      [{ addLabelIds: ['Label_999'] }, 'Invalid label: Label_999'],
      [{ addLabelIds: ['SENT'] }, 'Invalid label: SENT'],
      [{ removeLabelIds: ['DRAFT'] }, 'Invalid label: DRAFT'],
      [{ addLabelIds: ['STARRED'], removeLabelIds: ['STARRED'] }, 'Cannot add and remove the same label: STARRED'],
      [{ addLabelIds: ['SPAM', 'TRASH'] }, 'Cannot add both SPAM and TRASH labels'],
    ];
    for (const [requestBody, message] of refusals) {
      const bad = await failure(api.users.messages.modify({ userId: 'me', id, requestBody }));
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.message, message);
    }
    assert.ok(labelsOf(id).includes('STARRED'), 'a refused modify changes nothing');

    const spam = await api.users.messages.modify({ userId: 'me', id, requestBody: { addLabelIds: ['INBOX'] } }).then(() => api.users.messages.modify({ userId: 'me', id, requestBody: { addLabelIds: ['SPAM'] } }));
    assert.ok(spam.data.labelIds!.includes('SPAM') && !spam.data.labelIds!.includes('INBOX'), 'spam leaves the inbox');
    const trash = await api.users.messages.trash({ userId: 'me', id });
    assert.ok(trash.data.labelIds!.includes('TRASH') && !trash.data.labelIds!.includes('SPAM'), 'one bin at a time');
  });

  it('batchModify: 204 with an empty body, 50 units, at most 1000 ids, unknown ids skipped', async () => {
    const all = (await api.users.messages.list({ userId: 'me' })).data.messages!.map((m) => m.id!);
    const res = await api.users.messages.batchModify({ userId: 'me', requestBody: { ids: [...all, 'ffffffffffffffff'], addLabelIds: ['IMPORTANT'], removeLabelIds: ['UNREAD'] } });
    assert.equal(res.status, 204);
    assert.equal(res.data, '');
    assert.equal(lastEntry().quotaUnits, QUOTA_UNITS['messages.batchModify']);
    assert.match(lastEntry().note!, new RegExp(`${all.length} of ${all.length + 1} ids found`));
    for (const id of all) assert.ok(labelsOf(id).includes('IMPORTANT') && !labelsOf(id).includes('UNREAD'));

    const ids = Array.from({ length: MAX_BATCH_IDS + 1 }, (_, i) => i.toString(16).padStart(16, '0'));
    const tooMany = await failure(api.users.messages.batchModify({ userId: 'me', requestBody: { ids, addLabelIds: ['STARRED'] } }));
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.error.message, 'Number of ids cannot exceed 1000');
    assert.equal(tooMany.body.error.errors[0].reason, 'invalidArgument');
    assert.equal((await api.users.messages.batchModify({ userId: 'me', requestBody: { ids: ids.slice(0, MAX_BATCH_IDS), addLabelIds: ['STARRED'] } })).status, 204);
    assert.equal((await failure(api.users.messages.batchModify({ userId: 'me', requestBody: { ids: all, addLabelIds: ['Label_999'] } }))).status, 400);
  });

  it('threads.trash, threads.untrash and threads.modify change every message of the thread', async () => {
    const { threadId } = (await api.users.messages.list({ userId: 'me', q: 'rfc822msgid:<lunch-2@kitchen.test>' })).data.messages![0];
    const trashed = await api.users.threads.trash({ userId: 'me', id: threadId! });
    assert.equal(trashed.data.messages!.length, 2);
    assert.ok(trashed.data.messages!.every((m) => m.labelIds!.includes('TRASH')));
    assert.equal(lastEntry().quotaUnits, QUOTA_UNITS['threads.trash']);
    await api.users.threads.untrash({ userId: 'me', id: threadId! });
    const modified = await api.users.threads.modify({ userId: 'me', id: threadId!, requestBody: { addLabelIds: ['STARRED'] } });
    assert.ok(modified.data.messages!.every((m) => m.labelIds!.includes('STARRED') && !m.labelIds!.includes('TRASH')));
  });

  it('permanent delete is refused with 403 without https://mail.google.com/ (which our app never asks for)', async () => {
    const { id, threadId } = await idBySubject(api, 'Alpha logo draft');
    for (const call of [
      api.users.messages.delete({ userId: 'me', id }),
      api.users.messages.batchDelete({ userId: 'me', requestBody: { ids: [id] } }),
      api.users.threads.delete({ userId: 'me', id: threadId }),
    ]) {
      const denied = await failure(call);
      assert.equal(denied.status, 403);
      assert.equal(denied.body.error.errors[0].reason, 'insufficientPermissions');
    }
    assert.ok(fake.message(id), 'nothing was deleted');
    assert.equal(fake.unitsUsed() - 5, 0, 'refused calls cost nothing (only the search above did)');

    const full = await apiWith(fake, [FULL_SCOPE]);
    assert.equal((await full.users.messages.delete({ userId: 'me', id })).status, 204);
    assert.equal(fake.message(id), undefined);
  });

  it('organize methods need gmail.modify: readonly, compose and send are refused', async () => {
    const { id } = await idBySubject(api, 'Alpha logo draft');
    for (const scope of [SCOPE.readonly, SCOPE.compose, SCOPE.send]) {
      const client = await apiWith(fake, [scope]);
      assert.equal((await failure(client.users.messages.trash({ userId: 'me', id }))).status, 403, scope);
      assert.equal((await failure(client.users.messages.batchModify({ userId: 'me', requestBody: { ids: [id], addLabelIds: ['STARRED'] } }))).status, 403, scope);
    }
    assert.ok(!labelsOf(id).includes('TRASH'));
  });
});
