import assert from 'node:assert/strict';
import { ParsedMessageCache, retainedBytes } from '../../../src/mail/parsedMessageCache';
import { rawMessage } from '../gmail/mailFactory';
import { InProcessMailProcessor } from '../../../src/mail/processing/mailProcessor';

const processor = new InProcessMailProcessor();

const longMail = (n: number) => ({
  from: 'Alice <alice@example.com>',
  to: 'me@example.com',
  subject: `Minutes ${n}`,
  text: Array.from({ length: 2000 }, (_, i) => `Item ${i} of the minutes, see https://example.com/item/${i}`).join('\n'),
});

describe('gmail/ParsedMessageCache: a paged read reuses the parse of its first page', () => {
  it('a read without a cursor always parses anew, even of a message kept for paging', async () => {
    const cache = new ParsedMessageCache({ processor });
    const message = await rawMessage(longMail(1), { id: 'm1' });
    const first = await cache.parse(message, { nextPage: false });
    cache.keepForPaging(first);
    const again = await cache.parse(message, { nextPage: false });
    assert.notEqual(again.untrusted, first.untrusted, 'a new parse');
    assert.equal(again.body, first.body);
  });

  it('the next page takes the kept parse, with the labels of its own read', async () => {
    const cache = new ParsedMessageCache({ processor });
    const message = await rawMessage(longMail(1), { id: 'm1', labelIds: ['INBOX', 'UNREAD'] });
    const first = await cache.parse(message, { nextPage: false });
    cache.keepForPaging(first);
    const next = await cache.parse({ ...message, labelIds: ['INBOX', 'STARRED'] }, { nextPage: true });
    assert.equal(next.untrusted, first.untrusted, 'the kept parse');
    assert.equal(next.body, first.body);
    assert.deepEqual(next.labelIds, ['INBOX', 'STARRED']);
    assert.deepEqual(first.labelIds, ['INBOX', 'UNREAD'], 'the kept parse itself is not changed');
  });

  it('a next page of a message not kept (or pushed out) parses anew', async () => {
    const cache = new ParsedMessageCache({ processor, maxMessages: 2 });
    const messages = await Promise.all([1, 2, 3].map((n) => rawMessage(longMail(n), { id: `m${n}` })));
    const parses = [];
    for (const message of messages) {
      const parsed = await cache.parse(message, { nextPage: false });
      cache.keepForPaging(parsed);
      parses.push(parsed);
    }
    assert.notEqual((await cache.parse(messages[0], { nextPage: true })).untrusted, parses[0].untrusted, 'm1 was pushed out by m2 and m3');
    assert.equal((await cache.parse(messages[2], { nextPage: true })).untrusted, parses[2].untrusted);
    const other = await rawMessage(longMail(4), { id: 'm4' });
    assert.equal((await cache.parse(other, { nextPage: true })).headers.subject, 'Minutes 4');
  });

  it('keeps no more bytes than it is given', async () => {
    const message = await rawMessage(longMail(1), { id: 'm1' });
    const cache = new ParsedMessageCache({ processor, maxBytes: 1000 });
    const parsed = await cache.parse(message, { nextPage: false });
    cache.keepForPaging(parsed);
    assert.notEqual((await cache.parse(message, { nextPage: true })).untrusted, parsed.untrusted, 'too large to keep');
  });

  it('a search hit\'s parse serves a read of the same bytes only, and the cache keeps no raw text', async () => {
    const cache = new ParsedMessageCache({ processor });
    const message = await rawMessage(longMail(1), { id: 'm1' });
    const listed = await cache.parseListed(message);
    assert.equal((await cache.parse(message, { nextPage: false })).untrusted, listed.untrusted, 'the listed parse');
    const changed = await rawMessage(longMail(2), { id: 'm1' });
    assert.equal((await cache.parse(changed, { nextPage: false })).headers.subject, 'Minutes 2', 'other bytes, a new parse');
    const raw = message.raw as string;
    const kept = JSON.stringify([...(cache as unknown as { listed: Map<string, unknown> }).listed.entries()]);
    assert.ok(!kept.includes(raw.slice(1000, 1100)), 'no piece of the raw message is kept');
  });

  it('a listed parse larger than the byte bound is not kept, whatever the entry count', async () => {
    const message = await rawMessage(longMail(1), { id: 'm1' });
    const cache = new ParsedMessageCache({ processor, maxBytes: 10_000 });
    const listed = await cache.parseListed(message);
    assert.ok(retainedBytes(listed) > 10_000);
    assert.notEqual((await cache.parse(message, { nextPage: false })).untrusted, listed.untrusted, 'parsed anew');
  });
});
