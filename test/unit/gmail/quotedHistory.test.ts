import { strict as assert } from 'node:assert';
import { collapseQuotedHistory, MAX_TEXT_TO_PARSE } from '../../../src/gmail/quotedHistory';
import { stripInvisible } from '../../../src/gmail/textHygiene';

describe('gmail/quotedHistory', () => {
  it('leaves text without quotes untouched', () => {
    const text = 'Hello\n\nNo quotes here.\n-- \nSig';
    assert.deepEqual(collapseQuotedHistory(text), { text, collapsedLines: 0 });
  });

  it('collapses the tail of a very long reply when its parsed head ends in quoted history', () => {
    const quoted = Array.from({ length: 3000 }, (_, i) => `> old line ${i} with some words`).join('\n');
    const text = `Short answer.\n\nOn Mon, Jan 1, 2024 at 9:00 AM Bob <bob@example.com> wrote:\n${quoted}`;
    assert.ok(text.length > MAX_TEXT_TO_PARSE);
    const out = collapseQuotedHistory(text);
    assert.equal(out.text, `Short answer.\n\n[quoted history: ${out.collapsedLines} lines collapsed]`);
    assert.equal(out.collapsedLines, 3001);
  });

  it('keeps the tail of a very long message whose head is not quoted', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `line ${i} of a long report`).join('\n');
    assert.equal(collapseQuotedHistory(text).text, text);
  });

  it('strips invisible characters but keeps newlines and tabs', () => {
    assert.equal(stripInvisible('a\u200Bb\r\nc\td\u0007\u202E'), 'ab\nc\td');
  });
});
