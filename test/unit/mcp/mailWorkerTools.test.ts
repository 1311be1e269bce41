import assert from 'node:assert/strict';
import { MailWorkerPool } from '../../../src/mail/processing/mailWorkerPool';
import { FakeGmail } from './fakeGmail';
import { startHarness, textOf, type Harness } from './harness';

/**
 * The read tools on the real mail worker: a mail past the time budget is a clear tool error (nothing else fails),
 * search still lists it by its headers, and the next read works in a fresh worker. The budget (20 ms) is far below
 * the work on a 50,000-row table, and far above that of ordinary mail once it is set back (60 s).
 */
describe('mcp: read tools with the mail worker and its time budget', function () {
  this.timeout(120_000);
  let harness: Harness;
  let pool: MailWorkerPool;

  before(async () => {
    const gmail = new FakeGmail();
    const rows = Array.from({ length: 50_000 }, (_, i) => `<tr><td>a${i}</td><td>b</td></tr>`).join('');
    await gmail.add('big', 'tbig', { from: 'Mallory <mallory@evil.example>', to: 'me@example.com', subject: 'Quarterly table', html: `<table>${rows}</table>`, date: new Date('2024-03-02T10:00:00Z') });
    await gmail.add('m1', 't1', { from: 'Alice <alice@example.com>', to: 'me@example.com', subject: 'Lunch?', text: 'Shall we have lunch on Friday?', date: new Date('2024-03-01T10:00:00Z') });
    pool = new MailWorkerPool({ budgetMs: 60_000 });
    harness = await startHarness({ gmail, mailProcessor: pool });
  });

  after(async () => {
    await harness.close();
    await pool.close();
  });

  it('a mail past the budget: read_message says to open it in Gmail; search lists it without a snippet; the next read works', async () => {
    assert.match(textOf(await harness.call('read_message', { id: 'm1' })), /Shall we have lunch on Friday\?/);
    pool.budgetMs = 20;
    const slow = await harness.call('read_message', { id: 'big' });
    assert.equal(slow.isError, true);
    assert.match(textOf(slow), /Message big took too long to process safely \(over 20 ms\) and was stopped, so VS Code stays responsive; open it in Gmail\./);
    const search = await harness.call('search_messages', { query: 'Quarterly' });
    assert.ok(!search.isError, textOf(search));
    assert.match(textOf(search), /^big \| thread tbig \|/m, 'listed, by what the metadata read gives');
    pool.budgetMs = 60_000;
    const next = await harness.call('read_message', { id: 'm1' });
    assert.ok(!next.isError);
    assert.match(textOf(next), /Shall we have lunch on Friday\?/);
  });
});
