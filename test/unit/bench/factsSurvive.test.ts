// The token economy benchmark (bench/tokenEconomy.ts) rewards short output; this checks that what a reader needs
// survives the shortening, in what the agent receives from read_message and read_thread: the sender, the
// recipients, the date, every amount of a receipt or invoice, every link target of an HTML newsletter, and the
// newest reply of a thread in full (but for a mail app's "Sent from my iPhone"; a list server's footer on request). The facts are taken from the raw message independently of our renderer (mailparser for headers and
// parts, htmlparser2 for the links and the HTML's text).
import * as assert from 'node:assert/strict';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import * as htmlparser2 from 'htmlparser2';
import { simpleParser, type ParsedMail } from 'mailparser';
import { GmailClient } from '../../../src/gmail/client';
import { stripTrackingParams } from '../../../src/guard/links';
import { sanitizeHtml } from '../../../src/mail/visibility/sanitize';
import { createFakeGoogle, type FakeGoogle } from '../../fakeGoogle';
import { signInToFake } from '../../standalone/signInToFake';
import { mcpStack, textOf, type McpStack } from '../../../bench/mcpStack';
import { FIXTURE_DIR } from '../../../bench/tokenEconomy';

/** Where quoted history starts: an attribution line, a forwarded/original header block (any language: \p{L}, so "Ursprüngliche" counts), a ">". */
const QUOTE_START = /\r?\n(?:On .+wrote:|Am .+schrieb .+:|Le .+a écrit ?:|-{2,} ?\p{L}[\p{L} ]* ?-{2,}|(?:From|Von|De|Da|Van): .+\r?\n(?:Sent|Gesendet|Envoyé|Inviato|Date|Datum|Verzonden): |>)/u;

/** A mail app's stock sign-off line ("Sent from my iPhone"): it names a device, it is not something the sender wrote. */
const DEVICE_SIGN_OFF = /^(?:Sent from my|Von meinem|Envoyé de mon|Enviado desde mi|Inviato da) \w+(?: gesendet)?$/;

const AMOUNT = /(?:[$€£¥]\s?\d[\d,.]*\d|\d[\d,.]*\d\s?(?:€|EUR|USD|GBP|CHF))/g;

function squash(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ');
}

function htmlText(html: string): string {
  return htmlparser2.DomUtils.textContent(htmlparser2.parseDocument(html));
}

/** Link targets as the guard shows them: the real destination, tracking parameters (utm_*, …) removed. */
function linkTargets(html: string): string[] {
  const doc = htmlparser2.parseDocument(html);
  return htmlparser2.DomUtils.findAll((e) => e.name === 'a' && /^https?:\/\//i.test(e.attribs.href ?? ''), doc.children).map(
    (e) => stripTrackingParams(e.attribs.href).url,
  );
}

