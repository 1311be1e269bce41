import assert from 'node:assert/strict';
import { UnreadableMessageError } from '../../../src/mail/unreadableMessage';
import { MailWorkerPool } from '../../../src/mail/processing/mailWorkerPool';
import type { RawGmailMessage } from '../../../src/mail/processing/rawGmailMessage';

/**
 * Issue 23, item 5: a mail that needs more than a mail worker's heap fails that call with a message a person can
 * act on, and the next mail is read by a fresh worker. The heavy mail fills the heap with the HTML's element tree
 * (JS objects), not typed arrays: on Node 20 a typed array allocation failing at a worker's cap can abort the
 * whole process, which no test should risk.
 */
function htmlMail(body: string, id: string): RawGmailMessage {
  const raw = ['From: Mallory <mallory@evil.example>', 'To: me@example.com', 'Subject: heavy', 'MIME-Version: 1.0', 'Content-Type: text/html', '', body].join('\r\n');
  return { id, threadId: id, labelIds: ['INBOX'], raw: Buffer.from(raw).toString('base64url') };
}

describe('mail/MailWorkerPool: a mail past the worker\'s heap (issue 23)', function () {
  this.timeout(120_000);

  it('fails with a clear message, and the next mail gets a fresh worker', async () => {
    const pool = new MailWorkerPool({ budgetMs: 100_000, maxWorkers: 1, maxHeapMb: 96 });
    try {
      assert.equal((await pool.readMessage({ message: htmlMail('<p>warm up</p>', 'warm') })).body, 'warm up');
      // 400,000 paragraphs (3 MB of HTML): an element tree of far more than 96 MB.
      await assert.rejects(pool.readMessage({ message: htmlMail('<p>x</p>'.repeat(400_000), 'heavy') }), (error: Error) => {
        assert.ok(error instanceof UnreadableMessageError, String(error));
        assert.equal(error.message, 'Message heavy could not be processed safely (it needs more memory than one mail may use); open it in Gmail.');
        return true;
      });
      assert.equal((await pool.readMessage({ message: htmlMail('<p>after</p>', 'after') })).body, 'after');
    } finally {
      await pool.close();
    }
  });
});
