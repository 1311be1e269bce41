import assert from 'node:assert/strict';
import { sanitizeHtml } from '../../../../src/mail/visibility/sanitize';
import { describeRemoval, sanitizeText } from '../../../../src/mail/visibility/sanitizeText';

const page = (body: string, head = ''): string => `<html><head>${head}</head><body>${body}</body></html>`;

describe('mail/visibility/sanitize', () => {
  describe('hidden HTML', () => {
    const hiddenCases: Array<[string, string, string]> = [
      ['display:none', '<div style="display:none">SECRET</div>', 'displayNone'],
      ['display:none with !important and odd spacing', '<div style="DISPLAY : none !important">SECRET</div>', 'displayNone'],
      ['visibility:hidden', '<p style="visibility:hidden">SECRET</p>', 'visibilityHidden'],
      ['font-size:0', '<span style="font-size:0">SECRET</span>', 'tinyFont'],
      ['font-size:1px', '<span style="font-size:1px">SECRET</span>', 'tinyFont'],
      ['font shorthand with zero size', '<span style="font:0/0 a">SECRET</span>', 'tinyFont'],
      ['opacity:0', '<p style="opacity:0">SECRET</p>', 'transparent'],
      ['compounded opacity', '<div style="opacity:.2"><p style="opacity:.2">SECRET</p></div>', 'transparent'],
      ['transparent colour', '<p style="color:transparent">SECRET</p>', 'transparent'],
      ['white on default white', '<p style="color:#fff">SECRET</p>', 'sameColourAsBackground'],
      ['near-white on white', '<p style="color:rgb(254,254,254)">SECRET</p>', 'sameColourAsBackground'],
      ['colour equal to an inherited table background', '<table bgcolor="#123456"><tr><td><font color="#123456">SECRET</font></td></tr></table>', 'sameColourAsBackground'],
      ['legacy bgcolor without #', '<table bgcolor="000000"><tr><td style="color:#000">SECRET</td></tr></table>', 'sameColourAsBackground'],
      ['hidden attribute', '<div hidden>SECRET</div>', 'hiddenAttribute'],
      ['zero height with overflow hidden', '<div style="max-height:0;overflow:hidden">SECRET</div>', 'zeroSize'],
      ['off-screen', '<div style="position:absolute;left:-9999px">SECRET</div>', 'offScreen'],
      ['text-indent off-screen', '<div style="text-indent:-10000px">SECRET</div>', 'offScreen'],
      ['clip rect 0', '<span style="position:absolute;clip:rect(0,0,0,0)">SECRET</span>', 'clipped'],
      ['transform scale 0', '<span style="transform:scale(0)">SECRET</span>', 'zeroSize'],
      ['malformed declaration before display:none', '<div style="color:red; garbage; display:none">SECRET</div>', 'displayNone'],
    ];
    for (const [name, body, reason] of hiddenCases) {
      it(`drops ${name}`, () => {
        const result = sanitizeHtml(page(`<p>Visible text.</p>${body}`));
        assert.equal(result.text.includes('SECRET'), false, result.text);
        assert.match(result.text, /Visible text\./);
        assert.ok((result.removed.hiddenByReason as Record<string, number>)[reason] >= 1, JSON.stringify(result.removed));
        assert.match(result.hiddenText, /SECRET/);
      });
    }

    it('drops elements hidden by a <style> rule, inside @media too (the reader\'s window is unknown: assume it applies)', () => {
      const head = '<style>.pre{display:none} .w{color:#ffffff} @media (max-width:600px){.mobile{display:none}}</style>';
      const result = sanitizeHtml(page('<div class="pre">PREHEADER</div><p class="w">WHITE</p><p class="mobile">MOBILE LAYOUT</p><p>SHOWN</p>', head));
      assert.equal(result.text.includes('PREHEADER'), false);
      assert.equal(result.text.includes('WHITE'), false);
      assert.equal(result.text.includes('MOBILE LAYOUT'), false);
      assert.match(result.text, /SHOWN/);
    });

    it('keeps text a child makes visible again', () => {
      const result = sanitizeHtml(page(
        '<div style="font-size:0"><span style="font-size:14px">SIZED</span></div>' +
        '<div style="visibility:hidden"><span style="visibility:visible">SHOWN</span></div>' +
        '<div style="background:#000;color:#fff">LIGHT ON DARK</div>' +
        '<div style="background:#223 url(x.png);color:#fff">ON AN IMAGE</div>' +
        '<p style="color:#999;font-size:11px">footer grey</p>',
      ));
      for (const visible of ['SIZED', 'SHOWN', 'LIGHT ON DARK', 'ON AN IMAGE', 'footer grey']) assert.match(result.text, new RegExp(visible));
      assert.equal(result.removed.hiddenElements, 0);
      // White on an image with no colour of its own: where the image is not (blocked, not loaded) the page's white
      // shows, and the text with it is unreadable; whether the image shows it is not ours to know (fail closed).
      const bare = sanitizeHtml(page('<div style="background:url(x.png);color:#fff">ON A BARE IMAGE</div><p>after</p>'));
      assert.doesNotMatch(bare.text, /ON A BARE IMAGE/);
    });

    it('does not read font-size:0.9em or opacity:0.9 as hidden', () => {
      const result = sanitizeHtml(page('<p style="font-size:0.9em">small print</p><p style="opacity:0.9">soft</p>'));
      assert.match(result.text, /small print/);
      assert.match(result.text, /soft/);
    });

    it('removes comments, scripts, styles, head and templates without counting them as hidden text', () => {
      const result = sanitizeHtml(page('<!-- C1 --><script>S1()</script><template>T1</template><noscript>N1</noscript><p>body</p>', '<title>TITLE</title><style>p{}</style>'));
      assert.equal(result.text, 'body');
      assert.equal(result.removed.comments, 1);
      assert.ok(result.removed.nonContentElements >= 4);
    });
  });

  describe('links and images', () => {
    it('shows the real link target with tracking parameters removed', () => {
      const result = sanitizeHtml(page('<a href="https://shop.example/p?id=7&amp;utm_source=nl&amp;utm_medium=email&amp;fbclid=x">Deal</a>'));
      assert.equal(result.text, 'Deal [https://shop.example/p?id=7]');
      assert.equal(result.removed.trackingParams, 3);
    });

    it('keeps the target visible when the link text pretends to be another address', () => {
      const result = sanitizeHtml(page('<a href="https://evil.example/login">https://bank.example</a>'));
      assert.match(result.text, /https:\/\/bank\.example \[https:\/\/evil\.example\/login\]/);
    });

    it('gives the alt text of an image a person sees the picture of to nobody, and never shows the image address', () => {
      const result = sanitizeHtml(page('<img src="https://track.example/p.gif?u=1" width="1" height="1"><img src="https://cdn.example/logo.png" alt="Acme logo">'));
      assert.equal(result.text, '');
      assert.equal(result.removed.remoteImages, 2);
      assert.equal(result.text.includes('track.example'), false);
    });

    it('marks the alt text of an image with no picture to show (a person reads the alt text there)', () => {
      for (const img of ['<img alt="Acme logo">', '<img src="" alt="Acme logo">', '<img src="javascript:x" alt="Acme logo">']) {
        assert.equal(sanitizeHtml(page(img)).text, '[image alt: Acme logo]', img);
      }
      for (const src of ['cid:logo@x', 'data:image/png;base64,AAAA', 'https://cdn.example/l.png']) {
        assert.equal(sanitizeHtml(page(`<img src="${src}" alt="Acme logo">`)).text, '', src);
      }
    });

    it('drops javascript: and data: link targets', () => {
      const result = sanitizeHtml(page('<a href="javascript:alert(1)">one</a> <a href="data:text/html,x">two</a>'));
      assert.equal(result.text.includes('javascript'), false);
      assert.equal(result.text.includes('data:'), false);
      assert.equal(result.removed.blockedLinks, 2);
    });

    it('strips tracking parameters from links written in plain text', () => {
      const result = sanitizeText('Read it at https://news.example/a?id=1&utm_campaign=x&gclid=y today');
      assert.equal(result.text, 'Read it at https://news.example/a?id=1 today');
      assert.equal(result.removed.trackingParams, 2);
    });
  });

  describe('invisible characters and normalisation', () => {
    it('joins words split by zero-width characters, in text and in HTML (also as entities)', () => {
      assert.equal(sanitizeText('ig\u200Bno\u200Cre\u2060 me').text, 'ignore me');
      assert.equal(sanitizeHtml(page('<p>ig&#8203;no&zwnj;re</p>')).text, 'ignore');
    });

    it('removes bidi controls and counts them', () => {
      const result = sanitizeText('abc\u202Edef\u202C\u2066ghi\u2069\u200E');
      assert.equal(result.text, 'abcdefghi');
      assert.equal(result.removed.invisibleChars, 5);
    });

    it('removes Unicode tag characters and decodes what they spelled for the detector only', () => {
      const smuggled = [...'send it'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
      const result = sanitizeText(`Hello${smuggled} there`);
      assert.equal(result.text, 'Hello there');
      assert.equal(result.hiddenText, 'send it');
    });

    it('keeps one emoji variation selector but removes variation-selector runs', () => {
      assert.equal(sanitizeText('ok \u2764\uFE0F').text, 'ok \u2764\uFE0F');
      assert.equal(sanitizeText('x\uFE00\uFE01\uFE02\u{E0100}\u{E0101}y').text, 'xy');
    });

    it('applies NFKC so fullwidth and styled letters read as plain ones', () => {
      assert.equal(sanitizeText('ｉｇｎｏｒｅ 𝐚𝐥𝐥 ﬁle').text, 'ignore all file');
    });

    it('collapses whitespace runs but keeps paragraphs', () => {
      assert.equal(sanitizeText('a   b\t\tc\n\n\n\n\nd  \n').text, 'a b c\n\nd');
    });
  });

  it('describes what it removed in one line', () => {
    const result = sanitizeHtml(page('<div style="display:none">x</div><p>a\u200Bb</p><a href="https://a.example/?utm_source=1">l</a>'));
    assert.match(describeRemoval(result.removed), /^withheld 1 hidden passage \(displayNone 1\), 1 invisible characters, 1 tracking parameters$/);
    assert.equal(describeRemoval(sanitizeText('plain').removed), 'nothing removed');
  });

  it('survives pathological nesting and cuts oversized input', () => {
    const deep = `${'<div>'.repeat(1500)}deep${'</div>'.repeat(1500)}`;
    // Deeper than any client renders: withheld, never flattened into view.
    const deepResult = sanitizeHtml(deep);
    assert.equal(deepResult.text, '');
    assert.match(deepResult.hiddenText, /deep/);
    assert.ok((deepResult.removed.hiddenByReason.nestedTooDeep ?? 0) >= 1);
    const result = sanitizeHtml(`<p>${'a'.repeat(200)}</p>`, { maxInputChars: 50 });
    assert.equal(result.removed.truncated, true);
  });

  it('rejects non-string input with a clear error', () => {
    assert.throws(() => sanitizeHtml(undefined as unknown as string), /sanitizeHtml: html must be a string/);
    assert.throws(() => sanitizeText(42 as unknown as string), /sanitizeText: text must be a string/);
  });
});
