import { strict as assert } from 'node:assert';
import type { ConfirmationRequest } from '../../../src/writes/confirmer';
import { confirmationNotice } from '../../../src/ui/confirmation/confirmationNotice';
import { ME, approve, decline, startWriteHarness, textOf, type WriteHarness } from './writeHarness';

type DeleteRequest = Extract<ConfirmationRequest, { kind: 'deleteDraft' }>;

describe('mcp delete_draft against the fake Google', function () {
  this.timeout(30_000);
  let h: WriteHarness;
  before(async () => {
    h = await startWriteHarness();
  });
  after(async () => h?.close());
  beforeEach(() => h.confirmer.reset());

  const newDraft = async (subject: string): Promise<string> => {
    const created = await h.call('create_draft', { to: ['bob@example.com'], subject, body: `Body of ${subject}` });
    assert.equal(created.isError, undefined, textOf(created));
    return (created.structuredContent as { draftId: string }).draftId;
  };

  it('declined: the confirmation shows the draft and says there is no Undo; nothing is deleted', async () => {
    const draftId = await newDraft('Keep me');
    h.confirmer.script(decline);
    const since = h.fake.requestLog.length;
    const result = await h.call('delete_draft', { draftId });
    assert.equal(result.isError, undefined, textOf(result));
    assert.deepEqual(result.structuredContent, { status: 'declined', reason: 'declined', draftId });
    assert.match(textOf(result), /Declined by the user: nothing was deleted/);
    assert.deepEqual(h.writesSince(since), []);
    assert.ok(h.fake.drafts(ME).some((d) => d.draftId === draftId), 'the draft is still there');
    const request = h.confirmer.requests.at(-1) as DeleteRequest;
    assert.equal(request.kind, 'deleteDraft');
    assert.equal(request.draftId, draftId);
    assert.match(request.draftText, /^From: demo\.user@example\.com\nTo: bob@example\.com\n[\s\S]*Subject: Keep me\n[\s\S]*\n\nBody of Keep me/);
    assert.match(confirmationNotice(request), /permanent.*no Undo.*delete the draft "Keep me"/);
  });

  it('approved (even a draft the agent created here): the draft is gone in Gmail, and the result says it cannot be undone', async () => {
    const draftId = await newDraft('Delete me');
    h.confirmer.script(approve);
    const since = h.fake.requestLog.length;
    const result = await h.call('delete_draft', { draftId });
    assert.equal(result.isError, undefined, textOf(result));
    assert.deepEqual(result.structuredContent, { status: 'deleted', draftId });
    assert.match(textOf(result), /deleted for good.*cannot be undone/);
    assert.deepEqual(h.writesSince(since).map((e) => `${e.method} ${e.path.replace(/.*\/drafts\//, 'drafts/')} ${e.status}`), [`DELETE drafts/${draftId} 204`]);
    assert.ok(!h.fake.drafts(ME).some((d) => d.draftId === draftId), 'the draft is gone');
    assert.equal(h.last().finished.undo, undefined, 'nothing is listed for Undo');
    // Gmail's drafts.delete on an id that is gone: 404.
    const again = await h.gmail.deleteDraft(draftId).then(() => 'deleted twice', (e: Error) => e.message);
    assert.match(again, new RegExp(`has no draft ${draftId}`));
    assert.equal(h.fake.requestLog.at(-1)?.status, 404);
  });

  it('approved, and Gmail\'s answer to the delete is lost: the retry finds it gone, and the result says deleted', async () => {
    const draftId = await newDraft('Lost answer');
    h.confirmer.script(approve);
    h.fake.injectFault({ kind: 'resetAfterProcessing', path: `/drafts/${draftId}`, method: 'DELETE', times: 1 });
    const since = h.fake.requestLog.length;
    const result = await h.call('delete_draft', { draftId });
    assert.equal(result.isError, undefined, textOf(result));
    assert.deepEqual(result.structuredContent, { status: 'deleted', draftId });
    const deletes = h.fake.requestLog.slice(since).filter((e) => e.method === 'DELETE');
    assert.equal(deletes.length, 2, 'the first attempt (done, unanswered) and the retry');
    assert.equal(deletes[1].status, 404);
    assert.ok(!h.fake.drafts(ME).some((d) => d.draftId === draftId), 'the draft is gone');
  });

  it('an unknown draft id: a clear error, no confirmation, nothing deleted', async () => {
    const asked = h.confirmer.requests.length;
    const since = h.fake.requestLog.length;
    const result = await h.call('delete_draft', { draftId: 'r424242' });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /has no draft r424242/);
    assert.equal(h.confirmer.requests.length, asked);
    assert.deepEqual(h.writesSince(since), []);
  });

  it('is annotated as destructive and not read-only', async () => {
    const tool = (await h.client.listTools()).tools.find((t) => t.name === 'delete_draft');
    assert.equal(tool?.annotations?.readOnlyHint, false);
    assert.equal(tool?.annotations?.destructiveHint, true);
  });
});