describe('facts survive rendering (read_message, read_thread)', function () {
  this.timeout(60_000);
  let fake: FakeGoogle;
  let gmail: GmailClient;
  let stack: McpStack;
  const parsed = new Map<string, ParsedMail>();

  before(async () => {
    fake = await createFakeGoogle({ mailboxDir: FIXTURE_DIR, quota: { unitsPerWindow: 10_000_000, windowSeconds: 1 } });
    const { tokenSource, grant } = await signInToFake(fake);
    gmail = new GmailClient({ tokenSource, endpoints: fake.endpoints, quota: { unitsPerMinute: 60_000_000 } });
    stack = mcpStack(gmail, fake.accounts[0], grant.grantedScopes);
    for (const m of fake.mailbox().allMessages()) parsed.set(m.id, await simpleParser(m.raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true }));
  });

  after(async () => {
    await stack?.close();
    gmail?.close();
    await fake?.close();
  });

  async function call(tool: string, args: Record<string, unknown>): Promise<CallToolResult> {
    const result = await stack.direct(tool, args);
    assert.ok(!result.isError, `${tool} failed: ${textOf(result)}`);
    return result;
  }

  /** Every page of a message's body (following cursors), as text and as the structured body. */
  async function wholeMessage(id: string): Promise<{ text: string; structured: Record<string, unknown> }> {
    let cursor: string | undefined;
    let text = '';
    let first: Record<string, unknown> | undefined;
    do {
      const result = await call('read_message', cursor ? { id, cursor } : { id });
      text += `${textOf(result)}\n`;
      first ??= result.structuredContent;
      cursor = result.structuredContent?.nextCursor as string | undefined;
    } while (cursor);
    return { text, structured: first! };
  }

  const ids = (filter: (p: ParsedMail) => boolean) => [...parsed].filter(([, p]) => filter(p)).map(([id]) => id);

  it('keeps the sender address, the recipients and the date of every message', async () => {
    const all = ids(() => true);
    assert.ok(all.length > 200);
    for (const id of all.slice(0, 60)) {
      const p = parsed.get(id)!;
      const { text, structured } = await wholeMessage(id);
      const address = p.from?.value[0]?.address;
      if (address) {
        assert.ok(text.includes(address), `${id}: sender ${address} missing from the text`);
        assert.ok(String(structured.from).includes(address), `${id}: sender ${address} missing from structured.from`);
      }
      const to = p.to ? (Array.isArray(p.to) ? p.to : [p.to]) : [];
      for (const recipient of to.flatMap((t) => t.value.map((v) => v.address ?? '')).filter(Boolean)) {
        assert.ok(text.includes(recipient), `${id}: recipient ${recipient} missing from the text`);
        assert.ok(String(structured.to).includes(recipient), `${id}: recipient ${recipient} missing from structured.to`);
      }
      if (p.date) {
        // ISO 8601 UTC, written without trailing zero parts ("…T14:50Z"): the very same instant, nothing rounded.
        const date = String(structured.date);
        assert.match(date, /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d{3})?)?Z$/, `${id}: structured date ${date}`);
        assert.equal(Date.parse(date), p.date.getTime(), `${id}: structured date ${date} is not ${p.date.toISOString()}`);
        assert.ok(text.includes(`Date: ${date}\n`), `${id}: date ${date} missing from the text`);
      }
    }
  });

  it('search hits keep the id, sender, subject, date (to the minute) and every flag and sanitised note of the read', async () => {
    // A hit's flag is "reason (severity)" or "reason (severity, hidden)"; the read's is an object with its message.
    type Hit = { id: string; date: string; from: string; subject: string; snippet?: string; flags?: string[]; sanitized?: string };
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    let hits = 0;
    let flagged = 0;
    for (const query of ['in:inbox', 'invoice', 'from:shop.example', 'meeting OR agenda', 'newer_than:3650d']) {
      const search = await call('search_messages', { query, maxResults: 25, preview: true });
      for (const hit of (search.structuredContent as { messages: Hit[] }).messages) {
        hits++;
        const p = parsed.get(hit.id);
        assert.ok(p, `hit ${hit.id} is not a message of the mailbox`);
        const address = p.from?.value[0]?.address;
        if (address) assert.ok(hit.from.includes(address), `${hit.id}: sender ${address} missing from ${hit.from}`);
        assert.equal(hit.subject, p.subject ?? '', `${hit.id}: subject`);
        if (p.date) {
          const d = p.date;
          const minute = `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')} UTC`;
          assert.equal(hit.date, minute, `${hit.id}: date`);
        }
        // What the read says about the mail's safety, the hit says too: the same flag reasons, hidden ones as hidden,
        // and the same kind of removal.
        const read = (await call('read_message', { id: hit.id })).structuredContent as { flags?: Array<{ reason: string; hidden: boolean }>; sanitized?: string };
        const reasons = (flags: Array<{ reason: string; hidden?: boolean }>) => [...new Set(flags.map((f) => `${f.reason}${f.hidden ? ' (hidden)' : ''}`))].sort();
        const hitFlags = (hit.flags ?? []).map((f) => {
          const words = /^([a-z-]+) \((?:low|medium|high)(, hidden)?\)/.exec(f);
          assert.ok(words, `${hit.id}: a hit's flag in a few words: ${f}`);
          return { reason: words[1], hidden: Boolean(words[2]) };
        });
        assert.deepEqual(reasons(hitFlags), reasons(read.flags ?? []), `${hit.id}: flags of the hit and of the read`);
        if (read.flags?.length) flagged++;
        if (/hidden passage/.test(read.sanitized ?? '')) assert.match(hit.sanitized ?? '', /hidden passage/, `${hit.id}: the hit does not say hidden text was withheld`);
        // A snippet never repeats the subject's first words.
        const lead = hit.subject.split(/\s+/).slice(0, 2).join(' ');
        if (hit.snippet && hit.subject.split(/\s+/).length >= 2) assert.ok(!hit.snippet.toLowerCase().startsWith(lead.toLowerCase()), `${hit.id}: snippet repeats the subject: ${hit.snippet}`);
      }
    }
    assert.ok(hits >= 60, `only ${hits} hits checked`);
    // This mailbox is ordinary mail (test/unit/mcp/contentFlags.test.ts checks flagged hits). The learned detector is
    // calibrated for at most 1 % of real ordinary mail; on this synthetic mailbox of hard cases it flags a few, a
    // known gap of issue 24 kept in bounds here.
    assert.ok(flagged <= Math.ceil(hits * 0.03), `${flagged} of ${hits} ordinary mails flagged`);
  });

  it('keeps every amount of receipts, invoices and bills', async () => {
    const bills = ids((p) => /receipt|invoice|bill|statement|payment/i.test(p.subject ?? ''));
    assert.ok(bills.length >= 5, `only ${bills.length} receipts in the corpus`);
    let amounts = 0;
    for (const id of bills) {
      const p = parsed.get(id)!;
      const source = squash(p.text?.trim() ? p.text : htmlText(typeof p.html === 'string' ? p.html : ''));
      const { text } = await wholeMessage(id);
      for (const amount of new Set(source.match(AMOUNT) ?? [])) {
        amounts++;
        assert.ok(squash(text).includes(amount), `${id} (${p.subject}): amount ${amount} missing`);
      }
    }
    assert.ok(amounts >= 10, `only ${amounts} amounts checked`);
  });

  it('keeps the target of every link in HTML newsletters', async () => {
    const newsletters = ids((p) => typeof p.html === 'string' && !p.text?.trim() && p.headerLines.some((h) => h.key === 'list-unsubscribe'));
    assert.ok(newsletters.length >= 5, `only ${newsletters.length} HTML-only newsletters`);
    let links = 0;
    for (const id of newsletters) {
      const { text } = await wholeMessage(id);
      for (const href of new Set(linkTargets(parsed.get(id)!.html as string))) {
        links++;
        assert.ok(text.includes(href), `${id}: link target ${href} missing`);
      }
    }
    assert.ok(links >= 10, `only ${links} links checked`);
  });

  it('gives the newest reply of a thread in full', async () => {
    const threads = new Map<string, string[]>();
    for (const m of fake.mailbox().allMessages()) threads.set(m.threadId, [...(threads.get(m.threadId) ?? []), m.id]);
    const long = [...threads].filter(([, members]) => members.length >= 3);
    assert.ok(long.length >= 5, `only ${long.length} threads of 3+ messages`);
    for (const [threadId] of long) {
      const result = await call('read_thread', { threadId });
      const newestId = String(result.structuredContent?.newestMessageId);
      const newest = parsed.get(newestId)!;
      // The reply's own words, as a mail client shows them (the HTML's visible text when there is HTML), above the
      // attribution line of the quoted history.
      const shown = typeof newest.html === 'string' && newest.html.trim() ? sanitizeHtml(newest.html).text : newest.text ?? '';
      const own = `\n${shown}`.split(QUOTE_START)[0];
      const text = squash(textOf(result));
      // Lines of only punctuation (the "--" signature delimiter) have no counterpart in the HTML a person sees.
      // A mailing list's footer is collapsed to a count; read_message gives it whole with listFooter, so each of its
      // lines is either in the thread's text or in that footer, and then the thread says a footer was collapsed.
      let footer: string | undefined;
      for (const line of own.split(/\r?\n/).map((l) => squash(l).trim()).filter((l) => /[\p{L}\p{N}]/u.test(l) && !DEVICE_SIGN_OFF.test(l))) {
        if (text.includes(line)) continue;
        footer ??= squash(String((await call('read_message', { id: newestId, listFooter: true })).structuredContent?.listFooter ?? ''));
        assert.ok(footer.includes(line), `thread ${threadId}: line of the newest reply missing: ${line}`);
        assert.match(text, /\[\d+ mailing-list footer lines? collapsed\]/, `thread ${threadId}: the footer's collapse is not said`);
      }
    }
  });
});
