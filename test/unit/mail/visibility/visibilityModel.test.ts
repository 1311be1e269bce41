import { strict as assert } from 'node:assert';
import { sanitizeHtml } from '../../../../src/mail/visibility/sanitize';

/**
 * The visibility model proves text visible rather than assuming it: each technique below hid its marker from a
 * person in Chromium and reached the model before; each ordinary construct beside it keeps its text. The
 * generator-driven check against Chromium (visibilityDifferential.test.ts) looks for what these lists miss.
 */

const CONTROL = 'Your order has shipped and arrives on Tuesday.';
const page = (body: string, css = '') => `<!doctype html><html><head><style>${css}</style></head><body><p>${CONTROL}</p>${body}</body></html>`;

function assertHidden(html: string, marker: string, reason?: string): void {
  const result = sanitizeHtml(html);
  assert.ok(!result.text.includes(marker), `${marker} reached the model:\n${result.text}`);
  assert.ok(result.text.includes(CONTROL), `the visible text was lost:\n${result.text}`);
  assert.ok(result.hiddenPassages.some((p) => p.text.includes(marker)), `${marker} is not among the withheld passages`);
  if (reason) assert.ok(result.hiddenPassages.some((p) => p.text.includes(marker) && p.reason === reason), `${marker} not withheld as ${reason}: ${JSON.stringify(result.hiddenPassages)}`);
}

function assertShown(html: string, marker: string): void {
  const result = sanitizeHtml(html);
  assert.ok(result.text.includes(marker), `${marker} was withheld (${JSON.stringify(result.hiddenPassages)}):\n${result.text}`);
}

