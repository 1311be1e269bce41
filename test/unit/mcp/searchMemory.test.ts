import { strict as assert } from 'node:assert';
import type { gmail_v1 } from '@googleapis/gmail';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { MessageFormat, SearchParams, SearchResult } from '../../../src/gmail/client';
import { InProcessMailProcessor } from '../../../src/mail/processing/mailProcessor';
import type { MessageReadRequest } from '../../../src/mail/processing/mailProcessing';
import type { ParsedMessage } from '../../../src/mail/render';
import { RAW_MAILS_IN_FLIGHT } from '../../../src/mcp/server/rawMailSlots';
import { FakeGmail } from './fakeGmail';
import { startHarness, type Harness } from './harness';

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

async function mailbox(thread: (i: number) => string): Promise<RawCountingGmail> {
  const gmail = new RawCountingGmail();
  for (let i = 0; i < 16; i++) {
    await gmail.add(`m${i}`, thread(i), { from: `Sender ${i} <s${i}@example.com>`, to: 'me@example.com', subject: `Report ${i}`, text: `Body of report ${i}.`, date: new Date(Date.UTC(2026, 0, 1 + i)) });
  }
  return gmail;
}

async function held(gmail: RawCountingGmail, call: (h: Harness) => Promise<CallToolResult>): Promise<CallToolResult> {
  const h = await startHarness({ gmail, mailProcessor: new SettlingProcessor(gmail) });
  try {
    const result = await call(h);
    assert.ok(!result.isError, JSON.stringify(result.content));
    assert.ok(gmail.peak <= RAW_MAILS_IN_FLIGHT, `held ${gmail.peak} raw messages at once`);
    assert.ok(gmail.peak >= 2, 'messages are still fetched and parsed side by side');
    assert.equal(gmail.held.size, 0, 'none left in hand');
    return result;
  } finally {
    await h.close();
  }
}

describe(`mcp: a call holds at most ${RAW_MAILS_IN_FLIGHT} raw mails at once (issue 23)`, () => {
  it('search_messages: a page of 16 hits, every hit listed in order, one raw read a hit', async () => {
    const gmail = await mailbox((i) => `t${i}`);
    const result = await held(gmail, (h) => h.call('search_messages', { maxResults: 16 }));
    const ids = (result.structuredContent as { messages: Array<{ id: string }> }).messages.map((m) => m.id);
    assert.deepEqual(ids, Array.from({ length: 16 }, (_, i) => `m${15 - i}`), 'every hit, newest first');
    assert.equal(gmail.calls.filter((c) => c.endsWith(':raw')).length, 16);
  });

  it('read_messages: 16 messages by id, every one read', async () => {
    const gmail = await mailbox((i) => `t${i}`);
    const ids = Array.from({ length: 16 }, (_, i) => `m${i}`);
    const result = await held(gmail, (h) => h.call('read_messages', { ids }));
    for (const id of ids) assert.match(JSON.stringify(result.structuredContent), new RegExp(`"${id}"`));
  });

  it('read_thread: a thread of 16, every earlier message listed', async () => {
    const gmail = await mailbox(() => 't1');
    const result = await held(gmail, (h) => h.call('read_thread', { threadId: 't1' }));
    assert.match(JSON.stringify(result.structuredContent), /Report 0/);
  });
});
