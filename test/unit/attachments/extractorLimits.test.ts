import { strict as assert } from 'node:assert';
import { BoundedAttachmentExtractor, WorkerAttachmentExtractor } from '../../../src/mail/attachments/attachmentExtractor';
import { AttachmentExtractionError } from '../../../src/mail/attachments/extractedText';
import { bombDocx, plainDocx } from './hostileFiles';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const LIMITS = { maxPages: 50, maxChars: 100_000 };
const textFile = (n: number) => ({ bytes: new Uint8Array(Buffer.from(`note ${n}`)), mimeType: 'text/plain', filename: `n${n}.txt` });
const docxFile = (file: Buffer, name: string) => ({ bytes: new Uint8Array(file), mimeType: DOCX_TYPE, filename: name });

describe('attachments: extraction workers are bounded in number and memory (issue 23)', function () {
  this.timeout(120_000);

  it('five files read at once run at most two at a time (a worker each), and every one is read', async () => {
    const extractor = new BoundedAttachmentExtractor(new WorkerAttachmentExtractor({ timeLimitMs: 60_000 }), { maxConcurrent: 2 });
    const results = await Promise.all([0, 1, 2, 3, 4].map((n) => extractor.extract(textFile(n), LIMITS)));
    assert.deepEqual(results.map((r) => r.visibleText), ['note 0', 'note 1', 'note 2', 'note 3', 'note 4']);
    assert.equal(extractor.peakConcurrent, 2);
  });

  it('past the waiting room a read is refused at once with a clear error, and the others are read', async () => {
    const extractor = new BoundedAttachmentExtractor(new WorkerAttachmentExtractor({ timeLimitMs: 60_000 }), { maxConcurrent: 1, maxWaiting: 1 });
    const outcomes = await Promise.allSettled([0, 1, 2].map((n) => extractor.extract(textFile(n), LIMITS)));
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'fulfilled', 'rejected']);
    const refused = (outcomes[2] as PromiseRejectedResult).reason as AttachmentExtractionError;
    assert.ok(refused instanceof AttachmentExtractionError);
    assert.match(refused.message, /Too many attachments are being read at once/);
    assert.equal(extractor.peakConcurrent, 1);
  });

  it('a file that needs more than the worker\'s heap fails with a clear error, and the next file is read', async () => {
    const extractor = new WorkerAttachmentExtractor({ timeLimitMs: 60_000, maxHeapMb: 96 });
    // Within the archive bounds (6 MB of XML), but its document trees need far more than 96 MB of heap. Small
    // typed arrays: the heap fills with JS objects, which the cap stops cleanly (on Node 20 a typed array
    // allocation failing at the cap can abort the whole process, so the test does not go near one).
    const heavy = bombDocx({ megabytes: 6 });
    const error = await extractor.extract(docxFile(heavy, 'heavy.docx'), LIMITS).then(
      () => assert.fail('expected the heap cap to stop it'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof AttachmentExtractionError, String(error));
    assert.equal(error.failure, 'tooLarge');
    assert.match(error.message, /needs more memory to read than an attachment may use \(96 MB\)/);
    const next = await extractor.extract(docxFile(plainDocx('Still here.'), 'ok.docx'), LIMITS);
    assert.match(next.visibleText, /Still here\./);
  });
});
