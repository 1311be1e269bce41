import { strict as assert } from 'node:assert';
import { collapseQuotedHistory, MAX_TEXT_TO_PARSE, snippetWithoutDeviceSignOff, withoutDeviceSignOff } from '../../../src/mail/quotedHistory';
import { stripInvisible } from '../../../src/mail/textHygiene';

describe('mail/quotedHistory', () => {
  it('reads bodies padded with long runs of blank or whitespace-only lines (which made the parser quadratic) and still collapses their quotes', function () {
    // 30 KB of blank lines took the parser 10 s before the lines were tidied; the timeout is a tripwire, not a benchmark.
    this.timeout(10_000);
    for (const padding of ['\n', ' \n', '\r\n', '\u00a0\n', '\t \n', '\u2028']) {
      const body = `Thanks, see below.${padding.repeat(30_000)}\nOn Mon, 1 Jan 2024 at 10:00, Alice <alice@example.com> wrote:\n> the old text\n> more old text\n`;
      const result = collapseQuotedHistory(body);
      assert.equal(result.collapsedLines, 3, JSON.stringify(padding));
      assert.match(result.text, /^Thanks, see below\.\n\n\[3 quoted lines collapsed\]$/, JSON.stringify(padding));
    }
  });

  it('leaves text without quotes untouched', () => {
    const text = 'Hello\n\nNo quotes here.\n-- \nSig';
    assert.deepEqual(collapseQuotedHistory(text), { text, collapsedLines: 0 });
  });

  it('collapses the tail of a very long reply when its parsed head ends in quoted history', () => {
    const quoted = Array.from({ length: 3000 }, (_, i) => `> old line ${i} with some words`).join('\n');
    const text = `Short answer.\n\nOn Mon, Jan 1, 2024 at 9:00 AM Bob <bob@example.com> wrote:\n${quoted}`;
    assert.ok(text.length > MAX_TEXT_TO_PARSE);
    const out = collapseQuotedHistory(text);
    assert.equal(out.text, `Short answer.\n\n[${out.collapsedLines} quoted lines collapsed]`);
    assert.equal(out.collapsedLines, 3001);
  });

  it('keeps the tail of a very long message whose head is not quoted', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `line ${i} of a long report`).join('\n');
    assert.equal(collapseQuotedHistory(text).text, text);
  });

  it('drops a mail app\'s stock sign-off at the end of the reply, and nothing else', () => {
    const quote = '\n\nOn Fri, Mar 1, 2024 at 9:00 AM Ann <ann@example.com> wrote:\n> Coming?\n> Let me know.\n';
    assert.deepEqual(collapseQuotedHistory(`We're in!\n\nSent from my iPhone${quote}`), { text: "We're in!\n\n[3 quoted lines collapsed]", collapsedLines: 3 });
    // Apple Mail quotes the attribution line as well.
    assert.equal(collapseQuotedHistory('Yes.\n\nSent from my iPad\n\n> On 1 Mar 2024, at 09:00, Ann wrote:\n> \n> Coming?\n').text, 'Yes.\n\n[3 quoted lines collapsed]');
    // Without quoted history, and the other phrases the apps use.
    for (const signOff of [
      'Sent from my iPhone',
      'Sent from my Samsung Galaxy S23 Ultra',
      'Sent from Outlook for iOS',
      'Get Outlook for Android<https://aka.ms/ghei36>',
      'Sent from Mail for Windows',
      'Von meinem iPhone gesendet',
      'Envoyé de mon iPhone',
      'Enviado desde mi iPhone',
      'Inviato da iPhone',
      'Verstuurd vanaf mijn iPad',
    ]) {
      assert.equal(collapseQuotedHistory(`See you at 10.\n\nAnn\n\n${signOff}\n`).text, 'See you at 10.\n\nAnn', signOff);
    }
    // What the sender wrote stays: the phrase inside a sentence, a line that goes on, one that is not last, and a
    // reply that is nothing but the sign-off (something beats nothing); so do ordinary signatures.
    for (const text of [
      'I sent from my iPhone the photos you asked for.',
      'See you.\n\nSent from my iPhone while on the train, sorry for typos',
      'Sent from my iPhone\n\nThe real text comes after it.',
      'Sent from my iPhone',
      'Thanks!\n\n--\nAnn Lee\nHead of Sales, +1 555 0100',
      'Thanks!\n\nBest regards,\nAnn',
    ]) {
      assert.equal(collapseQuotedHistory(text).text, text, text);
    }
    assert.equal(withoutDeviceSignOff('Sent from my iPhone'), 'Sent from my iPhone');
    // Forwarded content is the message itself: only the forwarder's sign-off goes.
    const forward = 'FYI\n\nSent from my iPhone\n\nBegin forwarded message:\n\nFrom: Bob\nSent from my iPhone';
    assert.equal(collapseQuotedHistory(forward).text, 'FYI\n\nBegin forwarded message:\n\nFrom: Bob\nSent from my iPhone');
  });

  it('drops a stock sign-off at the end of a one-line preview', () => {
    assert.equal(snippetWithoutDeviceSignOff('Here is the view from the dock. Sent from my iPhone'), 'Here is the view from the dock.');
    assert.equal(snippetWithoutDeviceSignOff('Ja, passt. Von meinem iPhone gesendet'), 'Ja, passt.');
    assert.equal(snippetWithoutDeviceSignOff('Sent from my iPhone'), 'Sent from my iPhone');
    assert.equal(snippetWithoutDeviceSignOff('I will bring the phone I sent from my iPhone'), 'I will bring the phone I sent from my iPhone');
  });

  it('strips invisible characters but keeps newlines and tabs', () => {
    assert.equal(stripInvisible('a\u200Bb\r\nc\td\u0007\u202E'), 'ab\nc\td');
  });
});
