import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnreadableMessageError } from '../../../src/mail/mailParsing';
import { openForCompose, readGuardedMessage, type RawGmailMessage } from '../../../src/mail/processing/mailProcessing';
import { MailTooSlowError, MailWorkerPool } from '../../../src/mail/processing/mailWorkerPool';
import { ALL_TOOLS } from '../../../src/mcp/server/toolsets';

/**
 * The real mail worker (src/mail/processing/mailWorker.ts, started from source through tsx): what it returns is what
 * the same code returns in-process, field for field; a mail past the time budget fails with a message a person can
 * act on, its worker is ended, and the next mail gets a fresh worker; a cancelled call ends its work; a worker that
 * cannot start fails the mail without starting workers forever. (A worker running out of its heap is not tested
 * here: on Node 20 an ArrayBuffer allocation past a worker's resourceLimits aborts the whole process.) No assertion is about time: the budgets are far apart from
 * the work (a 50,000-row table against a budget of 20 ms; ordinary mail against 60 s).
 */
const FIXTURES = join(__dirname, '../../fixtures');
const detection = { toolNames: ALL_TOOLS.map((t) => t.name), accountAddress: 'me@example.com' };

function gmailMessage(bytes: Buffer, id: string): RawGmailMessage {
  return { id, threadId: `t-${id}`, labelIds: ['INBOX', 'UNREAD'], raw: bytes.toString('base64url'), internalDate: String(Date.UTC(2025, 8, 16, 20, 35)) };
}

function emlFiles(dir: string): Array<{ name: string; bytes: Buffer }> {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.eml'))
    .map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
}

const tableOfRows = (rows: number) =>
  Buffer.from(
    [
      'From: Mallory <mallory@evil.example>',
      'To: me@example.com',
      'Subject: a table',
      'MIME-Version: 1.0',
      'Content-Type: text/html',
      '',
      `<table>${Array.from({ length: rows }, (_, i) => `<tr><td>a${i}</td><td>b</td></tr>`).join('')}</table>`,
    ].join('\r\n'),
  );

const ordinary = () => emlFiles(join(FIXTURES, 'ordinary/eml'))[0];

