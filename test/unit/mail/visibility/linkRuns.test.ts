import { strict as assert } from 'node:assert';
import { sanitizeHtml } from '../../../../src/mail/visibility/sanitize';

/** A link cut into pieces by a mail editor reads as the one link a person sees: its target once, or not at all. */
describe('guard: runs of links to one target', () => {
  it('joins pieces of one link, so a URL written out in full is not repeated', () => {
    const { text } = sanitizeHtml('<p>Visit <a href="http://x.example/page.cfm">http://x.example/page.</a><a href="http://x.example/page.cfm">cfm</a> now.</p>');
    assert.equal(text, 'Visit http://x.example/page.cfm now.');
  });

  it('joins pieces across whitespace and keeps the target once when the text is not it', () => {
    const { text } = sanitizeHtml('<p><a href="https://shop.example/sale">Winter</a> <a href="https://shop.example/sale">sale</a></p>');
    assert.equal(text, 'Winter sale [https://shop.example/sale]');
  });

  it('leaves links to different targets, and text between links, as they are', () => {
    const { text } = sanitizeHtml('<p><a href="https://a.example/">one</a> <a href="https://b.example/">two</a> and <a href="https://b.example/">two</a>, <a href="https://b.example/">again</a></p>');
    assert.equal(text, 'one [https://a.example/] two [https://b.example/] and two [https://b.example/], again [https://b.example/]');
  });

  it('never lets a piece that names another site hide the real target', () => {
    const { text } = sanitizeHtml('<p><a href="https://evil.example/login">https://bank.</a><a href="https://evil.example/login">example/login</a></p>');
    assert.match(text, /\[https:\/\/evil\.example\/login\]/);
  });
});
