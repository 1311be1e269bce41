import { strict as assert } from 'node:assert';
import { FakeGmail } from './fakeGmail';
import { startHarness, textOf, type Harness } from './harness';

/**
 * What the model gets from a read and a search says each fact once (issue 23: tokens on any mail): no threadId
 * that repeats the id, no Reply-To that repeats the sender, no per-result notice; what differs is always there.
 */
const LIST_FOOTER = '_______________________________________________\nGarden-talk mailing list\ngarden-talk@lists.example.org\nhttps://lists.example.org/mailman/listinfo/garden-talk';

describe('mcp: lean read and search results', () => {
  let h: Harness;
  before(async () => {
    const gmail = new FakeGmail();
    await gmail.add('r1', 'r1', { from: 'Ann Lee <ann@northwind.example>', replyTo: 'ann@northwind.example', to: 'me@example.com', subject: 'Plan', text: 'See you at ten.', date: new Date('2026-03-01T10:00:00Z') });
    await gmail.add('r2', 'r1', { from: 'Ann Lee <ann@northwind.example>', replyTo: 'Ann Lee <ann@northwlnd.example>', to: 'me@example.com', subject: 'Re: Plan', text: 'Or at eleven.', date: new Date('2026-03-01T11:00:00Z') });
    await gmail.add('l1', 'l1', {
      from: 'Pat Green <pat@example.net>',
      to: 'garden-talk@lists.example.org',
      subject: 'Tomatoes',
      text: `The tomatoes are ready on Saturday.\n\n${LIST_FOOTER}\n`,
      headers: { 'List-Id': '<garden-talk.lists.example.org>', 'List-Post': '<mailto:garden-talk@lists.example.org>' },
      date: new Date('2026-03-02T09:00:00Z'),
    });
    h = await startHarness({ gmail });
  });
  after(async () => h.close());

  it('a read leaves out a threadId equal to its id and a Reply-To equal to the sender', async () => {
    const s = (await h.call('read_message', { id: 'r1' })).structuredContent as Record<string, unknown>;
    assert.equal(s.id, 'r1');
    for (const field of ['threadId', 'replyTo', 'untrustedContent']) assert.equal(field in s, false, `${field}: ${JSON.stringify(s)}`);
    assert.match(String(s.body), /^«untrusted-mail [0-9a-f]{4,}»\nSee you at ten\.\n«\/untrusted-mail [0-9a-f]{4,}»$/);
  });

  it('a read collapses a mailing list\'s footer to a count, and gives it whole, spotlighted, with listFooter', async () => {
    const s = (await h.call('read_message', { id: 'l1' })).structuredContent as Record<string, unknown>;
    assert.match(String(s.body), /^«untrusted-mail ([0-9a-f]{4,})»\nThe tomatoes are ready on Saturday\.\n\n\[4 mailing-list footer lines collapsed\]\n«\/untrusted-mail \1»$/);
    assert.equal('listFooter' in s, false);
    const asked = await h.call('read_message', { id: 'l1', listFooter: true });
    const full = asked.structuredContent as Record<string, unknown>;
    const unmarked = (body: unknown) => String(body).replace(/untrusted-mail [0-9a-f]+/g, 'untrusted-mail');
    assert.equal(unmarked(full.body), unmarked(s.body), 'the body is the same, the footer comes beside it');
    assert.match(String(full.listFooter), new RegExp(`^«untrusted-mail ([0-9a-f]{4,})»\\n${LIST_FOOTER.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\n«/untrusted-mail \\1»$`));
    assert.ok(textOf(asked).includes(LIST_FOOTER), 'the text has the footer too');
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