describe('gmail/MailWorkerPool: mail parsed and guarded in worker threads', function () {
  // Starting a worker from TypeScript source compiles the parsing stack in it first.
  this.timeout(120_000);
  let pool: MailWorkerPool;

  beforeEach(() => {
    pool = new MailWorkerPool({ budgetMs: 60_000 });
  });

  afterEach(async () => {
    await pool.close();
  });

  it('returns exactly what the in-process parse returns, scan included, for every hostile and ordinary fixture', async () => {
    const mails = [...emlFiles(join(FIXTURES, 'hostile/eml')), ...emlFiles(join(FIXTURES, 'ordinary/eml'))];
    assert.ok(mails.length >= 70, `fixtures found: ${mails.length}`);
    let flagged = 0;
    for (const { name, bytes } of mails) {
      const request = { message: gmailMessage(bytes, name), detection };
      const [inWorker, inProcess] = await Promise.all([pool.readMessage(request), readGuardedMessage(request)]);
      assert.deepEqual(inWorker, inProcess, name);
      if (inWorker.untrusted.scan?.findings.length) flagged++;
    }
    assert.ok(flagged >= 40, `the scan ran in the worker: ${flagged} fixtures flagged`);
  });

  it("hands the scan each attachment's sha256, the bytes' own, for tracing the file when it is sent on", async () => {
    const withAttachment = emlFiles(join(FIXTURES, 'hostile/eml')).find(({ bytes }) => /Content-Disposition: attachment/i.test(bytes.toString('latin1')));
    assert.ok(withAttachment);
    const read = await pool.readMessage({ message: gmailMessage(withAttachment.bytes, 'm1'), detection });
    const files = await openForCompose(withAttachment.bytes, { id: 'm1', use: 'forward' });
    const expected = files.attachments.map((a) => createHash('sha256').update(a.content).digest('hex'));
    assert.deepEqual(read.untrusted.scan?.attachmentDigests?.map((d) => d.sha256), expected);
    assert.ok(!JSON.stringify(read.attachments).includes(expected[0]), 'not in what the model reads');
  });

  it('opens a message for a forward as the in-process parse does, attachments as Buffers', async () => {
    const withAttachment = emlFiles(join(FIXTURES, 'hostile/eml')).find(({ bytes }) => /Content-Disposition: attachment/i.test(bytes.toString('latin1')));
    assert.ok(withAttachment, 'a fixture with an attachment');
    const subject = { id: 'm1', use: 'forward' as const };
    const [inWorker, inProcess] = await Promise.all([pool.openForCompose(withAttachment.bytes, subject), openForCompose(withAttachment.bytes, subject)]);
    assert.ok(inWorker.attachments.length > 0);
    for (const a of inWorker.attachments) assert.ok(Buffer.isBuffer(a.content));
    assert.deepEqual(inWorker, inProcess);
  });

  it('a mail past the time budget fails with a message to open it in Gmail; its worker is ended and the next mail gets a new one', async () => {
    await pool.readMessage({ message: gmailMessage(ordinary().bytes, 'warm-up') });
    assert.equal(pool.workerCount, 1);
    pool.budgetMs = 20;
    await assert.rejects(pool.readMessage({ message: gmailMessage(tableOfRows(50_000), 'm-table'), detection }), (error: Error) => {
      assert.ok(error instanceof MailTooSlowError);
      assert.ok(error instanceof UnreadableMessageError, 'the tools list it like any unreadable mail');
      assert.equal(error.message, 'Message m-table took too long to process safely (over 20 ms) and was stopped, so VS Code stays responsive; open it in Gmail.');
      return true;
    });
    assert.equal(pool.workerCount, 0, 'the worker that held the mail was ended');
    pool.budgetMs = 60_000;
    const next = await pool.readMessage({ message: gmailMessage(ordinary().bytes, 'after'), detection });
    assert.equal(next.id, 'after');
    assert.deepEqual(next, await readGuardedMessage({ message: gmailMessage(ordinary().bytes, 'after'), detection }));
    assert.equal(pool.workerCount, 1, 'a fresh worker');
  });

  it('a reply or forward past the budget says to do it from Gmail', async () => {
    pool.budgetMs = 20;
    await assert.rejects(pool.openForCompose(tableOfRows(50_000), { id: 'm-table', use: 'forward' }), /^MailTooSlowError: Message m-table took too long to process safely \(over 20 ms\) and was stopped, so VS Code stays responsive; forward it from Gmail instead\.$/);
  });

  it('mail waiting behind a slow one is processed by the other worker or the replacement, not failed with it', async () => {
    pool = new MailWorkerPool({ budgetMs: 20, maxWorkers: 1 });
    const slow = pool.readMessage({ message: gmailMessage(tableOfRows(50_000), 'slow') });
    const queued = pool.readMessage({ message: gmailMessage(tableOfRows(50_000), 'queued') });
    await assert.rejects(slow, MailTooSlowError);
    await assert.rejects(queued, /Message queued took too long/, 'the queued mail ran in a new worker, with its own budget');
  });

  it('a cancelled call ends its work: the worker is ended, the call rejects with the reason', async () => {
    await pool.readMessage({ message: gmailMessage(ordinary().bytes, 'warm-up') });
    const controller = new AbortController();
    const reading = pool.readMessage({ message: gmailMessage(tableOfRows(50_000), 'm-table') }, { signal: controller.signal });
    controller.abort(new Error('cancelled by the client'));
    await assert.rejects(reading, /cancelled by the client/);
    assert.equal(pool.workerCount, 0);
  });

  it('a worker whose code cannot load fails the mail with a message, without starting workers forever', async () => {
    pool = new MailWorkerPool({ workerFile: join(__dirname, 'no-such-worker.js') });
    await assert.rejects(pool.readMessage({ message: gmailMessage(ordinary().bytes, 'm1') }), (error: Error) => {
      assert.ok(error instanceof UnreadableMessageError);
      assert.match(error.message, /^The mail reader could not start \(.+\); reinstall the extension, or open the mail in Gmail\.$/);
      return true;
    });
    assert.equal(pool.workerCount, 0);
  });
});