describe('guard/visibility model: visible is proven, not assumed', () => {
  describe('elements a mail client does not render, or not by default', () => {
    it('a closed <details> shows its summary only', () => {
      const html = page('<details><summary>SHOWNSUMMARY</summary><p>HIDDENDETAILS</p>HIDDENLOOSE</details>');
      assertHidden(html, 'HIDDENDETAILS', 'notRendered');
      assertHidden(html, 'HIDDENLOOSE', 'notRendered');
      assertShown(html, 'SHOWNSUMMARY');
      assertShown(page('<details open><summary>s</summary><p>SHOWNOPEN</p></details>'), 'SHOWNOPEN');
    });

    it('a <dialog> without open, <rp>, <noembed>, <noframes>, <template>, <noscript>, <datalist>', () => {
      assertHidden(page('<dialog>HIDDENDIALOG</dialog>'), 'HIDDENDIALOG', 'notRendered');
      assertShown(page('<dialog open>SHOWNDIALOG</dialog>'), 'SHOWNDIALOG');
      assertHidden(page('<ruby>kan<rp>HIDDENRP</rp><rt>SHOWNRT</rt></ruby>'), 'HIDDENRP', 'notRendered');
      assertShown(page('<ruby>kan<rp>(</rp><rt>SHOWNRT</rt><rp>)</rp></ruby>'), 'SHOWNRT');
      assertHidden(page('<noembed>HIDDENNOEMBED</noembed>'), 'HIDDENNOEMBED');
      assertHidden(page('<noframes>HIDDENNOFRAMES</noframes>'), 'HIDDENNOFRAMES');
      for (const [tag, marker] of [['template', 'HIDDENTEMPLATE'], ['noscript', 'HIDDENNOSCRIPT'], ['datalist', 'HIDDENDATALIST']]) {
        const result = sanitizeHtml(page(`<${tag}>${marker}</${tag}>`));
        assert.ok(!result.text.includes(marker), tag);
      }
    });

    it('an element it does not know is withheld and noted; Office namespaced tags are shown', () => {
      assertHidden(page('<x-widget>HIDDENCUSTOM</x-widget>'), 'HIDDENCUSTOM', 'unknownElement');
      assertHidden(page('<blorp>HIDDENUNKNOWN</blorp>'), 'HIDDENUNKNOWN', 'unknownElement');
      assertShown(page('<p class="MsoNormal">SHOWNOFFICE<o:p></o:p></p>'), 'SHOWNOFFICE');
    });
  });

  describe('selectors the cascade cannot evaluate: the rule applies wherever it could match', () => {
    for (const [name, selector] of [
      [':lang()', '.m:lang(en)'],
      [':dir()', '.m:dir(ltr)'],
      [':defined', '.m:defined'],
      ['an unknown pseudo-class', '.m:frobnicated'],
      [':not() around one', '.m:not(:lang(fr))'],
      [':is() with one', '.m:is(:lang(en), :dir(rtl))'],
      [':nth-child(of S)', '.m:nth-child(1 of span)'],
      ['a pseudo-class with a selector argument it does not know', '.m:host-context(div)'],
    ] as const) {
      it(`${name}: ${selector}`, () => {
        assertHidden(page('<div lang="en"><span class="m">HIDDENSELECTOR</span></div>', `${selector}{display:none}`), 'HIDDENSELECTOR');
      });
    }

    it('such a rule adds hiding but never takes it away', () => {
      assertHidden(page('<span class="m">HIDDENREVEAL</span>', '.m{display:none} .m:lang(en){display:inline}'), 'HIDDENREVEAL');
      assertHidden(page('<span class="m">HIDDENPRINT</span>', '.m{display:none} @media print{.m{display:inline}}'), 'HIDDENPRINT');
    });

    it('states a person does not start in never match, and rules that do not hide leave the text alone', () => {
      assertShown(page('<span class="m">SHOWNHOVER</span>', '.m:hover{display:none}'), 'SHOWNHOVER');
      assertHidden(page('<span class="m">HIDDENNOTHOVER</span>', '.m:not(:hover){display:none}'), 'HIDDENNOTHOVER');
      assertShown(page('<span class="m">SHOWNBOLD</span>', '.m:lang(en){font-weight:bold;color:#c00}'), 'SHOWNBOLD');
    });

    it('cascade layers: an earlier layer wins !important, the unlayered rule wins normal declarations', () => {
      assertHidden(page('<span class="m">HIDDENLAYER</span>', '@layer a{.m{display:none !important}} .m{display:inline !important}'), 'HIDDENLAYER');
      assertShown(page('<span class="m">SHOWNLAYER</span>', '@layer a{.m{display:none}} .m{display:inline}'), 'SHOWNLAYER');
    });

    it('an invalid later value does not undo a valid one', () => {
      assertHidden(page('<span class="m">HIDDENINVALID</span>', '.m{display:none;display:frobnicate}'), 'HIDDENINVALID');
    });
  });

  describe('pseudo-elements', () => {
    it('::first-line and ::first-letter rules that could hide text withhold the element', () => {
      assertHidden(page('<div class="m">HIDDENFIRSTLINE</div>', '.m::first-line{color:#fff}'), 'HIDDENFIRSTLINE', 'firstLine');
      assertHidden(page('<div class="m">HIDDENFIRSTLEGACY</div>', '.m:first-line{font-size:0}'), 'HIDDENFIRSTLEGACY', 'firstLine');
      assertHidden(page('<div class="m">HIDDENFIRSTLETTER</div>', '.m::first-letter{color:white}'), 'HIDDENFIRSTLETTER', 'firstLine');
      assertShown(page('<div class="m">SHOWNFIRSTLINE</div>', '.m::first-line{color:#333;font-weight:bold}'), 'SHOWNFIRSTLINE');
    });

    it('a ::before/::after box laid over the element withholds what it covers', () => {
      const css = '.m{position:relative}.m::after{content:"";position:absolute;inset:0;background:#fff}';
      assertHidden(page('<div class="m">HIDDENAFTER</div>', css), 'HIDDENAFTER', 'covered');
      assertShown(page('<div class="m">SHOWNBEFORE</div>', '.m::before{content:"Note: "}'), 'SHOWNBEFORE');
    });
  });

  describe('clipping by an ancestor', () => {
    it('text past the height of a box that clips it', () => {
      assertHidden(page('<div style="overflow:hidden;height:18px;line-height:18px">first line<br>second line<br>HIDDENTHIRD</div>'), 'HIDDENTHIRD', 'clipped');
      assertShown(page('<div style="overflow:hidden;height:200px;line-height:18px">first line<br>SHOWNTALL</div>'), 'SHOWNTALL');
    });

    it('a box moved within a box that clips (offsets, negative margins, indents, transforms)', () => {
      for (const inner of [
        '<span style="position:absolute;left:320px">HIDDENMOVED</span>',
        '<p style="margin-top:-120px">HIDDENMOVED</p>',
        '<p style="text-indent:-200px">HIDDENMOVED</p>',
        '<span style="display:inline-block;transform:translateX(400px)">HIDDENMOVED</span>',
      ]) {
        assertHidden(page(`<div style="overflow:hidden;position:relative;width:300px;height:40px">${inner}</div>`), 'HIDDENMOVED');
      }
    });

    it('long unwrapped text past the width of a box that clips it', () => {
      assertHidden(page(`<div style="overflow:hidden;width:120px;white-space:nowrap">${'words '.repeat(20)}<span>HIDDENNOWRAP</span></div>`), 'HIDDENNOWRAP', 'clipped');
    });

    it('any clipping shape', () => {
      assertHidden(page('<div style="clip-path:inset(0 0 50% 0)">line<br>HIDDENCLIPPATH</div>'), 'HIDDENCLIPPATH', 'clipped');
    });
  });

  describe('a box that may lie over the text', () => {
    it('a positioned box laid over text, opaque or not', () => {
      assertHidden(page('<div style="position:relative"><p>HIDDENUNDER</p><div style="position:absolute;left:0;top:0;width:100%;height:100%;background:#fff"></div></div>'), 'HIDDENUNDER', 'covered');
    });

    it('an inline box or a moved box pulled up over the text before it', () => {
      assertHidden(page('<div><p style="margin:0">HIDDENPULLED</p><div style="display:inline-block;width:600px;height:30px;margin-top:-25px;background:#fff"></div></div>'), 'HIDDENPULLED', 'covered');
      assertHidden(page('<div><p style="margin:0">HIDDENSHIFTED</p><div style="transform:translateY(-20px);height:30px;background:#fff"></div></div>'), 'HIDDENSHIFTED', 'covered');
    });

    it('a box withheld for where it lies still covers; several boxes cover one another', () => {
      assertHidden(page('<div style="overflow:hidden;max-height:200px"><div style="position:relative"><div>HIDDENUNDERCLIPPED</div><div style="position:absolute;left:0;top:0">over it</div></div></div>'), 'HIDDENUNDERCLIPPED', 'covered');
      const html = `<p>${CONTROL}</p><div><span style="position:relative;left:30px">HIDDENMOVEDUNDER</span></div><div style="position:fixed;inset:0;background:#fff"></div>`;
      const result = sanitizeHtml(`<html><body>${html}</body></html>`);
      assert.ok(!result.text.includes('HIDDENMOVEDUNDER'), result.text);
    });

    it('a positioned element under its ancestors (negative z-index)', () => {
      assertHidden(page('<div style="background:#fff"><span style="position:relative;z-index:-1">HIDDENZINDEX</span></div>'), 'HIDDENZINDEX', 'covered');
    });

    it('a float or an in-flow block pulled up paints under the text: the text stays', () => {
      assertShown(page('<div><p style="margin:0">SHOWNFLOAT</p><div style="float:left;width:600px;height:30px;margin-top:-20px;background:#fff"></div></div>'), 'SHOWNFLOAT');
      assertShown(page('<div><p style="margin:0">SHOWNBLOCK</p><div style="height:30px;margin-top:-20px;background:#fff"></div></div>'), 'SHOWNBLOCK');
    });
  });

  describe('spacing, indents and transforms', () => {
    it('letters or words laid over one another or scattered', () => {
      assertHidden(page('<span style="letter-spacing:-1em">HIDDENLETTERS</span>'), 'HIDDENLETTERS', 'spacing');
      assertHidden(page('<span style="word-spacing:-9999px">HIDDENWORDS and more</span>'), 'HIDDENWORDS', 'spacing');
      assertShown(page('<span style="letter-spacing:0.1em;word-spacing:4px">SHOWNSPACED</span>'), 'SHOWNSPACED');
    });

    it('text pushed past the left edge by a negative indent, margin or offset, but not a hanging indent', () => {
      assertHidden(page('<div style="text-indent:-100px">HIDDENINDENT</div>'), 'HIDDENINDENT', 'offScreen');
      // Moved, it may lie over its parent's other text too: wrapped, so that the control keeps its own.
      assertHidden(page('<div><div style="position:relative;left:-60px">HIDDENLEFT</div></div>'), 'HIDDENLEFT', 'offScreen');
      assertHidden(page('<div style="padding-left:2000px">HIDDENRIGHT</div>'), 'HIDDENRIGHT', 'offScreen');
      assertShown(page('<p style="margin-left:.5in;text-indent:-.25in">SHOWNHANGING</p>'), 'SHOWNHANGING');
    });

    it('prefixed transforms, 3D rotations, near-right-angle skews and scaling out of the pane', () => {
      assertHidden(page('<span style="display:inline-block;-webkit-transform:scale(0)">HIDDENWEBKIT</span>'), 'HIDDENWEBKIT');
      assertHidden(page('<span style="display:inline-block;rotate:y 90deg">HIDDENROTATE</span>'), 'HIDDENROTATE');
      assertHidden(page('<span style="display:inline-block;transform:skewX(89.9deg)">HIDDENSKEW</span>'), 'HIDDENSKEW');
      assertShown(page('<span style="display:inline-block;transform:rotate(3deg)">SHOWNROTATED</span>'), 'SHOWNROTATED');
    });
  });

  describe('properties it does not evaluate fail closed; harmless ones do not', () => {
    it('an unknown property withholds, a typeface or border does not', () => {
      assertHidden(page('<span style="frobnicate-text:away">HIDDENUNKNOWNPROP</span>'), 'HIDDENUNKNOWNPROP', 'unevaluatedStyle');
      assertHidden(page('<span style="mix-blend-mode:screen">HIDDENBLEND</span>'), 'HIDDENBLEND', 'unevaluatedStyle');
      assertHidden(page('<span style="animation:fade 0s forwards">HIDDENANIMATED</span>'), 'HIDDENANIMATED', 'unevaluatedStyle');
      assertShown(
        page('<span style="font-family:Arial;font-weight:bold;border:1px solid #ccc;padding:4px;mso-line-height-rule:exactly;-webkit-text-size-adjust:100%">SHOWNPLAIN</span>'),
        'SHOWNPLAIN',
      );
    });

    it('all: resets a property the way a browser does', () => {
      assertShown(page('<div style="color:#fff"><span style="all:initial">SHOWNINITIAL</span></div>'), 'SHOWNINITIAL');
      assertShown(page('<span class="m">SHOWNUNSET</span>', '.m{display:none} .m{all:unset}'), 'SHOWNUNSET');
      assertHidden(page('<div style="font-size:0"><span style="all:inherit">HIDDENINHERIT</span></div>'), 'HIDDENINHERIT');
    });
  });

  describe('the HTML parser is the browser\'s', () => {
    it('text after </body> and cells outside a row are where a browser puts them', () => {
      assertShown(`<html><body><p>${CONTROL}</p></body></html><p>SHOWNAFTERBODY</p>`, 'SHOWNAFTERBODY');
      assertShown(page('<table><tr><td>a</td></tr><td>SHOWNSTRAYCELL</td></table>'), 'SHOWNSTRAYCELL');
      assertShown(page('<table><caption>SHOWNCAPTION</caption><tr><td>a</td></tr></table>'), 'SHOWNCAPTION');
    });
  });
});
