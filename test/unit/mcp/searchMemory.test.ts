import { strict as assert } from 'node:assert';
import type { gmail_v1 } from '@googleapis/gmail';
import type { MessageFormat, SearchParams, SearchResult } from '../../../src/gmail/client';
import { InProcessMailProcessor } from '../../../src/mail/processing/mailProcessor';
import type { MessageReadRequest } from '../../../src/mail/processing/mailProcessing';
import type { ParsedMessage } from '../../../src/mail/render';
import { HITS_IN_FLIGHT } from '../../../src/mcp/tools/searchMessages';
import { FakeGmail } from './fakeGmail';
import { startHarness } from './harness';

/**
 * Issue 23, item 5: a search holds a bounded number of raw mails. A raw message counts as held from the moment the
 * fake Gmail hands it out (in a search result or a messages.get) until the parse of that message settles; the spy
 * records the most held at once. No timing: the parses are let go one event-loop turn at a time.
 */
class RawCountingGmail extends FakeGmail {
  readonly held = new Set<string>();
  peak = 0;

  hand(id: string): void {
    this.held.add(id);
    this.peak = Math.max(this.peak, this.held.size);
  }

  override async searchMessages(params: SearchParams): Promise<SearchResult> {
    const result = await super.searchMessages(params);
    for (const m of result.messages) if (m.raw !== undefined) this.hand(m.id);
    return result;
  }

  override async getMessage(id: string, format: MessageFormat): Promise<gmail_v1.Schema$Message> {
    const message = await super.getMessage(id, format);
    if (typeof message.raw === 'string') this.hand(id);
    return message;
  }
}

class SettlingProcessor extends InProcessMailProcessor {
  constructor(private readonly gmail: RawCountingGmail) {
    super();
  }

  override async readMessage(request: MessageReadRequest): Promise<ParsedMessage> {
    try {
      // A worker's answer comes back on a later turn: give the other hits the chance to pile up meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
      return await super.readMessage(request);
    } finally {
      this.gmail.held.delete(request.message.id ?? '');
    }
  }
}

describe('mcp: search_messages holds few raw mails at once (issue 23)', () => {
  it(`parses a page of 16 hits with at most ${HITS_IN_FLIGHT} raw messages in hand, every hit listed in order`, async () => {
    const gmail = new RawCountingGmail();
    for (let i = 0; i < 16; i++) {
      await gmail.add(`m${i}`, `t${i}`, { from: `Sender ${i} <s${i}@example.com>`, to: 'me@example.com', subject: `Report ${i}`, text: `Body of report ${i}.`, date: new Date(Date.UTC(2026, 0, 1 + i)) });
    }
    const h = await startHarness({ gmail, mailProcessor: new SettlingProcessor(gmail) });
    try {
      const result = await h.call('search_messages', { maxResults: 16 });
      const ids = (result.structuredContent as { messages: Array<{ id: string; subject: string }> }).messages.map((m) => m.id);
      assert.deepEqual(ids, Array.from({ length: 16 }, (_, i) => `m${15 - i}`), 'every hit, newest first');
      assert.ok(gmail.peak <= HITS_IN_FLIGHT, `held ${gmail.peak} raw messages at once`);
      assert.ok(gmail.peak >= 2, 'hits are still fetched and parsed side by side');
      assert.equal(gmail.held.size, 0, 'none left in hand');
      assert.equal(gmail.calls.filter((c) => c.endsWith(':raw')).length, 16, 'one raw read a hit, no more');
    } finally {
      await h.close();
    }
  });
});
