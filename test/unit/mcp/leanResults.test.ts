import { strict as assert } from 'node:assert';
import { FakeGmail } from './fakeGmail';
import { startHarness, type Harness } from './harness';

/**
 * What the model gets from a read and a search says each fact once (issue 23: tokens on any mail): no threadId
 * that repeats the id, no Reply-To that repeats the sender, no per-result notice; what differs is always there.
 */
describe('mcp: lean read and search results', () => {
  let h: Harness;
  before(async () => {
    const gmail = new FakeGmail();
    await gmail.add('r1', 'r1', { from: 'Ann Lee <ann@northwind.example>', replyTo: 'ann@northwind.example', to: 'me@example.com', subject: 'Plan', text: 'See you at ten.', date: new Date('2026-03-01T10:00:00Z') });
    await gmail.add('r2', 'r1', { from: 'Ann Lee <ann@northwind.example>', replyTo: 'Ann Lee <ann@northwlnd.example>', to: 'me@example.com', subject: 'Re: Plan', text: 'Or at eleven.', date: new Date('2026-03-01T11:00:00Z') });
    h = await startHarness({ gmail });
  });
  after(async () => h.close());

  it('a read leaves out a threadId equal to its id and a Reply-To equal to the sender', async () => {
    const s = (await h.call('read_message', { id: 'r1' })).structuredContent as Record<string, unknown>;
    assert.equal(s.id, 'r1');
    for (const field of ['threadId', 'replyTo', 'untrustedContent']) assert.equal(field in s, false, `${field}: ${JSON.stringify(s)}`);
    assert.match(String(s.body), /^«untrusted-mail [0-9a-f]{4,}»\nSee you at ten\.\n«\/untrusted-mail [0-9a-f]{4,}»$/);
  });

  it('a read keeps a threadId of another message and a Reply-To to another address, a look-alike included', async () => {
    const s = (await h.call('read_message', { id: 'r2' })).structuredContent as Record<string, unknown>;
    assert.equal(s.threadId, 'r1');
    assert.equal(s.replyTo, 'Ann Lee <ann@northwlnd.example>');
  });

  it('a search hit is id, thread, date, sender and subject; preview adds labels and the snippet', async () => {
    const plain = (await h.call('search_messages', {})).structuredContent as { messages: Array<Record<string, unknown>> } & Record<string, unknown>;
    assert.equal('untrustedContent' in plain, false);
    const byId = new Map(plain.messages.map((m) => [m.id, m]));
    assert.deepEqual(byId.get('r2'), { id: 'r2', threadId: 'r1', date: '1 Mar 2026 11:00 UTC', from: 'Ann Lee <ann@northwind.example>', subject: 'Re: Plan' });
    assert.deepEqual(byId.get('r1'), { id: 'r1', date: '1 Mar 2026 10:00 UTC', from: 'Ann Lee <ann@northwind.example>', subject: 'Plan' });
    const previewed = (await h.call('search_messages', { preview: true })).structuredContent as { messages: Array<Record<string, unknown>> };
    const r1 = previewed.messages.find((m) => m.id === 'r1');
    assert.deepEqual(r1?.labels, ['INBOX']);
    assert.equal(r1?.snippet, 'See you at ten.');
  });
});
