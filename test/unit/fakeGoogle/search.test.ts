import assert from 'node:assert/strict';
import { Mailbox } from '../../fakeGoogle/mailbox/mailbox';
import { parseQuery } from '../../fakeGoogle/search/queryParser';
import { parseDate } from '../../fakeGoogle/search/queryMatcher';
import { searchMessages } from '../../fakeGoogle/search/searchMailbox';
import { headerValue } from '../../fakeGoogle/mailbox/storedMessage';
import { TEST_MAIL_DIR } from './helpers';

describe('fake Gmail search query', () => {
  let mailbox: Mailbox;
  const NOW = Date.parse('2024-03-15T00:00:00Z');
  before(async () => {
    mailbox = await Mailbox.fromDirectory('demo.user@example.com', TEST_MAIL_DIR);
  });

  /** Subjects of the matches, sorted, for readable assertions. */
  const find = (q: string, includeSpamTrash = false) =>
    searchMessages(mailbox, { q, includeSpamTrash, now: NOW })
      .map((m) => headerValue(m.root.headers, 'Subject') ?? '')
      .sort();

  it('parses OR tighter than AND, negation, groups, braces and field groups', () => {
    assert.deepEqual(parseQuery('a b OR c'), {
      kind: 'and',
      items: [
        { kind: 'term', field: undefined, value: 'a', quoted: false },
        { kind: 'or', items: [{ kind: 'term', field: undefined, value: 'b', quoted: false }, { kind: 'term', field: undefined, value: 'c', quoted: false }] },
      ],
    });
    assert.deepEqual(parseQuery('-from:x'), { kind: 'not', item: { kind: 'term', field: 'from', value: 'x', quoted: false } });
    assert.deepEqual(parseQuery('subject:(a b)'), {
      kind: 'and',
      items: [{ kind: 'term', field: 'subject', value: 'a', quoted: false }, { kind: 'term', field: 'subject', value: 'b', quoted: false }],
    });
    assert.deepEqual(parseQuery('{a b}'), { kind: 'or', items: [{ kind: 'term', field: undefined, value: 'a', quoted: false }, { kind: 'term', field: undefined, value: 'b', quoted: false }] });
    assert.deepEqual(parseQuery('subject:"x y"'), { kind: 'term', field: 'subject', value: 'x y', quoted: true });
    assert.deepEqual(parseQuery('foo:bar'), { kind: 'term', field: undefined, value: 'foo:bar', quoted: false }, 'unknown operators are text');
    assert.deepEqual(parseQuery('well-known'), { kind: 'term', field: undefined, value: 'well-known', quoted: false }, 'a dash inside a word is no negation');
  });

  it('never throws on hostile or broken queries', () => {
    for (const q of ['((((', '))))', '"unterminated', 'from:', '-', 'OR OR', '{', '(a OR)', '('.repeat(5000), 'a'.repeat(100000), '-(-(-x))', 'subject:(', '\u0000\u202e']) {
      assert.doesNotThrow(() => find(q), q.slice(0, 20));
    }
  });

  it('from:, to: (To/Cc/Bcc), cc:, me', () => {
    assert.deepEqual(find('from:alice'), ['Project kickoff agenda']);
    assert.deepEqual(find('from:alice@example.com'), ['Project kickoff agenda']);
    assert.deepEqual(find('from:ali'), [], 'whole words only, like Gmail');
    assert.deepEqual(find('to:alice'), ['Quarterly report']);
    assert.deepEqual(find('cc:dave@example.org'), ['Café météo ☀']);
    assert.deepEqual(find('from:me'), ['Lunch plans']);
    assert.deepEqual(find('to:carol'), ['Lunch plans']);
  });

  it('subject:, quoted phrases, free text in headers and body, case-insensitive', () => {
    assert.deepEqual(find('subject:lunch'), ['Lunch plans', 'Re: Lunch plans']);
    assert.deepEqual(find('"budget numbers"'), ['Project kickoff agenda']);
    assert.deepEqual(find('"numbers budget"'), []);
    assert.deepEqual(find('KICKOFF'), ['Project kickoff agenda']);
    assert.deepEqual(find('café'), ['Café météo ☀']);
    assert.deepEqual(find('builder'), ['Quarterly report'], 'free text matches the From header');
  });

  it('label:, is:, in:, category:', () => {
    assert.deepEqual(find('label:work'), ['Project kickoff agenda']);
    assert.deepEqual(find('label:projects-alpha'), ['Alpha logo draft']);
    assert.deepEqual(find('label:Projects/Alpha'), ['Alpha logo draft']);
    assert.deepEqual(find('is:starred'), ['Re: Lunch plans']);
    assert.deepEqual(find('is:important'), ['Project kickoff agenda']);
    assert.deepEqual(find('is:unread'), ['Café météo ☀', 'Project kickoff agenda', 'Quarterly report']);
    assert.deepEqual(find('is:read in:inbox'), ['Alpha logo draft', 'Re: Lunch plans']);
    assert.deepEqual(find('in:sent'), ['Lunch plans']);
    assert.deepEqual(find('in:spam'), ['You won a prize']);
    assert.deepEqual(find('in:trash'), ['Old newsletter']);
    assert.deepEqual(find('budget'), ['Project kickoff agenda'], 'trash is hidden by default');
    assert.deepEqual(find('budget in:anywhere'), ['Old newsletter', 'Project kickoff agenda']);
    assert.deepEqual(find('budget', true), ['Old newsletter', 'Project kickoff agenda']);
    assert.deepEqual(find('category:social'), []);
  });

  it('has:attachment and filename:', () => {
    assert.deepEqual(find('has:attachment'), ['Alpha logo draft', 'Quarterly report']);
    assert.deepEqual(find('filename:pdf'), ['Quarterly report']);
    assert.deepEqual(find('filename:report.pdf'), ['Quarterly report']);
    assert.deepEqual(find('filename:png'), ['Alpha logo draft']);
    assert.deepEqual(find('filename:docx'), []);
  });

  it('reads a calendar date as midnight Pacific time (daylight saving included), as Gmail documents', () => {
    assert.equal(parseDate('2024/01/15'), Date.parse('2024-01-15T08:00:00Z'), 'PST, UTC-8');
    assert.equal(parseDate('2024-07-15'), Date.parse('2024-07-15T07:00:00Z'), 'PDT, UTC-7');
    assert.equal(parseDate('2024/03/10'), Date.parse('2024-03-10T08:00:00Z'), 'the day clocks go forward starts in PST');
    assert.equal(parseDate('2024/11/03'), Date.parse('2024-11-03T07:00:00Z'), 'the day clocks go back starts in PDT');
    assert.equal(parseDate('1710000000'), 1710000000_000, 'seconds are exact');
  });

  it('after:/before: (YYYY/MM/DD) and older_than:/newer_than: against the clock', () => {
    assert.deepEqual(find('after:2024/03/10 before:2024/03/12'), ['Lunch plans', 'Re: Lunch plans']);
    assert.deepEqual(find('before:2024/02/21'), ['Café météo ☀']);
    assert.deepEqual(find('after:2024-03-13'), ['Alpha logo draft']);
    assert.deepEqual(find('newer_than:3d'), ['Alpha logo draft'], 'NOW is 2024-03-15');
    assert.deepEqual(find('older_than:20d'), ['Café météo ☀']);
    assert.deepEqual(find('older_than:1m in:anywhere'), ['Old newsletter', 'You won a prize'], 'a month back from 2024-03-15');
    assert.deepEqual(find('newer_than:1y').length, 6);
    assert.deepEqual(find('larger:10M'), []);
    assert.deepEqual(find('smaller:300'), ['Lunch plans']);
  });

  it('OR, parentheses, braces and negation', () => {
    assert.deepEqual(find('from:alice OR from:bob'), ['Project kickoff agenda', 'Quarterly report']);
    assert.deepEqual(find('{from:alice from:bob}'), ['Project kickoff agenda', 'Quarterly report']);
    assert.deepEqual(find('(from:alice OR from:bob) has:attachment'), ['Quarterly report']);
    assert.deepEqual(find('subject:lunch -in:sent'), ['Re: Lunch plans']);
    assert.deepEqual(find('in:inbox -is:unread -label:projects-alpha'), ['Re: Lunch plans']);
    assert.deepEqual(find('rfc822msgid:<lunch-2@kitchen.test>'), ['Re: Lunch plans']);
  });
});
