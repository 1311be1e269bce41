import { strict as assert } from 'node:assert';
import { sanitizeHtml } from '../../../../src/mail/visibility/sanitize';

/**
 * Link targets are read as a browser's URL parser reads them (WHATWG URL Standard, basic URL parser): tabs and
 * newlines inside an href are dropped and its ends trimmed. A target broken over lines by a mail program stays one
 * target (its pieces do not interleave with the text around it), and a scheme split by a newline is still seen.
 */
describe('visibility: href values as the URL parser reads them', () => {
  it('joins a target broken over lines', () => {
    const html = '<p><a href="http://example.com/products/re\n\n\nviews/0,4161,00.html">Read the reviews</a> of printers.</p>';
    const { text } = sanitizeHtml(html);
    assert.match(text, /\[http:\/\/example\.com\/products\/reviews\/0,4161,00\.html\]/);
    assert.doesNotMatch(text, /re\s+views/);
  });

  it('sees a script link whose scheme is split by a newline or led by spaces', () => {
    for (const href of ['java\nscript:alert(1)', '  \tjavascript:alert(1)', 'jav&#x09;ascript:alert(1)']) {
      const { text, removed } = sanitizeHtml(`<p><a href="${href}">click</a></p>`);
      assert.equal(removed.blockedLinks, 1, href);
      assert.doesNotMatch(text, /script/i, href);
    }
  });
});
