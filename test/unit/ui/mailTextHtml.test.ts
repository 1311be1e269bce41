import * as assert from 'node:assert/strict';
import { mailTextHtml } from '../../../src/ui/shared/mailTextHtml';

describe('the page of the read-only mail-text view', () => {
  it('shows markup in mail as the characters it is: nothing becomes an element, a link or an image', () => {
    const text = 'Hi <b>Dana</b> <a href="https://evil.example">click</a> <img src="https://evil.example/p.png"> <script>alert(1)</script> & "quotes" \'too\'';
    const page = mailTextHtml(text);
    const body = /<body><pre>([\s\S]*)<\/pre><\/body>/.exec(page)?.[1] ?? '';
    assert.doesNotMatch(body, /[<>"']/, body);
    assert.equal(body.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'), text);
    assert.doesNotMatch(page, /<script|<a |<img|<link|<iframe/i);
  });

  it('a text that tries to close the <pre> and open a page of its own stays text', () => {
    const page = mailTextHtml('</pre></body><meta http-equiv="refresh" content="0;url=https://evil.example">');
    assert.equal(page.match(/<\/pre>/g)?.length, 1);
    assert.equal(page.match(/<meta /g)?.length, 2, 'only the charset and the policy');
  });

  it('forbids every source but inline style, whatever the text', () => {
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(mailTextHtml('x'))?.[1];
    assert.equal(policy, "default-src 'none'; style-src 'unsafe-inline'");
  });

  it('keeps line breaks and wraps long lines (no horizontal scrolling)', () => {
    const page = mailTextHtml('line one\nline two');
    assert.ok(page.includes('<pre>line one\nline two</pre>'));
    assert.match(page, /white-space: pre-wrap/);
  });
});
