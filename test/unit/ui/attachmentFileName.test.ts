import * as assert from 'node:assert/strict';
import { FALLBACK_FILE_NAME, MAX_FILE_NAME_BYTES, suggestedFileName } from '../../../src/ui/message/attachmentFileName';

describe('the file name suggested when saving an attachment', () => {
  it('keeps an ordinary name as the sender wrote it', () => {
    assert.equal(suggestedFileName('Ticket_ICE1025.pdf'), 'Ticket_ICE1025.pdf');
    assert.equal(suggestedFileName('Q3 report (final).xlsx'), 'Q3 report (final).xlsx');
    assert.equal(suggestedFileName('Übersicht März.docx'), 'Übersicht März.docx');
    assert.equal(suggestedFileName('archive.tar.gz'), 'archive.tar.gz', 'a double extension that runs nothing stays');
  });

  it('names one file in the chosen folder: separators and .. do not climb out', () => {
    assert.equal(suggestedFileName('../../.bashrc'), 'bashrc');
    assert.equal(suggestedFileName('..\\..\\Windows\\System32\\drivers\\etc\\hosts'), 'hosts');
    assert.equal(suggestedFileName('/etc/passwd'), 'passwd');
    assert.equal(suggestedFileName('C:\\Users\\me\\report.pdf'), 'report.pdf');
    assert.equal(suggestedFileName('reports/'), 'reports');
    assert.equal(suggestedFileName('..'), FALLBACK_FILE_NAME);
    assert.equal(suggestedFileName('../..'), FALLBACK_FILE_NAME);
    // Look-alikes of the separators (fullwidth solidus, division slash) are separators after NFKC or replaced.
    assert.equal(suggestedFileName('..／..／evil.sh'), 'evil.sh');
    assert.ok(!/[\\/]/.test(suggestedFileName('a\u2215b\uFF3Cc.txt')));
  });

  it('is never hidden: leading dots go', () => {
    assert.equal(suggestedFileName('.env'), 'env');
    assert.equal(suggestedFileName('...profile.txt'), 'profile.txt');
    assert.equal(suggestedFileName(' . .ssh'), 'ssh');
  });

  it('drops control, bidi and invisible characters (the right-to-left override trick shows its real extension)', () => {
    assert.equal(suggestedFileName('invoice\u202Efdp.exe'), 'invoicefdp.exe');
    assert.equal(suggestedFileName('pay\u200Broll\uFEFF.pdf'), 'payroll.pdf');
    assert.equal(suggestedFileName('line\nbreak\r\tand\u0007bell.txt'), 'line break andbell.txt');
    assert.equal(suggestedFileName('tag\u{E0041}\u{E0042}.txt'), 'tag.txt');
    assert.equal(suggestedFileName('\u2066\u2069\u200E'), FALLBACK_FILE_NAME);
  });

  it('replaces characters Windows forbids', () => {
    assert.equal(suggestedFileName('what? <now>: "yes" | *.txt'), 'what_ _now__ _yes_ _ _.txt');
  });

  it('steps around the device names Windows reserves, with or without an extension', () => {
    assert.equal(suggestedFileName('CON'), '_CON');
    assert.equal(suggestedFileName('nul.txt'), '_nul.txt');
    assert.equal(suggestedFileName('Com1.tar.gz'), '_Com1.tar.gz');
    assert.equal(suggestedFileName('LPT\u00B9.log'), '_LPT1.log', 'superscript digits are digits to Windows');
    assert.equal(suggestedFileName('console.txt'), 'console.txt');
    assert.equal(suggestedFileName('CONTRACT.pdf'), 'CONTRACT.pdf');
  });

  it('drops trailing dots and spaces, which Windows would silently drop', () => {
    assert.equal(suggestedFileName('report.pdf. . '), 'report.pdf');
    assert.equal(suggestedFileName('notes...'), 'notes');
  });

  it('keeps the real extension of an executable but breaks a decoy in front of it', () => {
    assert.equal(suggestedFileName('invoice.pdf.exe'), 'invoice_pdf.exe');
    assert.equal(suggestedFileName('photo.JPG.scr'), 'photo_JPG.scr');
    assert.equal(suggestedFileName('statement.pdf     .js'), 'statement_pdf.js');
    assert.equal(suggestedFileName('setup.exe'), 'setup.exe', 'a single extension says what it is');
    assert.equal(suggestedFileName('readme.txt.pdf'), 'readme.txt.pdf', 'nothing runs a PDF');
  });

  it('fits the length limit, cutting the name and keeping the extension whole', () => {
    const long = `${'Résumé '.repeat(60)}.pdf`;
    const cut = suggestedFileName(long);
    assert.ok(Buffer.byteLength(cut, 'utf8') <= MAX_FILE_NAME_BYTES, `${Buffer.byteLength(cut, 'utf8')} bytes`);
    assert.match(cut, /^Résumé Résumé .*[^ .]\.pdf$/);
    const emoji = suggestedFileName(`${'😀'.repeat(100)}.txt`);
    assert.ok(Buffer.byteLength(emoji, 'utf8') <= MAX_FILE_NAME_BYTES);
    assert.ok(!emoji.includes('\uFFFD'), 'no code point cut in half');
    assert.match(emoji, /^(😀)+\.txt$/u);
    assert.equal(suggestedFileName(`.${'x'.repeat(300)}`).length, MAX_FILE_NAME_BYTES);
  });

  it('suggests "attachment" when nothing usable is left', () => {
    for (const name of [undefined, '', '   ', '...', '/', '\u202E', '. .']) assert.equal(suggestedFileName(name), FALLBACK_FILE_NAME, JSON.stringify(name));
  });
});
