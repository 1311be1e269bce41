import { strict as assert } from 'node:assert';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { ConfirmationRequest } from '../../../src/writes/confirmer';
import { ALL_TOOLS } from '../../../src/mcp/server/toolsets';
import { UserLimits } from '../../../src/guard/userLimits';
import { ProvenanceTracker } from '../../../src/guard/provenance';
import { InProcessMailProcessor } from '../../../src/mail/processing/mailProcessor';
import type { GmailService } from '../../../src/gmail/client';
import { DENY_ALL } from '../../../src/writes/confirmer';
import { WritePipeline } from '../../../src/writes/pipeline';
import type { WriteUndo } from '../../../src/writes/undo';
import { UndoSendWindow } from '../../../src/writes/undoSend';
import { ME, approve, decline, startWriteHarness, textOf, timeout, type WriteHarness } from './writeHarness';
import { until } from '../until';
import { mcpErrorOf } from './mcpErrorOf';

type ChangeRequest = Extract<ConfirmationRequest, { kind: 'changeMessages' }>;
const WRITE_TOOLS = ['create_draft', 'update_draft', 'send_draft', 'delete_draft', 'send_message', 'trash_messages', 'untrash_messages', 'modify_labels'];

/** The person's Undo, as the account's endpoint runs it: through a writes pipeline, never a bare Gmail client. */
async function runUndo(gmail: GmailService, undo: WriteUndo) {
  const pipeline = new WritePipeline({
    account: ME,
    gmail,
    confirmer: DENY_ALL,
    limits: new UserLimits(),
    provenance: new ProvenanceTracker(),
    undoSend: new UndoSendWindow(),
    agentDrafts: new Set(),
    mailProcessor: new InProcessMailProcessor(),
  });
  return (await pipeline.undo(undo)).result;
}

