import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { composeMessage } from '../../../src/mail/compose';
import { listSavableAttachments, readAttachmentBytes, SavedAttachmentError } from '../../../src/mail/attachments/savedAttachment';
import { startWriteHarness, type WriteHarness } from '../mcp/writeHarness';

/** The bytes behind Save Attachment…, read from the fake Google the way Gmail serves them. */
describe('gmail: an attachment\'s bytes for the person\'s Save Attachment', function () {
  this.timeout(60_000);
  let h: WriteHarness;
  let messageId: string;
  let plainId: string;
  const binary = randomBytes(70_000);
  const small = Buffer.from('a,b\n1,2\n');

  before(async () => {
    const withFiles = await composeMessage({
      from: 'vendor@supplier.example',
      to: ['me@example.com'],
      subject: 'Two files for saving',
      text: 'Files attached.',
      attachments: [
        { filename: '../../evil\u202Efdp.exe', contentType: 'application/octet-stream', content: binary },
        { filename: 'notes.csv', contentType: 'text/csv', content: small },
      ],
    });
    const plain = await composeMessage({ from: 'vendor@supplier.example', to: ['me@example.com'], subject: 'No files here', text: 'Just text.' });
    h = await startWriteHarness({ extraMessages: [withFiles.raw, plain.raw] });
    const bySubject = (s: string) => h.fake.mailbox().allMessages().find((m) => m.root.headers.some((x) => x.value === s))!.id;
    messageId = bySubject('Two files for saving');
    plainId = bySubject('No files here');
  });
  after(async () => h.close());

  it('lists the message\'s attachments with part id, the sender\'s name, type and size', async () => {
    const list = await listSavableAttachments(h.gmail, messageId);
    assert.deepEqual(
      list.map((a) => [a.filename, a.mimeType, a.size]),
      [
        ['../../evil\u202Efdp.exe', 'application/octet-stream', binary.length],
        ['notes.csv', 'text/csv', small.length],
      ],
    );
    for (const a of list) assert.match(a.partId, /^\d+(\.\d+)*$/);
    assert.deepEqual(await listSavableAttachments(h.gmail, plainId), [], 'the body is not an attachment');
  });

  it('reads exactly the attachment\'s bytes (a large one through messages.attachments.get)', async () => {
    const [first, second] = await listSavableAttachments(h.gmail, messageId);
    const before = h.fake.requestLog.length;
    const read = await readAttachmentBytes(h.gmail, messageId, first.partId);
    assert.ok(Buffer.from(read.bytes).equals(binary));
    assert.equal(read.attachment.filename, first.filename);
    assert.ok(h.fake.requestLog.slice(before).some((e) => e.path.includes(`/messages/${messageId}/attachments/`)));
    assert.ok(Buffer.from((await readAttachmentBytes(h.gmail, messageId, second.partId)).bytes).equals(small));
  });

  it('refuses a file over the cap before downloading it, and a part that is not an attachment', async () => {
    const [first] = await listSavableAttachments(h.gmail, messageId);
    const before = h.fake.requestLog.length;
    await assert.rejects(readAttachmentBytes(h.gmail, messageId, first.partId, { maxBytes: 1024 }), (e: Error) => e instanceof SavedAttachmentError && /saves files up to/.test(e.message));
    assert.ok(!h.fake.requestLog.slice(before).some((e) => e.path.includes('/attachments/')), 'nothing downloaded');
    await assert.rejects(readAttachmentBytes(h.gmail, messageId, '0'), /no longer has attachment 0/);
  });
});
