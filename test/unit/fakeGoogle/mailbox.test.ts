import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Mailbox } from '../../fakeGoogle/mailbox/mailbox';
import { takeFakeLabels } from '../../fakeGoogle/mailbox/fakeLabelsHeader';
import { normalizeSubject } from '../../fakeGoogle/mailbox/subject';
import { TEST_MAIL_DIR } from './helpers';

describe('fake Gmail mailbox store', () => {
  it('gives stable 16-hex-digit ids derived from Message-ID', async () => {
    const a = await Mailbox.fromDirectory('demo.user@example.com', TEST_MAIL_DIR);
    const b = await Mailbox.fromDirectory('demo.user@example.com', TEST_MAIL_DIR);
    const ids = a.allMessages().map((m) => m.id);
    assert.deepEqual(ids, b.allMessages().map((m) => m.id));
    for (const id of ids) assert.match(id, /^[0-9a-f]{16}$/);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('keeps duplicate Message-IDs as separate messages with distinct ids', async () => {
    const raw = Buffer.from('From: x@y.test\r\nTo: demo.user@example.com\r\nSubject: dup\r\nMessage-ID: <same@y.test>\r\n\r\nbody\r\n');
    const mb = await Mailbox.fromRaw('demo.user@example.com', [raw, raw]);
    assert.equal(mb.messageCount, 2);
  });

  it('strips X-Fake-Labels wherever it stands in the header block, and only there', () => {
    const first = takeFakeLabels(Buffer.from('X-Fake-Labels: INBOX,\r\n STARRED\r\nSubject: s\r\n\r\nX-Fake-Labels: body text\r\n'));
    assert.deepEqual(first.labels, ['INBOX', 'STARRED']);
    assert.equal(first.raw.toString(), 'Subject: s\r\n\r\nX-Fake-Labels: body text\r\n');
    const last = takeFakeLabels(Buffer.from('Subject: s\nX-Fake-Labels: SPAM\n\nbody\n'));
    assert.deepEqual(last.labels, ['SPAM']);
    assert.equal(last.raw.toString(), 'Subject: s\n\nbody\n');
    const none = Buffer.from('Subject: s\r\n\r\nbody');
    assert.equal(takeFakeLabels(none).raw, none);
  });

  it('reads raw 8-bit UTF-8 headers (RFC 6532) as UTF-8 and finds them in search', async () => {
    const raw = Buffer.from('From: Jürgen <j@x.test>\r\nTo: demo.user@example.com\r\nSubject: Grüße aus Köln 日本\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHallo\r\n', 'utf8');
    const mb = await Mailbox.fromRaw('demo.user@example.com', [raw]);
    const [m] = mb.allMessages();
    assert.deepEqual(m.root.headers.slice(0, 3).map((h) => h.value), ['Jürgen <j@x.test>', 'demo.user@example.com', 'Grüße aus Köln 日本']);
    assert.ok(m.words.subject.includes('köln'));
  });

  it('threads only when a reference and the subject agree', async () => {
    const mk = (id: string, subject: string, refs = '') =>
      Buffer.from(`From: p@q.test\r\nTo: demo.user@example.com\r\nSubject: ${subject}\r\nMessage-ID: <${id}>\r\nDate: Mon, 1 Jan 2024 0${id.length % 10}:00:00 +0000\r\n${refs ? `References: <${refs}>\r\nIn-Reply-To: <${refs}>\r\n` : ''}\r\nx\r\n`);
    const mb = await Mailbox.fromRaw('demo.user@example.com', [mk('a1', 'Plan'), mk('a22', 'RE: Fwd: plan', 'a1'), mk('a333', 'Something else', 'a1'), mk('a4444', 'Plan')]);
    assert.equal(mb.threadCount, 3, 'same subject without references is its own thread; changed subject breaks the thread');
    assert.equal(normalizeSubject('Re: AW: Fwd:  Hello  World'), 'hello world');
  });

  it('loads every file of the demo mailbox (test/fixtures/mail) without error', async function () {
    const dir = path.join(__dirname, '..', '..', 'fixtures', 'mail');
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
    if (files.length === 0) this.skip();
    this.timeout(30000);
    const mb = await Mailbox.fromDirectory('demo.user@example.com', dir);
    assert.equal(mb.messageCount, files.length);
    for (const m of mb.allMessages()) {
      assert.ok(m.root.mimeType.includes('/'), m.id);
      assert.ok(!m.raw.toString('latin1').match(/^X-Fake-Labels:/im), 'fake header stripped');
    }
  });
});