describe('mcp organize tools against the fake Google (trash, labels, bulk, undo)', () => {
  let h: WriteHarness;
  before(async () => {
    h = await startWriteHarness({ limits: { maxMessagesPerChange: 40 } });
  });
  after(async () => h?.close());
  beforeEach(() => h.confirmer.reset());

  const newsIds = async (n: number) => (await h.gmail.searchMessages({ query: 'from:news@shop.example', maxResults: n })).messages.map((m) => m.id);
  const lastChange = () => h.confirmer.requests.at(-1) as ChangeRequest;

  it('trash by ids: the confirmation lists the messages, approval trashes them, Undo restores them', async () => {
    const ids = await newsIds(2);
    h.confirmer.script(approve);
    const result = await h.call('trash_messages', { ids });
    assert.equal(result.isError, undefined, textOf(result));
    const request = lastChange();
    assert.equal(request.kind, 'changeMessages');
    assert.equal(request.title, 'Move 2 messages to Trash');
    assert.deepEqual(request.before.map((l) => l.id).sort(), [...ids].sort());
    assert.match(request.before[0].from, /Shop News/);
    assert.match(request.before[0].subject, /^Weekly deals \d+$/);
    assert.ok(request.before[0].labels.includes('INBOX'));
    assert.deepEqual(request.after, []);
    assert.equal(request.typedCountRequired, undefined);
    for (const id of ids) assert.ok(h.fake.message(id, ME)?.labelIds.includes('TRASH'));
    const { finished, progress } = h.last();
    assert.deepEqual(progress.map((p) => p.status), ['awaitingApproval', 'approved']);
    assert.deepEqual(finished.undo, { tool: 'untrash_messages', args: { ids } });
    // The person's Undo takes the writes pipeline, without a confirmation (DENY_ALL would decline any).
    const undone = await runUndo(h.gmail, finished.undo);
    assert.deepEqual([...undone.changed].sort(), [...ids].sort());
    for (const id of ids) assert.ok(!h.fake.message(id, ME)?.labelIds.includes('TRASH'));
  });

  it('declined or timed-out changes make no write', async () => {
    const ids = await newsIds(3);
    for (const answer of [decline, timeout]) {
      h.confirmer.script(answer);
      const since = h.fake.requestLog.length;
      const trash = await h.call('trash_messages', { ids });
      assert.equal(trash.isError, undefined);
      assert.equal((trash.structuredContent as { status: string }).status, 'declined');
      assert.match(textOf(trash), /nothing was changed/);
      assert.deepEqual(h.writesSince(since), []);
      assert.equal(h.last().finished.status, 'declined');
      assert.equal(h.last().finished.undo, undefined);
    }
    h.confirmer.script(decline);
    const since = h.fake.requestLog.length;
    await h.call('modify_labels', { ids, archive: true });
    assert.deepEqual(h.writesSince(since), []);
  });

  it('query mode: needs maxMessages, refuses more matches than that, asks for a typed count in bulk', async () => {
    const asked = h.confirmer.requests.length;
    const noCap = await h.call('trash_messages', { query: 'from:news@shop.example' });
    assert.equal(noCap.isError, true);
    assert.match(textOf(noCap), /needs maxMessages/);
    const tooMany = await h.call('trash_messages', { query: 'from:news@shop.example', maxMessages: 10 });
    assert.equal(tooMany.isError, true);
    assert.match(textOf(tooMany), /matches more than 10 messages/);
    assert.equal(h.confirmer.requests.length, asked, 'no confirmation for refused calls');

    h.confirmer.script(approve);
    const result = await h.call('trash_messages', { query: 'from:news@shop.example', maxMessages: 30 });
    assert.equal(result.isError, undefined, textOf(result));
    const request = lastChange();
    assert.equal(request.before.length, 30);
    assert.equal(request.typedCountRequired, 30, 'over the threshold of 25');
    assert.equal((result.structuredContent as { trashed: string[] }).trashed.length, 30);
    const undo = h.last().finished.undo;
    assert.ok(undo);
    await runUndo(h.gmail, undo);
  });

  it('untrash_messages and modify_labels: archive, read, star, user label by name; exact inverse as Undo', async () => {
    const [a, b] = await newsIds(2);
    await h.gmail.modifyMessages([b], ['STARRED'], []);
    h.confirmer.script(approve);
    const result = await h.call('modify_labels', { ids: [a, b], archive: true, markRead: true, star: true });
    assert.equal(result.isError, undefined, textOf(result));
    const request = lastChange();
    assert.equal(request.title, 'Archive, mark read, star: 2 messages');
    const afterA = request.after.find((l) => l.id === a);
    assert.ok(afterA && !afterA.labels.includes('INBOX') && afterA.labels.includes('STARRED'));
    assert.deepEqual(h.fake.message(a, ME)?.labelIds.filter((l) => ['INBOX', 'UNREAD', 'STARRED'].includes(l)), ['STARRED']);
    const undo = h.last().finished.undo;
    assert.equal(undo?.tool, 'modify_labels');
    await runUndo(h.gmail, undo!);
    assert.ok(h.fake.message(a, ME)?.labelIds.includes('INBOX'));
    assert.ok(!h.fake.message(a, ME)?.labelIds.includes('STARRED'));
    assert.ok(h.fake.message(b, ME)?.labelIds.includes('STARRED'), 'b was starred before: undo keeps the star');

    const unknown = await h.call('modify_labels', { ids: [a], addLabels: ['No such label'] });
    assert.match(textOf(unknown), /No label "No such label"/);
    const trashLabel = await h.call('modify_labels', { ids: [a], addLabels: ['TRASH'] });
    assert.match(textOf(trashLabel), /use trash_messages/);
    const contradiction = await h.call('modify_labels', { ids: [a], star: true, unstar: true });
    assert.match(textOf(contradiction), /contradict/);

    h.confirmer.script(approve, approve);
    await h.call('trash_messages', { ids: [a] });
    const restored = await h.call('untrash_messages', { ids: [a] });
    assert.equal(restored.isError, undefined, textOf(restored));
    assert.ok(lastChange().before[0].labels.includes('TRASH'));
    assert.ok(!lastChange().after[0].labels.includes('TRASH'));
    assert.ok(!h.fake.message(a, ME)?.labelIds.includes('TRASH'));
  });

  it('no write tool runs without a Confirmer decision, whatever the arguments', async () => {
    for (const tool of ALL_TOOLS.filter((t) => WRITE_TOOLS.includes(t.name))) {
      const names = Object.keys(tool.inputSchema.shape);
      assert.ok(!names.some((n) => /approv|confirm|skip|force|bypass|auto|yes/i.test(n)), `${tool.name} has no argument that could skip confirmation: ${names}`);
    }
    const [id] = await newsIds(1);
    const since = h.fake.requestLog.length;
    const asked = h.confirmer.requests.length;
    const attempts: Array<[string, Record<string, unknown>]> = [
      ['send_message', { to: ['a@example.com'], subject: 's', body: 'b', approved: true }],
      ['send_message', { to: ['a@example.com'], subject: 's', body: 'b', confirmed: true, payloadHash: 'x' }],
      ['send_draft', { draftId: 'r1', skipConfirmation: true }],
      ['delete_draft', { draftId: 'r1', confirmed: true }],
      ['trash_messages', { ids: [id], approved: true }],
      ['modify_labels', { ids: [id], archive: true, force: true }],
      ['untrash_messages', { ids: [id], _meta: { approved: true } }],
    ];
    for (const [tool, args] of attempts) {
      const result = await h.call(tool, args);
      assert.equal(result.isError, true, tool);
      assert.match(textOf(result), /Unknown field/);
    }
    assert.equal(h.confirmer.requests.length, asked);
    assert.deepEqual(h.writesSince(since), []);
    // With valid arguments and no answer scripted, the (scripted) user declines: still no write.
    for (const [tool, args] of [['send_message', { to: ['a@example.com'], subject: 's', body: 'b' }], ['trash_messages', { ids: [id] }], ['modify_labels', { ids: [id], star: true }]] as const) {
      const result = await h.call(tool, args);
      assert.equal((result.structuredContent as { status: string }).status, 'declined', tool);
    }
    assert.equal(h.confirmer.requests.length, asked + 3);
    assert.deepEqual(h.writesSince(since), []);
  });

  it('turning toolsets off and on changes the live tool list (list_changed), read-only hides every write tool', async () => {
    let changes = 0;
    h.client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      changes++;
    });
    const names = async () => (await h.client.listTools()).tools.map((t) => t.name).sort();
    assert.deepEqual((await names()).filter((n) => WRITE_TOOLS.includes(n) || n === 'list_drafts' || n === 'get_draft').length, 10);
    h.access.update({ toolsets: ['read', 'drafts'] });
    const draftsOnly = await names();
    assert.ok(draftsOnly.includes('send_draft') && draftsOnly.includes('delete_draft') && !draftsOnly.includes('send_message') && !draftsOnly.includes('trash_messages'));
    // Not listed is unknown to the client: the SDK's protocol error for unknown tools (InvalidParams).
    const refused = await mcpErrorOf(h.call('trash_messages', { ids: ['abc'] }));
    assert.equal(refused.code, -32602);
    h.access.update({ readOnly: true });
    assert.deepEqual((await names()).filter((n) => !['get_attachment', 'get_profile', 'list_labels', 'read_message', 'read_messages', 'read_thread', 'search_messages'].includes(n)), ['get_draft', 'list_drafts']);
    h.access.update({ readOnly: false, toolsets: ['read', 'drafts', 'send', 'organize'] });
    assert.ok((await names()).includes('modify_labels'));
    await until(() => changes >= 3); // one list_changed notification per settings change
  });
});
