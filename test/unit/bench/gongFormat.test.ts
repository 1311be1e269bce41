import { strict as assert } from 'node:assert';
import type { gmail_v1 } from '@googleapis/gmail';
import { gongReadEmail } from '../../../bench/leanTokens';

const b64 = (s: string) => Buffer.from(s).toString('base64url');

/**
 * T3's reproduction of @gongrzhe/server-gmail-autoauth-mcp 1.1.11's read_email (dist/index.js lines 29-54 and
 * 507-558): the headers it prints, the text/plain parts when there are any, else the HTML with its note, and the
 * attachment lines.
 */
describe('bench T3: GongRzhe read_email as its dist builds it', () => {
  const headers = [
    { name: 'Subject', value: 'Plan' },
    { name: 'From', value: 'Ann <ann@example.com>' },
    { name: 'To', value: 'me@example.com' },
    { name: 'Cc', value: 'bob@example.com' },
    { name: 'Date', value: 'Sun, 1 Mar 2026 10:00:00 +0000' },
  ];

  it('prints the plain text, not the HTML, and no Cc', () => {
    const message: gmail_v1.Schema$Message = {
      threadId: 't1',
      payload: { mimeType: 'multipart/alternative', headers, parts: [
        { mimeType: 'text/plain', body: { data: b64('See you.\n') } },
        { mimeType: 'text/html', body: { data: b64('<p>See you.</p>') } },
      ] },
    };
    assert.equal(gongReadEmail(message).text, 'Thread ID: t1\nSubject: Plan\nFrom: Ann <ann@example.com>\nTo: me@example.com\nDate: Sun, 1 Mar 2026 10:00:00 +0000\n\nSee you.\n');
  });

  it('prints raw HTML with its note when there is no plain text, and lists attachments', () => {
    const message: gmail_v1.Schema$Message = {
      threadId: 't2',
      payload: { mimeType: 'multipart/mixed', headers, parts: [
        { mimeType: 'text/html', body: { data: b64('<p>Hi</p>') } },
        { mimeType: 'application/pdf', filename: 'a.pdf', body: { attachmentId: 'att1', size: 4096 } },
      ] },
    };
    assert.equal(
      gongReadEmail(message).text,
      'Thread ID: t2\nSubject: Plan\nFrom: Ann <ann@example.com>\nTo: me@example.com\nDate: Sun, 1 Mar 2026 10:00:00 +0000\n\n' +
        '[Note: This email is HTML-formatted. Plain text version not available.]\n\n<p>Hi</p>\n\nAttachments (1):\n- a.pdf (application/pdf, 4 KB, ID: att1)',
    );
  });
});
