import { strict as assert } from 'node:assert';
import { markdownToHtml } from '../../../src/mail/markdownBody';

describe('gmail: the HTML part of a markdown body', () => {
  it('renders markdown: headings, emphasis, lists, code, quotes and web links', () => {
    const html = markdownToHtml('# Plan\n\n- **one**\n- `two`\n\n> quoted\n\n[site](https://example.com/a?b=1) <mailto:me@example.com>');
    assert.match(html, /^<!DOCTYPE html><html><head><meta charset="utf-8"><\/head><body>/);
    assert.match(html, /<h1>Plan<\/h1>/);
    assert.match(html, /<li><strong>one<\/strong><\/li>\n<li><code>two<\/code><\/li>/);
    assert.match(html, /<blockquote>\n<p>quoted<\/p>/);
    assert.match(html, /<a href="https:\/\/example\.com\/a\?b=1">site<\/a>/);
    assert.match(html, /<a href="mailto:me@example\.com">/);
  });

  it('passes no raw HTML: tags and attributes in the source come out as text', () => {
    const html = markdownToHtml('<img src=x onerror=alert(1)>\n\n<a href="https://evil.example">click</a> <b>bold</b>');
    assert.doesNotMatch(html, /<img|<a href="https:\/\/evil|<b>/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  it('links only to http(s) and mailto: other schemes and relative URLs stay text', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', 'vscode://command', 'command:workbench.action.quit', '/relative']) {
      const html = markdownToHtml(`[x](${url}) ![y](${url})`);
      assert.doesNotMatch(html, /<a |<img /, url);
    }
  });
});
