import { strict as assert } from 'node:assert';
import { FakeGmail } from './fakeGmail';
import { startHarness, type Harness } from './harness';

/**
 * A search hit as the model gets it (issue 17: tokens per hit): each fact once. The date in a mail header's order
 * with its zone; a snippet without what the hit already says (the subject again, the sender's logo).
 */
interface Hit {
  id: string;
  date: string;
  from: string;
  subject: string;
  snippet?: string;
}

describe('mcp: search hits say each thing once', () => {
  let h: Harness;
  let hits: Map<string, Hit>;
  before(async () => {
    const gmail = new FakeGmail();
    await gmail.add('n1', 'tn1', {
      from: 'Acme Outfitters <news@shop.example>',
      to: 'me@example.com',
      subject: 'Members save 25%',
      html: '<p><img alt="Acme Outfitters"></p><p>Members save 25% on boots and tents until Sunday night.</p>',
      date: new Date('2026-11-16T14:43:27Z'),
    });
    await gmail.add('n2', 'tn2', {
      from: 'Acme Outfitters <news@shop.example>',
      to: 'me@example.com',
      subject: 'Winter sale',
      html: '<p><img alt="Acme Outfitters"></p><p>Boots and tents 25% off until Sunday night.</p>',
      date: new Date('2026-11-15T10:00:00Z'),
    });
    await gmail.add('c1', 'tc1', {
      from: 'Priya Raman <priya@northwind.example>',
      to: 'me@example.com',
      subject: 'Invitation: Team offsite kickoff @ Dec 10',
      text: 'Invitation: Team offsite kickoff When Thursday 10 December, 10:00 to 11:00, room Atlas',
      date: new Date('2026-11-14T09:05:00Z'),
    });
    await gmail.add('o1', 'to1', {
      from: 'Tom <tom@northwind.example>',
      to: 'me@example.com',
      subject: 'quick q',
      text: 'do you have the wifi password for the 3rd floor meeting room?',
      date: new Date('2026-01-02T08:00:00Z'),
    });
    h = await startHarness({ gmail });
    const result = await h.call('search_messages', { preview: true });
    hits = new Map((result.structuredContent as { messages: Hit[] }).messages.map((m) => [m.id, m]));
  });
  after(async () => h.close());

  it('dates a hit to the minute, day month year and the zone', () => {
    assert.equal(hits.get('n1')?.date, '16 Nov 2026 14:43 UTC');
    assert.equal(hits.get('o1')?.date, '2 Jan 2026 08:00 UTC');
  });

  it("leaves the sender's logo out of the snippet and keeps what follows; nothing when the rest is the subject", () => {
    // "[image alt: Acme Outfitters] Boots and tents…" said the sender twice.
    assert.equal(hits.get('n2')?.snippet, 'Boots and tents…');
    // "[image alt: Acme Outfitters] Members save 25% on…": sender, subject, one word.
    assert.equal(hits.get('n1')?.snippet, undefined);
    assert.equal('snippet' in (hits.get('n1') ?? {}), false);
  });

  it('drops a snippet that would only repeat the subject, and keeps an ordinary one as it is', () => {
    const invitation = hits.get('c1');
    assert.ok(invitation);
    // "Invitation: Team offsite kickoff When…" is the subject and one word.
    assert.equal(invitation.snippet, undefined);
    assert.equal(hits.get('o1')?.snippet, 'do you have the wifi password for the 3rd…');
  });
});
