import { strict as assert } from 'node:assert';
import { MARKDOWN_FORMAT_LINE, attachmentEntry, parseOutgoingDocument, renderOutgoingDocument } from '../../../src/writes/outgoingDocument';

const preview = {
  from: 'me@example.com',
  to: ['Bob <bob@example.com>'],
  cc: [],
  bcc: [],
  subject: 'Figures',
  body: 'See attached.\n\nAttachments: not a header down here',
  bodyFormat: 'markdown' as const,
  attachments: [
    { filename: 'q3.csv', mimeType: 'text/csv', size: 4096, sha256: 'ab'.repeat(32) },
    { filename: 'plan (final).pdf', mimeType: 'application/pdf', size: 3 * 1024 * 1024, sha256: 'cd'.repeat(32) },
  ],
};

describe('writes: the outgoing document with attachment lines and a Format line', () => {
  it('renders one line an attachment with type, size and short hash, and reads the same lines back', () => {
    const text = renderOutgoingDocument(preview);
    assert.equal(
      text,
      [
        'From: me@example.com',
        'To: bob@example.com (Bob)',
        'Cc: ',
        'Bcc: ',
        'Subject: Figures',
        `Format: ${MARKDOWN_FORMAT_LINE}`,
        'Attachments:',
        '  q3.csv (text/csv, 4.0 KB, sha256 abababababab)',
        '  plan (final).pdf (application/pdf, 3.0 MB, sha256 cdcdcdcdcdcd)',
        '',
        'See attached.',
        '',
        'Attachments: not a header down here',
      ].join('\n'),
    );
    const fields = parseOutgoingDocument(text);
    assert.deepEqual(fields.attachments, ['q3.csv (text/csv, 4.0 KB, sha256 abababababab)', 'plan (final).pdf (application/pdf, 3.0 MB, sha256 cdcdcdcdcdcd)']);
    assert.equal(fields.format, MARKDOWN_FORMAT_LINE);
    assert.equal(fields.body, preview.body);
  });

  it('a deleted line is gone from what is read back; "(none)", an empty header or no header at all keep none', () => {
    const text = renderOutgoingDocument(preview);
    assert.deepEqual(parseOutgoingDocument(text.replace(/^ {2}q3\.csv.*\n/m, '')).attachments, ['plan (final).pdf (application/pdf, 3.0 MB, sha256 cdcdcdcdcdcd)']);
    const block = /^Attachments:\n(?: {2}.*\n)+/m;
    assert.deepEqual(parseOutgoingDocument(text.replace(block, 'Attachments: (none)\n')).attachments, []);
    assert.deepEqual(parseOutgoingDocument(text.replace(block, 'Attachments:\n')).attachments, []);
    assert.deepEqual(parseOutgoingDocument(text.replace(block, '')).attachments, []);
    // Joined onto the header line, an entry still counts as one (the pipeline matches it like the others).
    assert.deepEqual(parseOutgoingDocument(text.replace('Attachments:\n  ', 'Attachments: ')).attachments.length, 2);
  });

  it('an attachment name shows its invisible or bidi characters as escapes (the name sent), and its line still matches when read back', () => {
    const spoofed = { filename: 'invoice\u202Efdp.exe', mimeType: 'application/octet-stream', size: 10, sha256: 'ef'.repeat(32) };
    const text = renderOutgoingDocument({ ...preview, attachments: [spoofed] });
    assert.match(text, /^ {2}invoice\\u202Efdp\.exe \(application\/octet-stream, 10 B, sha256 efefefefefef\)$/m);
    assert.deepEqual(parseOutgoingDocument(text).attachments, [attachmentEntry(spoofed)]);
  });

  it('without attachments or markdown: "Attachments: (none)" and no Format line', () => {
    const text = renderOutgoingDocument({ ...preview, bodyFormat: undefined, attachments: [] });
    assert.match(text, /^Subject: Figures\nAttachments: \(none\)\n\n/m);
    assert.doesNotMatch(text, /^Format:/m);
    assert.equal(parseOutgoingDocument(text).format, undefined);
  });

  it('only To, Cc, Bcc and Attachments continue on indented lines', () => {
    const text = renderOutgoingDocument(preview).replace('Subject: Figures', 'Subject: Figures\n  more subject');
    assert.throws(() => parseOutgoingDocument(text), /only To, Cc, Bcc and Attachments may continue/);
  });
});
